"""Feature specs: the markdown files (`specs/features/<feature>.md`) that `scaffold slice` reads.

    # Task tracking                        <- title: the router's tag and docs
    Resource: Task                         <- the resource name (and optional `Plural: ...`)
    A short description, one or more paragraphs.

    ## Fields
    | name | type | required | constraints | description |
    | --- | --- | --- | --- | --- |
    | title | str(200) | yes | min_length: 3 | What to do |
    | status | enum(todo\\|doing\\|done) | yes | default: todo, index | Where it stands |
    | code | str(12) | yes | unique, pattern: `^[A-Z]{2,3}-[0-9]+$` | Short code |
    | hours | decimal(5,1) | no | min: 0, max: 999.9 | Estimated effort |

    ## Endpoints / ## Business rules / ## Acceptance criteria   (optional, carried into docs)

`type` is the field DSL's type (spec.py). `constraints` is a comma-separated list of `unique`,
`index`, `default: V`, `min: V`, `max: V` (int, float, decimal, date, datetime),
`min_length: N` and `pattern: REGEX` (str, text); each is the DSL's modifier of that name. A
value may be written as a code span, in backticks, and must be when it holds a comma: the
commas inside `` `...` `` do not separate constraints. Write patterns in backticks anyway: the
table shows them as written, and markdown leaves their backslashes alone. As everywhere in a
table, a `|` inside a cell, also inside backticks, is written `\\|` (`enum(a\\|b)`,
`` pattern: `^(a\\|b)$` ``).

Every error names the file and line. Parsing uses markdown-it (CommonMark + GFM tables), so
what renders as a table on GitHub is what is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import SpecError
from scaffold.model.spec import FieldSpec, ResourceSpec, parse_field, parse_resource

COLUMNS = ("name", "type", "required", "constraints", "description")
_FLAGS = ("unique", "index")
_VALUED = ("min", "max", "min_length", "pattern")
CONSTRAINTS_HINT = (
    "constraints are unique, index, default: V, min: V, max: V, min_length: N and "
    "pattern: `REGEX`, comma-separated; write a value with a comma in backticks"
)
_YES = {"yes", "y", "true", "required", "x", "✓", "✔"}
_NO = {"no", "n", "false", "optional", ""}
_META = re.compile(r"^(?P<key>Resource|Plural)\s*:\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_SECTIONS = {
    "fields": "fields",
    "endpoints": "endpoints",
    "extra endpoints": "endpoints",
    "business rules": "rules",
    "rules": "rules",
    "acceptance criteria": "criteria",
}


@dataclass(frozen=True)
class FeatureSpec:
    """A parsed feature spec: the resource, plus the prose that documents it."""

    path: str
    title: str
    resource: ResourceSpec
    description: str = ""
    endpoints: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    descriptions: dict[str, str] = field(default_factory=dict)  # field name -> description


class _Problem(SpecError):
    def __init__(self, path: str, line: int, message: str, hint: str) -> None:
        super().__init__(f"{path}:{line}: {message}", hint, code="bad_feature_spec")


def load_feature(path: Path, display: str | None = None) -> FeatureSpec:
    """Read and validate a feature spec file."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(
            f"{shown} does not exist", "write one with `scaffold spec new <feature>`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{shown} cannot be read ({exc})", "save it as UTF-8 text") from None
    return parse_feature(text, shown)


def parse_feature(text: str, path: str = "<spec>") -> FeatureSpec:
    """Parse the markdown text of a feature spec; errors carry `path:line`.

    A byte-order mark (editors on Windows save one) and CRLF or CR line endings read as the
    plain LF text would.
    """
    from markdown_it import MarkdownIt  # only the spec commands need it

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = text.splitlines()
    title, title_line = "", 0
    meta: dict[str, tuple[str, int]] = {}
    prose: dict[str, list[str]] = {"intro": [], "endpoints": [], "rules": [], "criteria": []}
    section = "intro"
    table: tuple[int, int] | None = None
    seen_sections: set[str] = set()
    for index, token in enumerate(tokens):
        line = (token.map[0] + 1) if token.map else 0
        if token.type == "heading_open":
            heading = tokens[index + 1].content.strip()
            if token.tag == "h1" and not title:
                title, title_line = heading, line
                section = "intro"
                continue
            key = _SECTIONS.get(heading.lower().rstrip(":"), "other")
            if key in seen_sections and key != "other":
                raise _Problem(path, line, f"a second '{heading}' section", "merge the two")
            seen_sections.add(key)
            section = key
        elif token.type == "table_open" and token.map:
            if section == "fields":
                if table is not None:
                    raise _Problem(path, line, "a second fields table", "keep one table")
                table = (token.map[0], token.map[1])
        elif token.type == "inline" and tokens[index - 1].type in {"paragraph_open"}:
            content = token.content.strip()
            if section == "intro":
                rest = []
                for offset, raw in enumerate(content.splitlines()):
                    match = _META.match(raw.strip())
                    if match:
                        meta[match["key"].lower()] = (match["value"], line + offset)
                    else:
                        rest.append(raw)
                if rest:
                    prose["intro"].append("\n".join(rest))
            elif section in prose:
                prose[section].append(content)
    if not title:
        raise _Problem(path, 1, "no title", "start the file with a '# Title' line")
    if "resource" not in meta:
        raise _Problem(
            path,
            title_line,
            "no 'Resource: Name' line",
            "add e.g. 'Resource: Task' under the title",
        )
    if "fields" not in seen_sections:
        raise _Problem(path, len(lines), "no '## Fields' section", "add one with the fields table")
    if table is None:
        raise _Problem(
            path,
            _section_line(lines, "fields"),
            "the '## Fields' section has no table",
            "add a table with the columns: " + " | ".join(COLUMNS),
        )
    name, name_line = meta["resource"]
    plural = meta.get("plural", (None, 0))[0]
    fields, descriptions = _parse_table(lines, table, path)
    try:
        resource = parse_resource(name, [f.dsl for f in fields], plural)
    except SpecError as exc:
        raise _Problem(path, name_line, exc.message, exc.hint) from None
    return FeatureSpec(
        path=path,
        title=title,
        resource=resource,
        description="\n\n".join(prose["intro"]),
        endpoints=tuple(_items(prose["endpoints"])),
        rules=tuple(_items(prose["rules"])),
        criteria=tuple(_items(prose["criteria"])),
        descriptions=descriptions,
    )


def _section_line(lines: list[str], key: str) -> int:
    for number, raw in enumerate(lines, start=1):
        if raw.startswith("#") and _SECTIONS.get(raw.lstrip("#").strip().lower()) == key:
            return number
    return 1


def _cells(raw: str) -> list[str]:
    """Split a table row on unescaped pipes, as GFM does, keeping `\\|` inside cells."""
    body = raw.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]


def _parse_table(
    lines: list[str], span: tuple[int, int], path: str
) -> tuple[list[FieldSpec], dict[str, str]]:
    start, end = span
    header = [cell.lower() for cell in _cells(lines[start])]
    missing = [c for c in ("name", "type") if c not in header]
    if missing:
        raise _Problem(
            path,
            start + 1,
            f"the fields table has no '{missing[0]}' column",
            "use the columns: " + " | ".join(COLUMNS),
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise _Problem(
            path,
            start + 1,
            f"unknown column '{unknown[0]}' in the fields table",
            "use the columns: " + " | ".join(COLUMNS),
        )
    fields: list[FieldSpec] = []
    descriptions: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number in range(start + 2, end):  # skip the header and the delimiter row
        raw = lines[number]
        if not raw.strip():
            continue
        cells = _cells(raw)
        if len(cells) != len(header):
            raise _Problem(
                path,
                number + 1,
                f"this row has {len(cells)} cells, the header has {len(header)}",
                "write one cell per column; inside enum(...) escape the pipes: enum(a\\|b)",
            )
        row = dict(zip(header, cells, strict=True))
        spec = _row_field(row, path, number + 1)
        if spec.name in seen:
            raise _Problem(
                path,
                number + 1,
                f"duplicate field '{spec.name}' (first on line {seen[spec.name]})",
                "give every field its own name",
            )
        seen[spec.name] = number + 1
        fields.append(spec)
        if row.get("description"):
            descriptions[spec.column] = row["description"]
    if not fields:
        raise _Problem(path, start + 1, "the fields table has no rows", "add at least one field")
    return fields, descriptions


def _row_field(row: dict[str, str], path: str, line: int) -> FieldSpec:
    name, type_text = row["name"].strip("` "), row["type"].strip("` ")
    required = row.get("required", "yes").strip().lower()
    if required not in _YES | _NO:
        raise _Problem(path, line, f"required is '{row['required']}'", "write yes or no")
    optional = required in _NO and "required" in row
    modifiers: list[str] = []
    default: str | None = None
    seen: set[str] = set()
    for item in _constraint_items(row.get("constraints", "")):
        key, value = _constraint(item)
        if key in seen:
            raise _Problem(path, line, f"constraint '{key}' given twice", f"keep one {key}")
        seen.add(key)
        if key in _FLAGS and value is None:
            modifiers.append(f":{key}")
        elif key == "default" and value is not None:
            default = value
        elif key in _VALUED and value is not None:
            modifiers.append(f":{key}({value})")
        else:
            raise _Problem(path, line, f"unknown constraint '{item}'", CONSTRAINTS_HINT)
    dsl = f"{name}:{type_text}" + "".join(modifiers)
    dsl += "?" if optional else ""
    dsl += f"={default}" if default is not None else ""
    try:
        return parse_field(dsl)
    except SpecError as exc:
        raise _Problem(path, line, exc.message, exc.hint) from None


def _constraint_items(cell: str) -> list[str]:
    """The comma-separated items of a constraints cell; commas inside `code spans` stay."""
    items: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(cell):
        char = cell[index]
        if char == "`":
            ticks = len(cell[index:]) - len(cell[index:].lstrip("`"))
            fence = "`" * ticks
            close = _closing_fence(cell, index + ticks, fence)
            if close is not None:
                current.append(cell[index : close + ticks])
                index = close + ticks
                continue
            current.append(fence)
            index += ticks
            continue
        if char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _closing_fence(cell: str, start: int, fence: str) -> int | None:
    """Where the run of backticks that closes a code span opened by `fence` begins, if any."""
    index = cell.find(fence, start)
    while index != -1:
        end = index + len(fence)
        if not cell.startswith("`", end):  # a longer run does not close it (CommonMark)
            return index
        while cell.startswith("`", end):
            end += 1
        index = cell.find(fence, end)
    return None


def _constraint(item: str) -> tuple[str, str | None]:
    """`key: value` (or `key=value`, or a bare `key`) with the value's code span unwrapped."""
    split = min((item.find(sep) for sep in ":=" if sep in item), default=-1)
    if split < 0:
        return item.strip().lower(), None
    return item[:split].strip().lower(), _unwrap(item[split + 1 :].strip()) or None


def _unwrap(value: str) -> str:
    """The content of a value written as a code span (`` `a, b` ``), else the value itself."""
    ticks = len(value) - len(value.lstrip("`"))
    if ticks and len(value) > 2 * ticks and value.endswith("`" * ticks):
        inner = value[ticks:-ticks]
        if not inner.startswith("`") and not inner.endswith("`"):
            # CommonMark strips one space on each side, so that `` ` `` can hold a backtick.
            if len(inner) >= 2 and inner[0] == inner[-1] == " " and inner.strip():
                inner = inner[1:-1]
            return inner
    return value


def _items(blocks: list[str]) -> list[str]:
    """List items and paragraphs of a prose section, one string each."""
    items: list[str] = []
    for block in blocks:
        text = re.sub(r"^\[[ xX]\]\s*", "", block.strip())
        if text:
            items.append(text)
    return items
