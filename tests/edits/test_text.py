"""Reading a user's file exactly and printing a parsed one back with its line endings and BOM."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from scaffold.edits.statements import module_code, parse_module
from scaffold.edits.text import BOM, TextStyle, dominant_newline, read_source
from scaffold.errors import ProjectError


def test_read_source_keeps_crlf_and_the_bom(tmp_path: Path) -> None:
    target = tmp_path / "main.py"
    target.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\n")
    assert read_source(target, "app/main.py") == f"{BOM}x = 1\r\ny = 2\n"


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "main.py"
    target.write_bytes(b"x = '\xff'\n")
    with pytest.raises(ProjectError, match=r"cannot read app/main\.py"):
        read_source(target, "app/main.py")


def test_the_dominant_newline_is_the_most_used_the_first_on_a_tie() -> None:
    assert dominant_newline("a\nb\r\nc\r\n") == "\r\n"
    assert dominant_newline("a\r\nb\n") == "\r\n"
    assert dominant_newline("a\nb\r\n") == "\n"
    assert dominant_newline("no newline") == "\n"


def test_a_style_is_given_back_to_normalized_text() -> None:
    style = TextStyle.of(f"{BOM}a\r\nb\r\n")
    assert style == TextStyle("\r\n", bom=True)
    assert style.apply("a\nb\nc\n") == f"{BOM}a\r\nb\r\nc\r\n"
    assert style.apply(f"{BOM}a\r\n") == f"{BOM}a\r\n"  # applying it twice is applying it once
    assert TextStyle.of("a\n").apply(f"{BOM}a\r\n") == "a\n"


@pytest.mark.parametrize(
    "source",
    ["x = 1\n", "x = 1\r\n", f"{BOM}x = 1\r\n", "x = 1\ny = 2\r\nz = 3\r\n", "x = 1"],
    ids=["lf", "crlf", "bom-crlf", "mixed", "no-final-newline"],
)
def test_a_parsed_file_prints_back_exactly(source: str) -> None:
    assert module_code(parse_module(source, "f.py")) == source


def test_an_added_line_takes_the_dominant_newline_and_the_bom_stays() -> None:
    tree = parse_module(f"{BOM}x = 1\ny = 2\r\nz = 3\r\n", "f.py")
    tree = tree.with_changes(body=[*tree.body, cst.parse_statement("w = [\n    4,\n]\n")])
    assert module_code(tree) == f"{BOM}x = 1\ny = 2\r\nz = 3\r\nw = [\r\n    4,\r\n]\r\n"
