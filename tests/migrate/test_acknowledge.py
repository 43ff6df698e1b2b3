"""Acknowledgements in migrations: what they cover, when they accept a finding, what is wrong
with them; and the revision text `migrate make` writes from a message."""

from __future__ import annotations

import ast

import pytest

from scaffold.migrate import acknowledge
from scaffold.migrate.make import docstring_text, safe_path

KNOWN = frozenset({"ML101", "ML105", "ML107"})

SOURCE = """def upgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        # scaffold: allow[ML105] -- the old release is stopped before this runs: nothing
        #   reads notes any more
        batch_op.alter_column(
            "notes", new_column_name="description"
        )
    op.drop_column("product", "a")  # scaffold: allow[ML107]  # a second comment
    # scaffold: ignore
    op.drop_column("product", "b")
    # scaffold: allow[ML101] -- the table holds a dozen rows
    with op.batch_alter_table("product") as batch_op:
        batch_op.create_index("ix", ["c"])
    note = "# scaffold: allow[ML107] -- a string, not a comment"
    op.drop_column("product", "d")  # scaffold: allow[ML107, SA101, ML999] -- nothing selects d
"""


def _found() -> list[acknowledge.Acknowledgement]:
    return acknowledge.find(SOURCE.encode())


def test_each_acknowledgement_covers_one_statement() -> None:
    found = {ack.line: ack for ack in _found()}
    assert sorted(found) == [3, 8, 9, 11, 15]  # the string on line 14 is no comment
    rename = found[3]
    assert rename.codes == ("ML105",)
    # The comment line under it continues the reason; it covers the whole call.
    assert rename.reason == (
        "the old release is stopped before this runs: nothing reads notes any more"
    )
    assert (rename.first, rename.last) == (5, 7)
    # After code: that statement; a second comment is not part of the reason.
    assert (found[8].first, found[8].last, found[8].reason) == (8, 8, "")
    assert found[9].codes == () and (found[9].first, found[9].last) == (10, 10)
    # Above a `with`: its header only, not the calls inside it.
    assert (found[11].first, found[11].last) == (12, 12)
    assert found[15].codes == ("ML107", "SA101", "ML999")


def test_only_a_reasoned_acknowledgement_of_that_rule_on_that_statement_accepts() -> None:
    acks = _found()
    findings = [(5, "ML105"), (6, "ML105"), (5, "ML107"), (8, "ML107"), (13, "ML101")]
    findings += [(15, "ML107"), (10, "ML107")]
    assert acknowledge.accept(findings, acks) == [True, True, False, False, False, True, False]
    problems = acknowledge.check(acks, code="ML100", prefix="ML", known_codes=KNOWN)
    assert [(line, message.split(":")[0]) for line, _, _, message in problems] == [
        (8, "acknowledgement of ML107 gives no reason, so it accepts nothing"),
        (9, "acknowledgement names no rule"),
        (11, "acknowledgement of ML101 accepts nothing"),
        (15, "acknowledgement names unknown rule ML999"),
    ]
    assert all(code == "ML100" for _, _, code, _ in problems)
    assert problems[0][1] == 37  # the column of the `#`
    # After a render error the rest of the upgrade never ran: unused is not known.
    quiet = acknowledge.check(
        acks, code="ML100", prefix="ML", known_codes=KNOWN, report_unused=False
    )
    assert len(quiet) == len(problems) - 1


@pytest.mark.parametrize("reason", ["", "ok", "safe here", "12 34 56"])
def test_a_reason_has_three_words(reason: str) -> None:
    source = f'op.drop_column("t", "c")  # scaffold: allow[ML107] -- {reason}\n'
    (ack,) = acknowledge.find(source.encode())
    assert not ack.reasoned
    assert acknowledge.accept([(1, "ML107")], [ack]) == [False]
    with pytest.raises(ValueError, match="needs codes and a reason"):
        acknowledge.comment(["ML107"], reason)


def test_the_comment_scaffold_writes_wraps_and_reads_back() -> None:
    reason = (
        "renaming product.notes breaks the running release, which still reads it: stop the "
        "old instances before this migration runs"
    )
    lines = acknowledge.comment(["ML105"], reason, indent=8)
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert lines[0].startswith("        # scaffold: allow[ML105] -- renaming")
    source = "\n".join([*lines, '        op.alter_column("product", "notes")', ""])
    (ack,) = acknowledge.find(source.encode())
    assert ack.reason == reason and ack.first == len(lines) + 1


@pytest.mark.parametrize(
    "message",
    ["it's done", 'say "hi"', 'ends with a quote"', 'triple """ quotes', "back\\slash \\N x"],
)
def test_a_message_reads_back_from_the_revision_docstring(message: str) -> None:
    # script.py.mako writes `"""${message}` and the header lines after it.
    source = f'"""{docstring_text(message)}\n\nRevision ID: abc\n"""\n'
    docstring = ast.get_docstring(ast.parse(source), clean=False)
    assert docstring is not None and docstring.splitlines()[0] == message


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("alembic/versions/ab12_it_s_done.py", "alembic/versions/ab12_it_s_done.py"),
        ("alembic/versions/ab12_añadir_índice.py", "alembic/versions/ab12_anadir_indice.py"),
        ("alembic/versions/ab12_.py", "alembic/versions/ab12_migration.py"),
        ("alembic/versions/ab12_日本.py", "alembic/versions/ab12_migration.py"),
    ],
)
def test_the_file_name_is_ascii(path: str, expected: str) -> None:
    assert safe_path(path) == expected
