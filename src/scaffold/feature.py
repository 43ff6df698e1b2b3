"""Feature specs: the markdown files (`specs/features/<feature>.md`) that `scaffold slice` reads.

    # Task tracking                        <- title: the router's tag and docs
    Resource: Task                         <- the resource name (and optional `Plural: ...`)
    A short description, one or more paragraphs.

    ## Fields
    | name | type | required | constraints | description |
    | --- | --- | --- | --- | --- |
    | title | str(200) | yes | | What to do |
    | status | enum(todo\\|doing\\|done) | yes | default: todo, index | Where it stands |

    ## Endpoints / ## Business rules / ## Acceptance criteria   (optional, carried into docs)

Every error names the file and line. Parsing uses markdown-it (CommonMark + GFM tables), so
what renders as a table on GitHub is what is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import SpecError
from scaffold.spec import FieldSpec, ResourceSpec, parse_field, parse_resource

COLUMNS = ("name", "type", "required", "constraints", "description")
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
    """Parse the markdown text of a feature spec; errors carry `path:line`."""
    from markdown_it import MarkdownIt  # only the spec commands need it

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
    modifiers, default = [], None
    for item in filter(None, (c.strip() for c in row.get("constraints", "").split(","))):
        key, _, value = item.partition(":") if ":" in item else item.partition("=")
        key = key.strip().lower()
        if key in {"unique", "index"} and not value:
            modifiers.append(key)
        elif key == "default" and value.strip():
            default = value.strip()
        else:
            raise _Problem(
                path,
                line,
                f"unknown constraint '{item}'",
                "constraints are: unique, index, default: <value> (comma-separated)",
            )
    dsl = f"{name}:{type_text}" + "".join(f":{m}" for m in modifiers)
    dsl += "?" if optional else ""
    dsl += f"={default}" if default is not None else ""
    try:
        return parse_field(dsl)
    except SpecError as exc:
        raise _Problem(path, line, exc.message, exc.hint) from None


def _items(blocks: list[str]) -> list[str]:
    """List items and paragraphs of a prose section, one string each."""
    items: list[str] = []
    for block in blocks:
        text = re.sub(r"^\[[ xX]\]\s*", "", block.strip())
        if text:
            items.append(text)
    return items
