"""Feature specs: the shipped examples parse; each bad spec names its line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import SpecError
from scaffold.feature import parse_feature

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
