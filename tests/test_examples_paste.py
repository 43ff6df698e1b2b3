"""Every `scaffold ...` example pastes into bash as it is written.

The examples come from README.md, the skills' SKILL.md files, examples/, the feature-spec
template, and every string literal of src/scaffold (error hints, help texts, docstrings). Each
must parse with `bash -n`, expand in bash to exactly the words `shlex.split` gives (no glob,
brace, variable or history expansion: `name:str(120)` and `notes:text?` are quoted), keep each
field spec one word that parses, and the `--help` screens must show each example on one line.
Synopses (`scaffold crud NAME FIELD...`, `scaffold field add|rename|remove`) describe a usage
rather than a command to paste, and are recognised by their placeholders.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from scaffold.cli import app
from scaffold.errors import SpecError
from scaffold.model.spec import parse_field
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
COMMAND = typer.main.get_command(app)
SUBCOMMANDS = sorted(getattr(COMMAND, "commands", {}))
_START = re.compile(r"(?<![\w/.-])scaffold (?=(?:" + "|".join(SUBCOMMANDS) + r")\b)")
# Placeholders of a synopsis: NAME, FIELD..., [options], <feature>, add|rename, "...".
_SYNOPSIS = re.compile(r"\b[A-Z][A-Z_]+\b|\.\.\.|\[|<[a-z]|[a-z]\|[a-z]")
# A field argument of these commands: the words after the resource name, before the options.
_FIELD_COMMANDS = {("crud",): 1, ("model",): 1, ("field", "add"): 1}


@dataclass(frozen=True)
class Example:
    where: str  # file:line
    line: str  # the whole line it is on, for bash -n (None for prose)
    command: str  # from `scaffold` to the end of the command
    shell: bool  # written as shell (a code block, a script) rather than inside prose

    def __str__(self) -> str:
        return f"{self.where}: {self.command}"


def _unquoted(text: str) -> Iterator[tuple[int, str, str]]:
    """(index, char, quote) for each character; quote is ', " or '' (outside quotes)."""
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == "'":
            if char == "'":
                quote = ""
        elif char == "\\" and index + 1 < len(text):
            yield index, char, quote
            index += 1
            yield index, text[index], quote
            index += 1
            continue
        elif quote == '"':
            if char == '"':
                quote = ""
        elif char in "'\"":
            quote = char
            yield index, char, ""
            index += 1
            continue
        yield index, char, quote
        index += 1


def _command_at(text: str, start: int) -> str:
    """The command from `start` to the first shell operator, comment, `)` or closing backtick;
    in prose, also to a parenthesis that opens after a space (an aside, not an argument)."""
    rest = text[start:]
    for index, char, quote in _unquoted(rest):
        if quote:
            continue
        two = rest[index : index + 2]
        if char in ";|&<>`)\n" or two == " #" or (char == "(" and index and rest[index - 1] == " "):
            return rest[:index].rstrip()
    return rest.rstrip()


def _examples_in(text: str, where: str, line: str, *, shell: bool) -> Iterator[Example]:
    for match in _START.finditer(text):
        command = _command_at(text, match.start())
        unquoted = "".join(c for _, c, q in _unquoted(command) if not q)
        if not _SYNOPSIS.search(unquoted.removeprefix("scaffold ")):
            yield Example(where, line, command, shell)


def _logical_lines(lines: list[str], first: int) -> Iterator[tuple[int, str]]:
    """Lines with their backslash continuations joined, numbered from `first`."""
    pending, start = "", first
    for number, raw in enumerate(lines, start=first):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending += raw[:-1]
            continue
        yield start, pending + raw
        pending = ""
    if pending:
        yield start, pending


def markdown_examples(path: Path) -> Iterator[Example]:
    rel = path.relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    fence: str | None = None
    block: list[str] = []
    block_start = 0
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if fence is None and stripped.startswith("```"):
            fence, block, block_start = stripped[3:].strip(), [], number + 1
            continue
        if fence is not None:
            if stripped.startswith("```"):
                if fence in {"", "bash", "sh", "shell", "console"}:
                    for start, logical in _logical_lines(block, block_start):
                        shown = logical.removeprefix("$ ")
                        yield from _examples_in(shown, f"{rel}:{start}", shown, shell=True)
                fence = None
            else:
                block.append(raw)
            continue
        for span in re.findall(r"(?<!`)`([^`]+)`(?!`)", raw):
            # In a table row a `|` inside a cell is written \|.
            code = span.replace("\\|", "|") if stripped.startswith("|") else span
            if code.startswith("scaffold "):
                yield from _examples_in(code, f"{rel}:{number}", code, shell=True)


def script_examples(path: Path) -> Iterator[Example]:
    rel = path.relative_to(ROOT).as_posix()
    for start, logical in _logical_lines(path.read_text().splitlines(), 1):
        if not logical.lstrip().startswith("#"):
            yield from _examples_in(logical, f"{rel}:{start}", logical, shell=True)


def _literal_text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's placeholders become `X` (a valid name)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "X" for part in node.values
        )
    return None


def source_examples(path: Path) -> Iterator[Example]:
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner = {
        id(value)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for value in node.values
    }
    for node in ast.walk(tree):
        text = _literal_text(node)
        if text is None or id(node) in inner:
            continue
        for offset, raw in enumerate(text.splitlines()):
            yield from _examples_in(raw.strip(), f"{rel}:{node.lineno + offset}", "", shell=False)


def all_examples() -> list[Example]:
    docs = [ROOT / "README.md", *sorted((ROOT / "skills").rglob("*.md"))]
    docs += sorted((ROOT / "examples").rglob("*.md"))
    docs += [ROOT / "templates" / "backend-scaffolder" / "feature.md.jinja"]
    found = [e for doc in docs for e in markdown_examples(doc)]
    found += [
        e for script in sorted((ROOT / "examples").rglob("*.sh")) for e in script_examples(script)
    ]
    found += [
        e
        for source in sorted((ROOT / "src" / "scaffold").rglob("*.py"))
        for e in source_examples(source)
    ]
    return found


EXAMPLES = all_examples()


def test_the_examples_are_found() -> None:
    """The collection itself works: it finds the examples it is meant to check."""
    commands = {e.command for e in EXAMPLES}
    assert len(EXAMPLES) > 40
    assert "scaffold migrate check" in commands
    assert any(e.where.startswith("src/scaffold/cli/crud.py") for e in EXAMPLES)
    assert any(e.where.startswith("skills/crud-builder/SKILL.md") for e in EXAMPLES)
    assert any(e.where.startswith("examples/quickstart.sh") for e in EXAMPLES)
    assert not any("NAME" in e.command for e in EXAMPLES)  # synopses are left out


def _bash(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "--norc", "--noprofile", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8"},
    )


def _expands(command: str) -> bool:
    """Whether bash would expand something in the command: `$`, a backtick or `!` outside
    single quotes (a variable, a substitution, history in an interactive shell)."""
    return any(c in "$`!" and q != "'" for _, c, q in _unquoted(command))


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_each_example_pastes_into_bash(example: Example, tmp_path: Path) -> None:
    # One bash per example: the line inside a function that is never called (parsed, as with
    # bash -n, not run), then the command's words as bash expands them in an empty folder, where
    # failglob makes an unquoted ?, * or [...] an error; brace expansion or word splitting would
    # show as a different list of words.
    script = f"__parsed_only() {{\n{example.line or example.command}\n}}\n"
    expands = _expands(example.command)
    if expands:
        # Scripts may use their variables ("$target"); prose and docs must not expand anything.
        assert example.where.split(":")[0].endswith(".sh"), (
            f"{example}: quote it in single quotes ($, ` and ! expand in bash)"
        )
    else:
        script += f"shopt -s failglob\nprintf '%s\\0' {example.command}\n"
    shown = _bash("-c", script, cwd=tmp_path)
    assert shown.returncode == 0, f"{example}: bash says {shown.stderr.strip()} (quote it)"
    words = shlex.split(example.command)
    if not expands:
        assert shown.stdout.split("\0")[:-1] == words, f"{example}: bash and shlex disagree"
    for argument in _field_arguments(words):
        try:
            parse_field(argument)
        except SpecError as exc:
            pytest.fail(f"{example}: the field {argument!r} does not parse: {exc.message}")


def _field_arguments(words: list[str]) -> list[str]:
    """The field specs of a crud, model or field add command (the words with a `:`)."""
    for path, skip in _FIELD_COMMANDS.items():
        if tuple(words[1 : 1 + len(path)]) == path:
            rest = words[1 + len(path) + skip :]
            positional = []
            for word in rest:
                if word.startswith("-"):
                    break
                positional.append(word)
            return [w for w in positional if ":" in w and not w.startswith("X:")]
    return []


def _commands(
    command: object, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], object]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


HELP_SCREENS = [path for path, _ in _commands(COMMAND)]


@pytest.mark.parametrize("path", HELP_SCREENS, ids=lambda p: " ".join(("scaffold", *p)))
def test_help_screens_show_each_example_on_one_line(
    path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Click rewraps help paragraphs to the terminal's width, which would break a command in
    two; the examples sit in paragraphs marked not to be rewrapped."""
    monkeypatch.setenv("COLUMNS", "80")
    command = dict(_commands(COMMAND))[path]
    texts = [getattr(command, "help", None) or ""]
    texts += [getattr(p, "help", None) or "" for p in getattr(command, "params", [])]
    expected = [e.command for text in texts for e in _examples_in_help(text)]
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    for command_text in expected:
        assert any(command_text in line for line in lines), (
            f"`scaffold {' '.join(path)} --help` breaks {command_text!r} across lines:\n"
            + result.stdout
        )


def _examples_in_help(text: str) -> Iterator[Example]:
    for raw in text.splitlines():
        yield from _examples_in(raw.strip(), "help", "", shell=False)
