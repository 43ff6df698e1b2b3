"""Feature specs: the shipped examples parse; each bad spec names its line and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaffold.errors import SpecError
from scaffold.model import feature as feature_module
from scaffold.model.feature import parse_feature

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "specs"

GOOD = """# Task tracking

Resource: Task
Plural: tasks

Tasks a user keeps.

## Fields

| name | type | required | constraints | description |
| --- | --- | --- | --- | --- |
| title | str(200) | yes | | What to do |
| status | enum(todo\\|done) | yes | default: todo, index | Where it stands |
| due_on | date | no | | When |
| code | str(20) | yes | unique | Short code |

## Business rules

- Due dates are in the future.

## Acceptance criteria

- [ ] Only the owner sees a task.
"""


def test_a_spec_parses_into_a_resource_and_its_docs() -> None:
    feature = parse_feature(GOOD, "tasks.md")
    assert feature.title == "Task tracking"
    assert feature.resource.names.class_name == "Task"
    assert feature.resource.field_dsl == [
        "title:str(200)",
        "status:enum(todo|done):index=todo",
        "due_on:date?",
        "code:str(20):unique",
    ]
    assert feature.description == "Tasks a user keeps."
    assert feature.descriptions["status"] == "Where it stands"
    assert feature.rules == ("Due dates are in the future.",)
    assert feature.criteria == ("Only the owner sees a task.",)


@pytest.mark.parametrize("name", ["projects.md", "tasks.md"])
def test_the_shipped_examples_parse(name: str) -> None:
    feature = parse_feature((EXAMPLES / name).read_text(), name)
    assert feature.resource.fields


@pytest.mark.parametrize("name", ["projects.md", "tasks.md"])
@pytest.mark.parametrize(
    ("bom", "newline"),
    [(b"\xef\xbb\xbf", "\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\r\n"), (b"", "\r")],
    ids=["bom", "crlf", "bom+crlf", "cr"],
)
def test_a_spec_saved_with_a_bom_or_crlf_reads_as_the_plain_one(
    name: str, bom: bytes, newline: str, tmp_path: Path
) -> None:
    plain = (EXAMPLES / name).read_text(encoding="utf-8")
    assert "\r" not in plain and not plain.startswith("\ufeff")
    saved = tmp_path / name
    saved.write_bytes(bom + plain.replace("\n", newline).encode())
    expected = parse_feature(plain, name)
    assert feature_module.load_feature(saved, name) == expected
    assert parse_feature(saved.read_bytes().decode(), name) == expected  # as typed, not as read


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("broken", "needle", "message"),
    [
        # no fields table under the heading
        (GOOD.split("| name |")[0] + "Nothing here.\n", "## Fields", "has no table"),
        # an unknown type
        (GOOD.replace("| date |", "| dat |"), "| due_on |", "unknown type 'dat'"),
        # a duplicate field
        (GOOD.replace("| code | str(20)", "| title | str(20)"), "| title | str(20)", "duplicate"),
        # a bad markdown table: unescaped pipes inside enum(...)
        (GOOD.replace("todo\\|done", "todo|done"), "| status |", "has 6 cells, the header has 5"),
        (GOOD.replace("| yes | unique |", "| maybe | unique |"), "| code |", "required is 'maybe'"),
        (GOOD.replace("default: todo, index", "defualt todo"), "| status |", "unknown constraint"),
        (GOOD.replace("| constraints |", "| rules |"), "| name |", "unknown column 'rules'"),
        (GOOD.replace("Resource: Task\n", ""), "# Task tracking", "no 'Resource: Name' line"),
        (GOOD.replace("Resource: Task", "Resource: class"), "Resource: class", "not a valid"),
        (GOOD.replace("| code | str(20)", "| id | str(20)"), "| id |", "'id' is reserved"),
    ],
)
def test_bad_specs_name_the_line_and_the_fix(broken: str, needle: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_feature(broken, "specs/features/tasks.md")
    expected_line = _line_of(broken, needle)
    assert caught.value.message.startswith(f"specs/features/tasks.md:{expected_line}: ")
    assert message in caught.value.message
    assert caught.value.hint


def test_a_spec_without_fields_section_or_title() -> None:
    with pytest.raises(SpecError, match="no '## Fields' section"):
        parse_feature("# T\n\nResource: Task\n", "t.md")
    with pytest.raises(SpecError, match=r"t\.md:1: no title"):
        parse_feature("Resource: Task\n", "t.md")


CONSTRAINED = GOOD.replace(
    "| code | str(20) | yes | unique | Short code |",
    "| code | str(20) | yes | unique, pattern: `^[A-Z]{2,3}-[0-9]{1,4}$`, min_length: 4 | Code |\n"
    "| hours | decimal(5,1) | no | min: 0, max: 999.9, default: 1.5 | Effort |\n"
    "| starts_at | datetime | no | min: 2024-01-01T00:00:00Z | Start |\n"
    "| kind | str | no | pattern: `^(a\\|b)$` | Either a or b |\n"
    "| label | str | no | default: `a, b`, max: | A default with a comma |",
)


def test_constraints_with_values_and_backticks() -> None:
    """Commas inside backticks stay in the value; `\\|` is a pipe, as in every table cell."""
    broken = CONSTRAINED  # the last row has `max:` without a value
    with pytest.raises(SpecError, match="unknown constraint 'max:'"):
        parse_feature(broken, "t.md")
    fields = parse_feature(CONSTRAINED.replace(", max: |", " |"), "t.md").resource.fields
    by_name = {f.name: f for f in fields}
    code = by_name["code"]
    assert (code.pattern, code.min_length, code.unique) == ("^[A-Z]{2,3}-[0-9]{1,4}$", 4, True)
    hours = by_name["hours"]
    assert (hours.minimum, hours.maximum, hours.default) == ("0", "999.9", "1.5")
    assert by_name["starts_at"].minimum == "2024-01-01T00:00:00Z"
    assert by_name["kind"].pattern == "^(a|b)$"
    assert by_name["label"].default == "a, b"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("min: 0", ":min applies to int, float, decimal, date, datetime fields, not str"),
        ("min_length: 30", ":min_length(30) exceeds the max length 20"),
        ("pattern: `^[a-z]+(`", "unbalanced parentheses"),
        ("pattern: `a.b`", "'.', which matches a newline in PostgreSQL"),
        ("pattern: `^[0-9]{2,3}$`, default: ABC", "default 'ABC' does not match"),
        ("pattern: ^[0-9]{2,3}$", "unknown constraint '3}$'"),  # the comma needs backticks
        ("unique, unique", "constraint 'unique' given twice"),
        ("pattern: `a`, pattern: `b`", "constraint 'pattern' given twice"),
        ("maximum: 3", "unknown constraint 'maximum: 3'"),
    ],
)
def test_bad_constraints_name_the_line(cell: str, message: str) -> None:
    broken = GOOD.replace("| yes | unique | Short code |", f"| yes | {cell} | Short code |")
    with pytest.raises(SpecError) as caught:
        parse_feature(broken, "specs/features/tasks.md")
    line = _line_of(broken, "| code |")
    assert caught.value.message.startswith(f"specs/features/tasks.md:{line}: ")
    assert message in caught.value.message
    assert caught.value.hint


def _fenced(text: str, after: str, language: str) -> str:
    """The first ```language block after the line `after`."""
    rest = text[text.index(after) :]
    start = rest.index(f"```{language}\n") + len(language) + 4
    return rest[start : rest.index("```", start)]


def test_the_documented_examples_parse() -> None:
    """The README's and the module docstring's example specs are specs that check."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    example = parse_feature(_fenced(readme, "### Feature specs", "markdown"), "README.md")
    assert {f.name for f in example.resource.fields} >= {"title", "code", "estimate"}
    assert any(f.pattern for f in example.resource.fields)
    doc = feature_module.__doc__ or ""
    lines = [line[4:] for line in doc.splitlines() if line.startswith("    ")]
    table = "\n".join(re.sub(r"\s+<-.*", "", line) for line in lines)  # without the notes
    documented = parse_feature(table, "feature.py")
    assert [f.dsl for f in documented.resource.fields] == [
        "title:str(200):min_length(3)",
        "status:enum(todo|doing|done):index=todo",
        "code:str(12):unique:pattern(^[A-Z]{2,3}-[0-9]+$)",
        "hours:decimal(5,1):min(0):max(999.9)?",
    ]
