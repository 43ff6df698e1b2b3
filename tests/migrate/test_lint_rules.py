"""The migration rules (ML1xx) on SQL: every rule's own examples, and the SQL reader under them."""

from __future__ import annotations

import re

import pytest

from scaffold.migrate import lint, lint_rules, lint_sql
from scaffold.migrate.lint_sql import SqlType, binary_coercible, split_statements

RULES = lint_rules.RULES
INVALID = [(rule, example) for rule in RULES for example in rule.invalid]
VALID = [(rule, example) for rule in RULES for example in rule.valid]


def _codes(sql: str) -> list[str]:
    return [code for code, _ in lint.lint_sql_text(sql)]


@pytest.mark.parametrize(
    ("rule", "example"), INVALID, ids=[f"{r.code}-{n}" for n, (r, _) in enumerate(INVALID)]
)
def test_every_invalid_example_triggers_its_rule(
    rule: lint_rules.MigrationRule, example: str
) -> None:
    assert rule.code in _codes(example), example


@pytest.mark.parametrize(
    ("rule", "example"), VALID, ids=[f"{r.code}-{n}" for n, (r, _) in enumerate(VALID)]
)
def test_no_valid_example_triggers_its_rule(rule: lint_rules.MigrationRule, example: str) -> None:
    assert rule.code not in _codes(example), example


def test_rules_have_unique_codes_and_examples_both_ways() -> None:
    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"ML1\d\d", code) for code in codes)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.invalid and rule.valid, rule.code
        assert rule.fix and rule.rationale and rule.summary, rule.code


def test_the_rule_list_starts_with_the_acknowledgement_finding() -> None:
    infos = lint.rule_infos()
    assert infos[0].code == lint.ACKNOWLEDGEMENT
    assert [info.code for info in infos[1:]] == [rule.code for rule in RULES]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # CREATE INDEX (ML101) and where the table came from.
        ("CREATE INDEX ix ON product (name);", ["ML101"]),
        ('CREATE INDEX ix ON "Product" (name);', ["ML101"]),
        ("CREATE TABLE product (id INTEGER);\nCREATE INDEX ix ON product (id);", []),
        (
            "CREATE TABLE IF NOT EXISTS shop.product (id INTEGER);\n"
            "CREATE INDEX ix ON product (id);",
            [],
        ),
        ("CREATE TABLE tag (id INTEGER);\nCREATE INDEX ix ON product (name);", ["ML101"]),
        # A table created and renamed in the same revision is still new.
        (
            "CREATE TABLE a (id INTEGER);\nALTER TABLE a RENAME TO b;\nCREATE INDEX ix ON b (id);",
            [],
        ),
        # Defaults (ML102): volatile ones rewrite, stable and constant ones do not.
        ("ALTER TABLE product ADD COLUMN r FLOAT DEFAULT random();", ["ML102"]),
        (
            "ALTER TABLE product ADD COLUMN n BIGINT DEFAULT nextval('s'::regclass) NOT NULL;",
            ["ML102"],
        ),
        ("ALTER TABLE product ADD COLUMN u UUID DEFAULT uuid_generate_v4();", ["ML102"]),
        ("ALTER TABLE product ADD COLUMN t TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL;", []),
        ("ALTER TABLE product ADD COLUMN t TIMESTAMP DEFAULT statement_timestamp();", []),
        ("ALTER TABLE product ADD COLUMN s VARCHAR DEFAULT 'random()' NOT NULL;", []),
        ("ALTER TABLE product ADD COLUMN i BIGINT GENERATED ALWAYS AS IDENTITY;", ["ML102"]),
        ("ALTER TABLE product ADD COLUMN flag BOOLEAN DEFAULT false NOT NULL;", []),
        # NOT NULL (ML104).
        ("ALTER TABLE product ADD COLUMN c INTEGER NOT NULL;", ["ML104"]),
        ("ALTER TABLE product ADD COLUMN c INTEGER DEFAULT NULL NOT NULL;", ["ML104"]),
        ("ALTER TABLE product ADD COLUMN c INTEGER;", []),
        ("ALTER TABLE product ALTER COLUMN c SET DEFAULT 0;", []),
        # Several actions in one ALTER TABLE are each checked.
        ("ALTER TABLE product DROP COLUMN a, ADD COLUMN b INTEGER NOT NULL;", ["ML104", "ML107"]),
        # Quoting, comments and strings never match.
        ("-- DROP TABLE product;\nSELECT 1;", []),
        ("/* DROP TABLE product; /* nested */ still a comment */ SELECT 1;", []),
        ("SELECT $body$ DROP TABLE product; $body$;", []),
        ("SELECT E'it\\'s; DROP TABLE product';", []),
        ("UPDATE product SET notes = 'ALTER TABLE product DROP COLUMN notes';", []),
        # Transaction state (ML111).
        ("COMMIT;\nDROP INDEX CONCURRENTLY ix;\nBEGIN;\nDROP INDEX CONCURRENTLY ix2;", ["ML111"]),
    ],
)
def test_statement_level_behaviour(sql: str, expected: list[str]) -> None:
    assert sorted(_codes(sql)) == expected


def test_the_schema_from_earlier_revisions_decides_type_changes() -> None:
    history = "CREATE TABLE product (name VARCHAR(120), price NUMERIC(10, 2), body TEXT);\n"
    history += "-- next revision\nALTER TABLE product ALTER COLUMN name TYPE VARCHAR(150);\n"
    # The second change starts from the 150 the first one left.
    assert _codes(history + "-- next revision\n" + _alter("name", "VARCHAR(140)")) == ["ML103"]
    assert _codes(history + "-- next revision\n" + _alter("name", "VARCHAR(150)")) == []
    assert _codes(history + "-- next revision\n" + _alter("body", "VARCHAR")) == []
    assert _codes(history + "-- next revision\n" + _alter("body", "VARCHAR(10)")) == ["ML103"]
    renamed = history + "-- next revision\nALTER TABLE product RENAME COLUMN name TO title;\n"
    assert _codes(renamed + "-- next revision\n" + _alter("title", "TEXT")) == []
    # A dropped and re-created table forgets the old columns.
    dropped = history + "-- next revision\nDROP TABLE product;\nCREATE TABLE product (id INTEGER);"
    assert _codes(dropped + "\n-- next revision\n" + _alter("name", "TEXT")) == ["ML103"]


def _alter(column: str, new_type: str) -> str:
    return f"ALTER TABLE product ALTER COLUMN {column} TYPE {new_type};"


@pytest.mark.parametrize(
    ("old", "new", "coercible"),
    [
        (SqlType("varchar", (10,)), SqlType("varchar", (20,)), True),
        (SqlType("varchar", (20,)), SqlType("varchar", (10,)), False),
        (SqlType("varchar", (20,)), SqlType("varchar"), True),
        (SqlType("varchar"), SqlType("varchar", (20,)), False),
        (SqlType("varchar", (20,)), SqlType("text"), True),
        (SqlType("text"), SqlType("varchar"), True),
        (SqlType("text"), SqlType("varchar", (200,)), False),
        (SqlType("numeric", (10, 2)), SqlType("numeric", (12, 2)), True),
        (SqlType("numeric", (10, 2)), SqlType("numeric", (12, 3)), False),
        (SqlType("numeric", (10, 2)), SqlType("numeric", (8, 2)), False),
        (SqlType("numeric", (10, 2)), SqlType("numeric"), True),
        (SqlType("numeric"), SqlType("numeric", (10, 2)), False),
        (SqlType("integer"), SqlType("bigint"), False),
        (SqlType("timestamp without time zone"), SqlType("timestamp with time zone"), False),
        (SqlType("varchar", (10,), array=True), SqlType("text"), False),
        (SqlType("integer"), SqlType("integer"), True),
    ],
)
def test_binary_coercible_type_changes(old: SqlType, new: SqlType, coercible: bool) -> None:
    assert binary_coercible(old, new) is coercible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("character varying(120)", SqlType("varchar", (120,))),
        ("DECIMAL(10, 2)", SqlType("numeric", (10, 2))),
        ("TIMESTAMP WITH TIME ZONE", SqlType("timestamp with time zone")),
        ("timestamptz", SqlType("timestamp with time zone")),
        ('VARCHAR(50) COLLATE "C"', SqlType("varchar", (50,))),
        ("INTEGER[]", SqlType("integer", array=True)),
    ],
)
def test_types_are_normalised(text: str, expected: SqlType) -> None:
    (statement,) = split_statements(text)
    assert lint_sql.parse_type(statement.tokens) == expected


def test_statements_split_on_top_level_semicolons_only() -> None:
    sql = (
        "CREATE TABLE a (s VARCHAR DEFAULT 'x;y');\n-- c; d\n"
        'SELECT $$ ; $$, $tag$ ; $tag$, "odd;name" FROM b /* ; */;\n\n;'
    )
    statements = split_statements(sql)
    assert [s.words(0, 1)[0] for s in statements] == ["CREATE", "SELECT"]
    assert statements[1].text.startswith("SELECT $$ ; $$")
    assert [t.name for t in statements[1].tokens if t.kind == "quoted"] == ["odd;name"]


def test_the_skill_documents_every_rule() -> None:
    from pathlib import Path

    skill = Path(__file__).parents[2] / "skills/db-migration-wizard/SKILL.md"
    text = skill.read_text(encoding="utf-8")
    section = text[text.index("## Linting migrations") :]
    for info in lint.rule_infos():
        assert f"| {info.code} |" in section or f"**{info.code}**" in section, info.code


TABLE = "CREATE TABLE mlt (id SERIAL PRIMARY KEY, v VARCHAR(10), n NUMERIC(10, 2), t TEXT, i INT)"
REWRITE_CASES = [
    ("ADD COLUMN a TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL", "ML102"),
    ("ADD COLUMN a TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP", "ML102"),
    ("ADD COLUMN a INTEGER DEFAULT 0 NOT NULL", "ML102"),
    ("ADD COLUMN a FLOAT DEFAULT random()", "ML102"),
    ("ADD COLUMN a UUID DEFAULT gen_random_uuid()", "ML102"),
    ("ADD COLUMN a TIMESTAMP DEFAULT clock_timestamp()", "ML102"),
    ("ADD COLUMN a BIGSERIAL", "ML102"),
    ("ADD COLUMN a INTEGER GENERATED ALWAYS AS (i + 1) STORED", "ML102"),
    ("ALTER COLUMN v TYPE VARCHAR(20)", "ML103"),
    ("ALTER COLUMN v TYPE VARCHAR(5)", "ML103"),
    ("ALTER COLUMN v TYPE TEXT", "ML103"),
    ("ALTER COLUMN t TYPE VARCHAR", "ML103"),
    ("ALTER COLUMN n TYPE NUMERIC(12, 2)", "ML103"),
    ("ALTER COLUMN n TYPE NUMERIC", "ML103"),
    ("ALTER COLUMN n TYPE NUMERIC(12, 3)", "ML103"),
    ("ALTER COLUMN i TYPE BIGINT", "ML103"),
]


@pytest.mark.parametrize(("action", "code"), REWRITE_CASES, ids=[a for a, _ in REWRITE_CASES])
def test_the_rewrite_verdicts_match_a_real_postgresql(
    postgres_admin_url: str, action: str, code: str
) -> None:
    """ML102/ML103 flag exactly the changes after which PostgreSQL has a new table file."""
    import psycopg

    flagged = code in _codes(f"{TABLE};\n-- next revision\nALTER TABLE mlt {action};")
    conninfo = postgres_admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection:  # one transaction, rolled back
        connection.execute(TABLE.replace("CREATE TABLE", "CREATE TEMP TABLE"))
        connection.execute(
            "INSERT INTO mlt (v, n, t, i) SELECT 'a', 1, 'x', 1 FROM generate_series(1, 100)"
        )
        query = "SELECT relfilenode FROM pg_class WHERE oid = 'mlt'::regclass"
        before = connection.execute(query).fetchone()
        connection.execute(f"ALTER TABLE mlt {action}")
        rewritten = connection.execute(query).fetchone() != before
        connection.rollback()
    assert flagged is rewritten
