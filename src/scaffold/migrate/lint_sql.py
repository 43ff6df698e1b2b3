"""Just enough PostgreSQL to lint migrations: a tokenizer, statements, DDL shapes, a schema.

The tokenizer skips comments and keeps string literals, dollar-quoted bodies and quoted
identifiers as single tokens, so a `;` or a keyword inside them never splits or matches a
statement. The DDL readers recognise the statement shapes the rules ask about (CREATE TABLE,
CREATE INDEX, ALTER TABLE actions, DROP TABLE) and nothing more; anything else is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line_comment>--[^\n]*)
  | (?P<block_comment>/\*)
  | (?P<estring>[eE]'(?:[^'\\]|\\.|'')*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<dollar>\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$)
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<number>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z_0-9$]*)
  | (?P<cast>::)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One SQL token: `word`, `quoted` (identifier), `string`, `number` or `punct`."""

    kind: str
    text: str

    @property
    def upper(self) -> str:
        """The keyword spelling of a word (empty for anything else, so it never matches)."""
        return self.text.upper() if self.kind == "word" else ""

    @property
    def name(self) -> str:
        """The identifier it names: unquoted words fold to lower case, quoted ones do not."""
        if self.kind == "quoted":
            return self.text[1:-1].replace('""', '"')
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its text (comments kept, for the report) and its tokens."""

    text: str
    tokens: tuple[Token, ...]

    def words(self, start: int = 0, count: int = 8) -> tuple[str, ...]:
        """The keyword spellings of `count` tokens from `start`."""
        return tuple(token.upper for token in self.tokens[start : start + count])

    @property
    def short(self) -> str:
        """The statement on one line, shortened for a message."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 120 else flat[:117] + "..."


def _block_comment_end(sql: str, start: int) -> int:
    # PostgreSQL block comments nest.
    depth, position = 0, start
    while position < len(sql):
        if sql.startswith("/*", position):
            depth, position = depth + 1, position + 2
        elif sql.startswith("*/", position):
            depth, position = depth - 1, position + 2
            if depth == 0:
                return position
        else:
            position += 1
    return len(sql)


def split_statements(sql: str) -> list[Statement]:
    """Split SQL on top-level semicolons into statements, dropping empty ones."""
    statements: list[Statement] = []
    tokens: list[Token] = []
    begin = position = 0

    def close(end: int) -> None:
        if tokens:
            statements.append(Statement(sql[begin:end].strip(), tuple(tokens)))

    while position < len(sql):
        match = _TOKEN.match(sql, position)
        assert match is not None  # `punct` matches any character
        kind = match.lastgroup or "punct"
        end = match.end()
        if kind == "block_comment":
            end = _block_comment_end(sql, position)
        elif kind == "punct" and match.group() == ";":
            close(position)
            tokens = []
        elif kind not in {"space", "line_comment"}:
            if kind == "dollar":
                closing = sql.find(match.group(), end)
                end = len(sql) if closing < 0 else closing + len(match.group())
            if not tokens:
                begin = position
            kind = "string" if kind in {"dollar", "estring"} else kind
            tokens.append(Token(kind, sql[position:end]))
        position = end
    close(len(sql))
    return statements


def split_top_level(tokens: Sequence[Token], separator: str = ",") -> list[list[Token]]:
    """Split tokens on a separator outside parentheses."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "([":
            depth += 1
        elif token.kind == "punct" and token.text in ")]":
            depth -= 1
        if depth == 0 and token.kind == "punct" and token.text == separator:
            parts.append([])
            continue
        parts[-1].append(token)
    return [part for part in parts if part]


def _qualified_name(tokens: Sequence[Token], start: int) -> tuple[str, int]:
    """A possibly schema-qualified name at `start`: its last part and the index after it."""
    if start >= len(tokens):
        return "", start
    name = tokens[start].name
    position = start + 1
    while (
        position + 1 < len(tokens)
        and tokens[position].text == "."
        and tokens[position + 1].kind in {"word", "quoted"}
    ):
        name = tokens[position + 1].name
        position += 2
    return name, position


def _skip(tokens: Sequence[Token], position: int, *words: str) -> int:
    """The position after the keyword sequence `words` if it is at `position`, else unchanged."""
    if tuple(t.upper for t in tokens[position : position + len(words)]) == words:
        return position + len(words)
    return position


def _group(tokens: Sequence[Token], start: int) -> int:
    """The index after the parenthesised group that opens at `start`."""
    depth = 0
    for position in range(start, len(tokens)):
        if tokens[position].text == "(" and tokens[position].kind == "punct":
            depth += 1
        elif tokens[position].text == ")" and tokens[position].kind == "punct":
            depth -= 1
            if depth == 0:
                return position + 1
    return len(tokens)


# --- types -----------------------------------------------------------------------------------

_TYPE_ALIASES = {
    "character varying": "varchar",
    "char varying": "varchar",
    "decimal": "numeric",
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
    "bool": "boolean",
    "float8": "double precision",
    "float4": "real",
}

# Words that end a column's type and start its constraints.
_COLUMN_CONSTRAINT_WORDS = frozenset(
    {
        "NOT",
        "NULL",
        "DEFAULT",
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "CHECK",
        "REFERENCES",
        "GENERATED",
        "COLLATE",
        "USING",
    }
)


@dataclass(frozen=True, slots=True)
class SqlType:
    """A column type, normalised: `varchar` with `(120,)`, `numeric` with `(10, 2)`, `text`."""

    name: str
    args: tuple[int, ...] = ()
    array: bool = False

    def __str__(self) -> str:
        args = f"({', '.join(map(str, self.args))})" if self.args else ""
        return f"{self.name}{args}{'[]' if self.array else ''}"


def parse_type(tokens: Sequence[Token]) -> SqlType | None:
    """The type at the start of `tokens` (up to the first constraint keyword)."""
    words: list[str] = []
    args: list[int] = []
    array = False
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.upper in _COLUMN_CONSTRAINT_WORDS:
            break
        if token.kind == "punct" and token.text == "(":
            end = _group(tokens, position)
            args = [
                int(t.text)
                for t in tokens[position:end]
                if t.kind == "number" and "." not in t.text
            ]
            position = end
            continue
        if token.kind == "punct" and token.text == "[":
            array = True
        elif token.kind in {"word", "quoted"}:
            words.append(token.name)
        elif token.text != "]" and token.text != ".":
            break
        position += 1
    if not words:
        return None
    name = " ".join(words)
    return SqlType(_TYPE_ALIASES.get(name, name), tuple(args), array)


def binary_coercible(old: SqlType, new: SqlType) -> bool:
    """Whether PostgreSQL changes `old` to `new` without rewriting the table.

    Deliberately short: only the changes PostgreSQL documents as needing no rewrite and that
    migrations commonly make (wider varchar, varchar to text, wider numeric, same type).
    """
    if old == new:
        return True
    if old.array != new.array:
        return False
    if old.name == "varchar" and new.name == "varchar":
        return not new.args or (bool(old.args) and new.args[0] >= old.args[0])
    if old.name in {"varchar", "text"} and new.name == "text":
        return True
    if old.name == "text" and new.name == "varchar":
        return not new.args
    if old.name == "numeric" and new.name == "numeric":
        if not new.args:
            return True
        if len(old.args) != 2 or len(new.args) != 2:
            return False
        return new.args[1] == old.args[1] and new.args[0] >= old.args[0]
    return False


# --- DDL shapes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A column definition: name, type, default tokens, and whether it is declared NOT NULL."""

    name: str
    type: SqlType | None
    default: tuple[Token, ...] | None
    not_null: bool
    generated: bool

    @property
    def serial(self) -> bool:
        """A serial type: a sequence default, filled in for every existing row."""
        return self.type is not None and self.type.name in {"serial", "bigserial", "smallserial"}


_ENDS_DEFAULT = _COLUMN_CONSTRAINT_WORDS - {"USING"}


def parse_column(tokens: Sequence[Token]) -> Column:
    """A column definition (`name type [constraints]`) as in CREATE TABLE or ADD COLUMN."""
    name = tokens[0].name if tokens else ""
    rest = tokens[1:]
    default: list[Token] | None = None
    collecting = not_null = generated = False
    depth = 0
    for position, token in enumerate(rest):
        if depth == 0:
            word = token.upper
            if collecting and default and word in _ENDS_DEFAULT:
                collecting = False  # the default expression ends at the next constraint
            if not collecting:
                if word == "DEFAULT":
                    collecting, default = True, []
                    continue
                following = rest[position + 1].upper if position + 1 < len(rest) else ""
                if (word == "NOT" and following == "NULL") or word == "PRIMARY":
                    not_null = True
                elif word == "GENERATED":
                    generated = True
        if collecting and default is not None:
            default.append(token)
        if token.kind == "punct" and token.text == "(":
            depth += 1
        elif token.kind == "punct" and token.text == ")":
            depth -= 1
    return Column(
        name, parse_type(rest), tuple(default) if default is not None else None, not_null, generated
    )


@dataclass(frozen=True, slots=True)
class CreateTable:
    """CREATE TABLE: the table and its column definitions."""

    table: str
    columns: tuple[Column, ...]


_TABLE_CONSTRAINT_WORDS = frozenset(
    {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"}
)


def parse_create_table(statement: Statement) -> CreateTable | None:
    """CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name (...), else None."""
    tokens = statement.tokens
    if not tokens or tokens[0].upper != "CREATE":
        return None
    position = 1
    while position < len(tokens) and tokens[position].upper in {
        "GLOBAL",
        "LOCAL",
        "TEMP",
        "TEMPORARY",
        "UNLOGGED",
        "OR",
        "REPLACE",
    }:
        position += 1
    if position >= len(tokens) or tokens[position].upper != "TABLE":
        return None
    position = _skip(tokens, position + 1, "IF", "NOT", "EXISTS")
    table, position = _qualified_name(tokens, position)
    columns: list[Column] = []
    if position < len(tokens) and tokens[position].text == "(":
        end = _group(tokens, position)
        for element in split_top_level(tokens[position + 1 : end - 1]):
            if element[0].upper not in _TABLE_CONSTRAINT_WORDS:
                columns.append(parse_column(element))
    return CreateTable(table, tuple(columns))


@dataclass(frozen=True, slots=True)
class CreateIndex:
    """CREATE [UNIQUE] INDEX [CONCURRENTLY] ... ON table."""

    name: str
    table: str
    concurrently: bool


def parse_create_index(statement: Statement) -> CreateIndex | None:
    """The index statement's table and whether it is built concurrently, else None."""
    tokens = statement.tokens
    position = _skip(tokens, 0, "CREATE")
    if position == 0:
        return None
    position = _skip(tokens, position, "UNIQUE")
    if _skip(tokens, position, "INDEX") == position:
        return None
    position += 1
    concurrently = _skip(tokens, position, "CONCURRENTLY") != position
    position = _skip(tokens, position, "CONCURRENTLY")
    position = _skip(tokens, position, "IF", "NOT", "EXISTS")
    name = ""
    if position < len(tokens) and tokens[position].upper != "ON":
        name, position = _qualified_name(tokens, position)
    if _skip(tokens, position, "ON") == position:
        return None
    position = _skip(tokens, position + 1, "ONLY")
    table, _ = _qualified_name(tokens, position)
    return CreateIndex(name, table, concurrently)


@dataclass(frozen=True, slots=True)
class AlterTable:
    """ALTER TABLE name action[, action...]: the table and each action's tokens."""

    table: str
    actions: tuple[tuple[Token, ...], ...]


def parse_alter_table(statement: Statement) -> AlterTable | None:
    """ALTER TABLE [IF EXISTS] [ONLY] name ..., split into its comma-separated actions."""
    tokens = statement.tokens
    if statement.words(0, 2) != ("ALTER", "TABLE"):
        return None
    position = _skip(tokens, 2, "IF", "EXISTS")
    position = _skip(tokens, position, "ONLY")
    table, position = _qualified_name(tokens, position)
    if position < len(tokens) and tokens[position].text == "*":
        position += 1
    actions = tuple(tuple(action) for action in split_top_level(tokens[position:]))
    return AlterTable(table, actions)


def drop_table_names(statement: Statement) -> list[str]:
    """The tables a DROP TABLE statement drops (empty for any other statement)."""
    tokens = statement.tokens
    if statement.words(0, 2) != ("DROP", "TABLE"):
        return []
    position = _skip(tokens, 2, "IF", "EXISTS")
    names: list[str] = []
    for part in split_top_level(tokens[position:]):
        if (
            part
            and part[0].kind in {"word", "quoted"}
            and part[0].upper not in {"CASCADE", "RESTRICT"}
        ):
            names.append(_qualified_name(part, 0)[0])
    return names


@dataclass(frozen=True, slots=True)
class AlterColumn:
    """`ALTER [COLUMN] name <rest>`: the column and the tokens after its name."""

    column: str
    rest: tuple[Token, ...]


def alter_column(action: Sequence[Token]) -> AlterColumn | None:
    """An ALTER TABLE action that alters one column, else None."""
    if not action or action[0].upper != "ALTER":
        return None
    position = _skip(action, 1, "COLUMN")
    if position >= len(action) or action[position].upper in {"CONSTRAINT"}:
        return None
    return AlterColumn(action[position].name, tuple(action[position + 1 :]))


def added_column(action: Sequence[Token]) -> Column | None:
    """The column an `ADD [COLUMN] [IF NOT EXISTS] name type ...` action adds, else None."""
    if not action or action[0].upper != "ADD":
        return None
    if len(action) > 1 and action[1].upper in _TABLE_CONSTRAINT_WORDS:
        return None
    position = _skip(action, 1, "COLUMN")
    position = _skip(action, position, "IF", "NOT", "EXISTS")
    if position >= len(action):
        return None
    return parse_column(action[position:])


@dataclass(frozen=True, slots=True)
class AddConstraint:
    """`ADD [CONSTRAINT name] kind ...`: kind is CHECK, FOREIGN, UNIQUE, PRIMARY or EXCLUDE."""

    name: str
    kind: str
    not_valid: bool
    using_index: bool
    tokens: tuple[Token, ...]


def added_constraint(action: Sequence[Token]) -> AddConstraint | None:
    """The table constraint an ADD action adds, else None."""
    if not action or action[0].upper != "ADD":
        return None
    position, name = 1, ""
    if position < len(action) and action[position].upper == "CONSTRAINT":
        name = action[position + 1].name if position + 1 < len(action) else ""
        position += 2
    if position >= len(action):
        return None
    kind = action[position].upper
    if kind not in {"CHECK", "FOREIGN", "UNIQUE", "PRIMARY", "EXCLUDE"}:
        return None
    words = [token.upper for token in action]
    not_valid = any(
        word == "NOT" and index + 1 < len(words) and words[index + 1] == "VALID"
        for index, word in enumerate(words)
    )
    using_index = any(
        word == "USING" and index + 1 < len(words) and words[index + 1] == "INDEX"
        for index, word in enumerate(words)
    )
    return AddConstraint(name, kind, not_valid, using_index, tuple(action[position:]))


def not_null_check_column(constraint: AddConstraint) -> str | None:
    """The column of a `CHECK (column IS NOT NULL)` constraint, else None."""
    tokens = constraint.tokens
    if len(tokens) < 2 or tokens[0].upper != "CHECK" or tokens[1].text != "(":
        return None
    inner = [t for t in tokens[1 : _group(tokens, 1)] if not (t.kind == "punct" and t.text in "()")]
    if len(inner) == 4 and [t.upper for t in inner[1:]] == ["IS", "NOT", "NULL"]:
        return inner[0].name
    return None


def function_calls(tokens: Sequence[Token]) -> Iterator[str]:
    """The (lower-case, unqualified) names of the functions called in an expression."""
    for position in range(len(tokens) - 1):
        token, after = tokens[position], tokens[position + 1]
        if token.kind in {"word", "quoted"} and after.kind == "punct" and after.text == "(":
            yield token.name


# --- the schema as the migrations build it ---------------------------------------------------


@dataclass
class Schema:
    """Column types and validated NOT NULL checks, as the migrations so far leave them."""

    tables: dict[str, dict[str, SqlType | None]] = field(default_factory=dict)
    constraint_columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    not_null_checked: set[tuple[str, str]] = field(default_factory=set)

    def column_type(self, table: str, column: str) -> SqlType | None:
        """The type the migrations gave a column, None when unknown."""
        return self.tables.get(table, {}).get(column)

    def apply(self, statement: Statement) -> None:
        """Record what a statement does to tables and columns."""
        created = parse_create_table(statement)
        if created is not None:
            self.tables[created.table] = {c.name: c.type for c in created.columns}
            return
        for name in drop_table_names(statement):
            self.tables.pop(name, None)
        altered = parse_alter_table(statement)
        if altered is None:
            return
        self._apply_alter(altered)

    def _apply_alter(self, altered: AlterTable) -> None:
        columns = self.tables.setdefault(altered.table, {})
        for action in altered.actions:
            words = [token.upper for token in action]
            column = added_column(action)
            if column is not None:
                columns[column.name] = column.type
                continue
            constraint = added_constraint(action)
            if constraint is not None:
                checked = not_null_check_column(constraint)
                if checked is not None and constraint.name:
                    self.constraint_columns[constraint.name] = (altered.table, checked)
                    if not constraint.not_valid:
                        self.not_null_checked.add((altered.table, checked))
                continue
            if words[:2] == ["VALIDATE", "CONSTRAINT"] and len(action) > 2:
                target = self.constraint_columns.get(action[2].name)
                if target is not None:
                    self.not_null_checked.add(target)
                continue
            changed = alter_column(action)
            if changed is not None:
                new_type = changed_type(changed)
                if new_type is not None:
                    columns[changed.column] = new_type
                continue
            if words[:1] == ["DROP"] and "CONSTRAINT" not in words[:2]:
                dropped = dropped_column(action)
                if dropped:
                    columns.pop(dropped, None)
            elif words[:2] == ["RENAME", "TO"] and len(action) > 2:
                self.tables[action[2].name] = self.tables.pop(altered.table, {})
            elif words[:1] == ["RENAME"]:
                renamed = renamed_column(action)
                if renamed is not None and renamed[0] in columns:
                    columns[renamed[1]] = columns.pop(renamed[0])


def changed_type(change: AlterColumn) -> SqlType | None:
    """The new type of `ALTER COLUMN c [SET DATA] TYPE t`, else None."""
    position = _skip(change.rest, 0, "SET", "DATA")
    if _skip(change.rest, position, "TYPE") == position:
        return None
    return parse_type(change.rest[position + 1 :])


def dropped_column(action: Sequence[Token]) -> str | None:
    """The column a `DROP [COLUMN] [IF EXISTS] name` action drops, else None."""
    if not action or action[0].upper != "DROP":
        return None
    if len(action) > 1 and action[1].upper == "CONSTRAINT":
        return None
    position = _skip(action, 1, "COLUMN")
    position = _skip(action, position, "IF", "EXISTS")
    return action[position].name if position < len(action) else None


def renamed_column(action: Sequence[Token]) -> tuple[str, str] | None:
    """(old, new) of `RENAME [COLUMN] old TO new`, else None (RENAME TO / CONSTRAINT too)."""
    if not action or action[0].upper != "RENAME":
        return None
    position = _skip(action, 1, "COLUMN")
    if position >= len(action) or action[position].upper in {"TO", "CONSTRAINT"}:
        return None
    if position + 2 < len(action) and action[position + 1].upper == "TO":
        return action[position].name, action[position + 2].name
    return None
