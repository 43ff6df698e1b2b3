"""The checked-in rule reference in skills/stateless-agent-enforcer is in sync with the rules."""

from __future__ import annotations

from pathlib import Path

from scaffold.validators import reference, stateless

SKILL = Path(__file__).resolve().parents[2] / "skills" / "stateless-agent-enforcer"


def test_reference_files_match_the_rules() -> None:
    stale = reference.stale_files(SKILL / "references", stateless.rule_infos())
    assert stale == [], (
        f"regenerate with `python -m scaffold.validators.reference`: {', '.join(stale)}"
    )


def test_reference_contains_every_rule_and_example() -> None:
    guide = (SKILL / "references" / reference.ARCHITECTURE).read_text(encoding="utf-8")
    checklist = (SKILL / "references" / reference.CHECKLIST).read_text(encoding="utf-8")
    for info in stateless.rule_infos():
        assert f"## {info.code} {info.name}" in guide
        assert f"**{info.code} {info.name}**" in checklist
        for example in (*info.invalid, *info.valid):
            assert example.rstrip("\n") in guide


def test_stale_file_is_detected(tmp_path: Path) -> None:
    infos = stateless.rule_infos()
    reference.write(tmp_path, infos)
    assert reference.stale_files(tmp_path, infos) == []
    (tmp_path / reference.CHECKLIST).write_text("edited by hand\n", encoding="utf-8")
    assert reference.stale_files(tmp_path, infos) == [reference.CHECKLIST]
    assert reference.main([str(tmp_path), "--check"]) == 1


def test_skill_documents_the_cli() -> None:
    skill = (SKILL / "SKILL.md").read_text(encoding="utf-8")
    assert skill.startswith("---\nname: stateless-agent-enforcer\n")
    for code in stateless.known_codes():
        assert code in skill
