"""The skill table, the CLI and skills/<name>/SKILL.md stay in step."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from scaffold.engine.resources import skills_dir, templates_dir
from scaffold.registry import SKILLS, Skill
from tests.conftest import run_cli


@pytest.mark.parametrize("skill", SKILLS, ids=lambda s: s.name)
def test_each_skill_has_a_skill_md_command_module_and_templates(skill: Skill) -> None:
    text = (skills_dir() / skill.name / "SKILL.md").read_text()
    front = re.match(r"^---\nname: (?P<name>.+)\ndescription: (?P<description>.+)\n---\n", text)
    assert front is not None, "SKILL.md needs name and description front matter"
    assert front["name"] == skill.name
    for command in skill.commands:
        assert command in text, command
        assert run_cli(*command.split()[1:], "--help").exit_code == 0, command
    importlib.import_module(skill.module)
    if skill.templates:
        assert (templates_dir() / skill.templates).is_dir()


def test_every_skill_folder_is_in_the_registry() -> None:
    folders = {p.name for p in Path(skills_dir()).iterdir() if p.is_dir()}
    assert folders == {s.name for s in SKILLS}
