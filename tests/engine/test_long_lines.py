"""Breaking the docstring and comment lines ruff format leaves too long: exact before/after."""

from __future__ import annotations

from scaffold.engine.long_lines import wrap_long_lines

NAME = "warehouse inventory adjustment request line item approval step"  # 63 characters


def test_a_one_line_docstring_breaks_and_gets_its_closing_quotes_on_a_line() -> None:
    docstring = f'"""The caller\'s {NAME}; NotFoundError for another user\'s row."""'
    code = f"def get() -> None:\n    {docstring}\n"
    assert wrap_long_lines(code, 100) == (
        "def get() -> None:\n"
        f'    """The caller\'s {NAME}; NotFoundError\n'
        "    for another user's row.\n"
        '    """\n'
    )


def test_only_the_long_lines_of_a_longer_docstring_break() -> None:
    code = (
        f'"""{NAME.capitalize()}s: create, list, read, update and delete.\n'
        "\n"
        "Short lines stay as they are.\n"
        f"- a bullet about the {NAME}, with its continuation under its text\n"
        '"""\n'
    )
    assert wrap_long_lines(code, 80) == (
        f'"""{NAME.capitalize()}s: create,\n'
        "list, read, update and delete.\n"
        "\n"
        "Short lines stay as they are.\n"
        "- a bullet about the warehouse inventory adjustment request line item approval\n"
        "  step, with its continuation under its text\n"
        '"""\n'
    )


def test_a_comment_line_breaks_into_comment_lines() -> None:
    code = (
        "class Link:\n"
        f"    # The primary key leads with owner_id; this index finds the links of one {NAME}.\n"
        "    x = 1\n"
    )
    assert wrap_long_lines(code, 90) == (
        "class Link:\n"
        "    # The primary key leads with owner_id; this index finds the links of one warehouse\n"
        "    # inventory adjustment request line item approval step.\n"
        "    x = 1\n"
    )


def test_code_strings_trailing_comments_and_pragmas_stay() -> None:
    code = (
        f'URL = "/api/{NAME} and more words that run on past the limit of the line"\n'
        f"value = 1  # a trailing comment about the {NAME}, too long\n"
        f"# type: ignore[attr-defined]  # and a long pragma comment about the {NAME}\n"
    )
    assert wrap_long_lines(code, 100) == code


def test_a_word_longer_than_the_line_ends_up_alone_on_its_line() -> None:
    word = "x" * 120
    code = f'"""{word} {word} end"""\n# {word} end\n'
    assert wrap_long_lines(code, 100) == f'"""{word}\n{word}\nend\n"""\n# {word}\n# end\n'


def test_a_break_never_follows_a_backslash_and_line_endings_stay() -> None:
    code = f'def f() -> None:\r\n    r"""A path like C:\\ {NAME}."""\r\n'
    after = wrap_long_lines(code, 30)
    assert "\n" not in after.replace("\r\n", "")
    assert not any(line.endswith("\\") for line in after.split("\r\n"))
    assert after.split() == [*code.split()[:-1], code.split()[-1][:-3], '"""']


def test_code_within_the_limit_or_not_parsing_is_returned_as_is() -> None:
    short = 'def f() -> None:\n    """Short."""\n'
    assert wrap_long_lines(short, 100) is short
    broken = f'def f(:\n    """{NAME} {NAME}"""\n'
    assert wrap_long_lines(broken, 100) is broken
