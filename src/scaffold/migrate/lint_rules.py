"""The migration rules (ML1xx): SQL that locks or breaks a live PostgreSQL table.

One rule is one small class with a stable code, a summary, the rationale, the safe sequence
(`fix`) and its own examples: SQL it must flag (`invalid`) and SQL it must leave alone
(`valid`). A parametrized test runs every example, and `--explain CODE` prints them. In an
example, a line `-- next revision` separates earlier revisions (they only build the schema
the linter knows) from the revision being linted.

"Existing table" means a table this revision did not create: a table created earlier in the
same revision has no live rows and no running code that reads it yet.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from scaffold.migrate import lint_sql as sql
from scaffold.validators.findings import Severity

# PostgreSQL functions marked VOLATILE that migrations use as column defaults. now(),
# current_timestamp and statement_timestamp() are STABLE: PostgreSQL 11+ stores such a default
# once, without touching the rows, so they are not here.
VOLATILE_FUNCTIONS = frozenset(
    {
        "clock_timestamp",
        "timeofday",
        "random",
        "random_normal",
        "gen_random_uuid",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
        "nextval",
    }
)


@dataclass
class Context:
    """What a rule knows when it reads one statement of the revision being linted."""

    schema: sql.Schema = field(default_factory=sql.Schema)
    created: set[str] = field(default_factory=set)
    in_transaction: bool = True
    not_valid_in_transaction: set[str] = field(default_factory=set)

    def existing(self, table: str) -> bool:
        """Whether the table was there before this revision (so it may hold live rows)."""
        return table not in self.created

    def advance(self, statement: sql.Statement) -> None:
        """Record what the statement did, for the statements after it."""
        words = statement.words(0, 2)
        if words[0] in {"COMMIT", "END", "ROLLBACK"}:
            self.in_transaction = False
            self.not_valid_in_transaction.clear()
        elif words[0] == "BEGIN" or words == ("START", "TRANSACTION"):
            self.in_transaction = True
        created = sql.parse_create_table(statement)
        if created is not None:
            self.created.add(created.table)
        altered = sql.parse_alter_table(statement)
        if altered is not None:
            for action in altered.actions:
                constraint = sql.added_constraint(action)
                if constraint is not None and constraint.not_valid and constraint.name:
                    self.not_valid_in_transaction.add(constraint.name)
                renames = len(action) > 2 and [t.upper for t in action[:2]] == ["RENAME", "TO"]
                if renames and altered.table in self.created:
                    self.created.add(action[2].name)
        self.schema.apply(statement)


class MigrationRule(ABC):
    """One rule with a stable code; subclasses set the attributes and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    rationale: ClassVar[str]
    fix: ClassVar[str]
    invalid: ClassVar[tuple[str, ...]]
    valid: ClassVar[tuple[str, ...]]
    severity: ClassVar[Severity] = "error"

    @abstractmethod
    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        """Yield a message for each problem in one statement."""


def _actions(
    statement: sql.Statement, context: Context
) -> Iterator[tuple[str, tuple[sql.Token, ...]]]:
    """(table, action tokens) of each action of an ALTER TABLE on an existing table."""
    altered = sql.parse_alter_table(statement)
    if altered is None or not context.existing(altered.table):
        return
    for action in altered.actions:
        yield altered.table, action


class CreateIndexNotConcurrently(MigrationRule):
    code = "ML101"
    name = "create-index-not-concurrently"
    summary = "CREATE INDEX without CONCURRENTLY on an existing table"
    rationale = (
        "A plain CREATE INDEX holds a SHARE lock on the table for the whole build: every "
        "INSERT, UPDATE and DELETE waits until the index is built, minutes on a large table. "
        "CREATE INDEX CONCURRENTLY builds it while writes go on."
    )
    fix = (
        "build it concurrently, outside the migration's transaction: `with "
        "op.get_context().autocommit_block(): op.create_index(..., "
        "postgresql_concurrently=True)`; if the build fails, drop the INVALID index it leaves "
        "and run it again"
    )
    invalid = (
        "CREATE INDEX ix_product_name ON product (name);",
        "CREATE UNIQUE INDEX IF NOT EXISTS ix_product_sku ON public.product (sku);",
    )
    valid = (
        "COMMIT;\nCREATE INDEX CONCURRENTLY ix_product_name ON product (name);\nBEGIN;",
        "CREATE TABLE tag (id SERIAL NOT NULL, name VARCHAR(50));\n"
        "CREATE INDEX ix_tag_name ON tag (name);",
        "INSERT INTO note (body) VALUES ('CREATE INDEX ix ON product (name)');",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        index = sql.parse_create_index(statement)
        if index is not None and not index.concurrently and context.existing(index.table):
            yield (
                f"CREATE INDEX {index.name} on the existing table {index.table} without "
                f"CONCURRENTLY blocks every write to {index.table} until the index is built"
            )


class AddColumnVolatileDefault(MigrationRule):
    code = "ML102"
    name = "add-column-volatile-default"
    summary = "Adding a column whose default is computed per row (volatile, serial, generated)"
    rationale = (
        "PostgreSQL 11+ adds a column with a constant or stable default (0, 'new', now()) "
        "without touching the rows. A volatile default (clock_timestamp(), random(), "
        "gen_random_uuid(), nextval()), a serial or identity column, or a stored generated "
        "column must be computed for every existing row: the whole table is rewritten under an "
        "ACCESS EXCLUSIVE lock that blocks reads and writes."
    )
    fix = (
        "add the column without that default (nullable, or with a constant default), set the "
        "default for new rows with `ALTER COLUMN ... SET DEFAULT`, backfill existing rows in "
        "batches (a later migration or a script), then add NOT NULL the safe way (ML104)"
    )
    invalid = (
        "ALTER TABLE product ADD COLUMN seen_at TIMESTAMP DEFAULT clock_timestamp() NOT NULL;",
        "ALTER TABLE product ADD COLUMN public_id UUID DEFAULT gen_random_uuid();",
        "ALTER TABLE product ADD COLUMN position SERIAL NOT NULL;",
        "ALTER TABLE product ADD COLUMN total NUMERIC GENERATED ALWAYS AS (price * stock) STORED;",
    )
    valid = (
        "ALTER TABLE product ADD COLUMN seen_at TIMESTAMP;\n"
        "ALTER TABLE product ALTER COLUMN seen_at SET DEFAULT clock_timestamp();",
        "ALTER TABLE product ADD COLUMN created_at TIMESTAMP WITH TIME ZONE DEFAULT now() "
        "NOT NULL;",
        "ALTER TABLE product ADD COLUMN stock INTEGER DEFAULT 0 NOT NULL;",
        "CREATE TABLE tag (id SERIAL NOT NULL);\n"
        "ALTER TABLE tag ADD COLUMN public_id UUID DEFAULT gen_random_uuid() NOT NULL;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            column = sql.added_column(action)
            if column is None:
                continue
            volatile = sorted(set(sql.function_calls(column.default or ())) & VOLATILE_FUNCTIONS)
            if volatile:
                what = f"the volatile default {volatile[0]}()"
            elif column.serial:
                what = f"the type {column.type} (a sequence default)"
            elif column.generated:
                what = "a generated (identity or stored) value"
            else:
                continue
            yield (
                f"adding {table}.{column.name} with {what} rewrites every row of {table} under "
                "an ACCESS EXCLUSIVE lock"
            )


class AlterColumnType(MigrationRule):
    code = "ML103"
    name = "alter-column-type"
    summary = "ALTER COLUMN TYPE that rewrites the table"
    rationale = (
        "Changing a column's type rewrites the table and rebuilds its indexes under an ACCESS "
        "EXCLUSIVE lock, unless the old type converts to the new one without a rewrite. The "
        "linter knows those cases: varchar(n) to a longer varchar or to text or unbounded "
        "varchar, text to unbounded varchar, numeric(p,s) to numeric(p2>=p,s) or unbounded "
        "numeric. Anything else, a USING clause, or an old type the migrations do not show, "
        "is flagged."
    )
    fix = (
        "expand and contract: add a column of the new type, write to both (app code or a "
        "trigger), backfill in batches, switch reads to the new column, and drop the old one "
        "in a later release"
    )
    invalid = (
        "CREATE TABLE product (name VARCHAR(120));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN name TYPE VARCHAR(50);",
        "ALTER TABLE product ALTER COLUMN stock TYPE BIGINT;",
        "CREATE TABLE product (name VARCHAR(120));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN name TYPE TEXT USING upper(name);",
        "CREATE TABLE product (price NUMERIC(10, 2));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN price TYPE NUMERIC(12, 4);",
    )
    valid = (
        "CREATE TABLE product (name VARCHAR(120));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN name TYPE VARCHAR(200);",
        "CREATE TABLE product (name VARCHAR(120));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN name TYPE TEXT;",
        "CREATE TABLE product (price NUMERIC(10, 2));\n-- next revision\n"
        "ALTER TABLE product ALTER COLUMN price SET DATA TYPE NUMERIC(14, 2);",
        "CREATE TABLE tag (id SERIAL NOT NULL, name VARCHAR(50));\n"
        "ALTER TABLE tag ALTER COLUMN name TYPE INTEGER USING length(name);",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            change = sql.alter_column(action)
            new = sql.changed_type(change) if change is not None else None
            if change is None or new is None:
                continue
            using = any(token.upper == "USING" for token in change.rest)
            old = context.schema.column_type(table, change.column)
            if not using and old is not None and sql.binary_coercible(old, new):
                continue
            was = f"from {old} " if old is not None else ""
            yield (
                f"changing {table}.{change.column} {was}to {new} rewrites {table} and its "
                "indexes under an ACCESS EXCLUSIVE lock"
            )


class NotNullInOneStep(MigrationRule):
    code = "ML104"
    name = "not-null-in-one-step"
    summary = "SET NOT NULL, or a NOT NULL column without a default, on an existing table"
    rationale = (
        "`ALTER COLUMN ... SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock "
        "to prove there is no NULL. `ADD COLUMN ... NOT NULL` without a default fails as soon "
        "as the table has a row. PostgreSQL 12+ skips the scan when a validated "
        "`CHECK (col IS NOT NULL)` constraint already proves it."
    )
    fix = (
        "add `CHECK (col IS NOT NULL) NOT VALID` (instant), `VALIDATE CONSTRAINT` it in a later "
        "migration (scans without blocking writes), then `SET NOT NULL` (no scan) and drop the "
        "check; for a new column, add it nullable or with a constant default, backfill, then "
        "the same sequence"
    )
    invalid = (
        "ALTER TABLE product ALTER COLUMN sku SET NOT NULL;",
        "ALTER TABLE product ADD COLUMN barcode VARCHAR(64) NOT NULL;",
        "ALTER TABLE product ADD CONSTRAINT ck_product_sku_nn CHECK (sku IS NOT NULL) NOT VALID;\n"
        "ALTER TABLE product ALTER COLUMN sku SET NOT NULL;",
    )
    valid = (
        "ALTER TABLE product ADD CONSTRAINT ck_product_sku_nn CHECK (sku IS NOT NULL) NOT VALID;\n"
        "-- next revision\n"
        "ALTER TABLE product VALIDATE CONSTRAINT ck_product_sku_nn;\n"
        "ALTER TABLE product ALTER COLUMN sku SET NOT NULL;\n"
        "ALTER TABLE product DROP CONSTRAINT ck_product_sku_nn;",
        "ALTER TABLE product ADD COLUMN stock INTEGER DEFAULT 0 NOT NULL;",
        "ALTER TABLE product ALTER COLUMN sku DROP NOT NULL;",
        "CREATE TABLE tag (id SERIAL NOT NULL, name VARCHAR(50));\n"
        "ALTER TABLE tag ALTER COLUMN name SET NOT NULL;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            change = sql.alter_column(action)
            if change is not None and [t.upper for t in change.rest] == ["SET", "NOT", "NULL"]:
                if (table, change.column) not in context.schema.not_null_checked:
                    yield (
                        f"SET NOT NULL on {table}.{change.column} scans all of {table} under "
                        "an ACCESS EXCLUSIVE lock"
                    )
                continue
            column = sql.added_column(action)
            if column is None or not column.not_null or column.serial or column.generated:
                continue
            if column.default is None or [t.upper for t in column.default] == ["NULL"]:
                yield (
                    f"adding {table}.{column.name} NOT NULL without a default fails as soon as "
                    f"{table} has a row"
                )


class RenameColumn(MigrationRule):
    code = "ML105"
    name = "rename-column"
    summary = "Renaming a column of an existing table"
    rationale = (
        "The instances still running the previous release select and write the old column "
        "name: from the moment the migration commits until every instance runs the new code, "
        "their queries fail."
    )
    fix = (
        "expand and contract: add the new column, write to both, backfill, deploy code that "
        "reads the new one, drop the old one in a later release; or keep the database name and "
        'rename only the model attribute (`Field(sa_column=sa.Column("old_name", ...))`)'
    )
    invalid = (
        "ALTER TABLE product RENAME COLUMN stock TO quantity;",
        'ALTER TABLE product RENAME "Stock" TO quantity;',
    )
    valid = (
        "ALTER TABLE product ADD COLUMN quantity INTEGER;",
        "CREATE TABLE tag (id SERIAL NOT NULL, label VARCHAR(50));\n"
        "ALTER TABLE tag RENAME COLUMN label TO name;",
        "ALTER TABLE product RENAME CONSTRAINT uq_product_sku TO uq_product_code;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            renamed = sql.renamed_column(action)
            if renamed is not None:
                yield (
                    f"renaming {table}.{renamed[0]} to {renamed[1]} breaks the running code "
                    f"that still reads {renamed[0]}"
                )


class RenameTable(MigrationRule):
    code = "ML106"
    name = "rename-table"
    summary = "Renaming an existing table"
    rationale = (
        "The instances still running the previous release query the old table name: their "
        "queries fail from the moment the migration commits until every instance is "
        "redeployed."
    )
    fix = (
        "rename it and, in the same migration, `CREATE VIEW old_name AS SELECT * FROM new_name` "
        "(a simple view is updatable) so the old code keeps working; drop the view once every "
        'instance runs the new code; or keep the name (`__tablename__ = "old_name"`)'
    )
    invalid = (
        "ALTER TABLE product RENAME TO item;",
        "ALTER TABLE IF EXISTS shop.product RENAME TO item;",
    )
    valid = (
        "CREATE TABLE tag (id SERIAL NOT NULL);\nALTER TABLE tag RENAME TO label;",
        "ALTER TABLE product RENAME CONSTRAINT uq_product_sku TO uq_product_code;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            if len(action) > 2 and action[0].upper == "RENAME" and action[1].upper == "TO":
                yield (
                    f"renaming the table {table} to {action[2].name} breaks the running code "
                    f"that still queries {table}"
                )


class DropColumn(MigrationRule):
    code = "ML107"
    name = "drop-column"
    summary = "Dropping a column of an existing table"
    rationale = (
        "SQLModel selects every column its model maps: the instances still running the "
        "previous release fail on every query of the table once the column is gone."
    )
    fix = (
        "two releases: first deploy code that no longer reads or writes the column (remove the "
        "field from the model), then drop the column in a migration of a later release and "
        "acknowledge this finding there (`# scaffold: allow[ML107] -- why` above the op line)"
    )
    invalid = (
        "ALTER TABLE product DROP COLUMN notes;",
        "ALTER TABLE product DROP COLUMN IF EXISTS notes CASCADE;",
    )
    valid = (
        "ALTER TABLE product DROP CONSTRAINT uq_product_sku;",
        "ALTER TABLE product ALTER COLUMN notes DROP DEFAULT;",
        "CREATE TABLE tag (id SERIAL NOT NULL, label VARCHAR(50));\n"
        "ALTER TABLE tag DROP COLUMN label;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            dropped = sql.dropped_column(action)
            if dropped is not None:
                yield (f"dropping {table}.{dropped} breaks the running code that still selects it")


class DropTable(MigrationRule):
    code = "ML108"
    name = "drop-table"
    summary = "Dropping an existing table"
    rationale = (
        "The instances still running the previous release fail on every query of the table, "
        "and its rows are gone for good."
    )
    fix = (
        "first deploy code that no longer uses the table, then drop it in a later release "
        "(keep a backup, `pg_dump -t table`, if the data may be needed) and acknowledge this "
        "finding there (`# scaffold: allow[ML108] -- why` above the op line)"
    )
    invalid = ("DROP TABLE product;", "DROP TABLE IF EXISTS review, product CASCADE;")
    valid = (
        "CREATE TABLE scratch (id SERIAL NOT NULL);\nDROP TABLE scratch;",
        "DROP INDEX ix_product_name;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table in sql.drop_table_names(statement):
            if context.existing(table):
                yield f"dropping the table {table} breaks the running code that still queries it"


class ConstraintValidatedUnderLock(MigrationRule):
    code = "ML109"
    name = "constraint-validated-under-lock"
    summary = "CHECK or FOREIGN KEY added to an existing table and validated in the same step"
    rationale = (
        "Adding a CHECK or FOREIGN KEY constraint scans the whole table while holding a lock "
        "that blocks writes (and, for a foreign key, writes to the referenced table too). "
        "`NOT VALID` makes the ADD instant; `VALIDATE CONSTRAINT` then scans under a lock that "
        "allows reads and writes, but only in another transaction: in the same one, the ADD's "
        "ACCESS EXCLUSIVE lock is still held for the whole scan."
    )
    fix = (
        'add it `NOT VALID` (`op.execute("ALTER TABLE t ADD CONSTRAINT c ... NOT VALID")`), '
        "and `VALIDATE CONSTRAINT` it in a later migration"
    )
    invalid = (
        "ALTER TABLE review ADD CONSTRAINT fk_review_product_id_product FOREIGN KEY(product_id) "
        "REFERENCES product (id);",
        "ALTER TABLE product ADD CONSTRAINT ck_product_stock CHECK (stock >= 0);",
        "ALTER TABLE product ADD CONSTRAINT ck_product_stock CHECK (stock >= 0) NOT VALID;\n"
        "ALTER TABLE product VALIDATE CONSTRAINT ck_product_stock;",
    )
    valid = (
        "ALTER TABLE product ADD CONSTRAINT ck_product_stock CHECK (stock >= 0) NOT VALID;\n"
        "-- next revision\n"
        "ALTER TABLE product VALIDATE CONSTRAINT ck_product_stock;",
        "CREATE TABLE tag (id SERIAL NOT NULL, product_id INTEGER);\n"
        "ALTER TABLE tag ADD CONSTRAINT fk_tag_product FOREIGN KEY(product_id) "
        "REFERENCES product (id);",
        "ALTER TABLE product ADD CONSTRAINT ck_product_stock CHECK (stock >= 0) NOT VALID;\n"
        "COMMIT;\nALTER TABLE product VALIDATE CONSTRAINT ck_product_stock;\nBEGIN;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            words = [token.upper for token in action]
            if words[:2] == ["VALIDATE", "CONSTRAINT"] and len(action) > 2:
                name = action[2].name
                if name in context.not_valid_in_transaction:
                    yield (
                        f"validating {name} in the transaction that added it holds the ACCESS "
                        f"EXCLUSIVE lock on {table} for the whole scan"
                    )
                continue
            constraint = sql.added_constraint(action)
            if constraint is None or constraint.kind not in {"CHECK", "FOREIGN"}:
                continue
            if not constraint.not_valid:
                kind = "FOREIGN KEY" if constraint.kind == "FOREIGN" else "CHECK"
                label = f" {constraint.name}" if constraint.name else ""
                yield (
                    f"adding the {kind}{label} to {table} without NOT VALID scans all of "
                    f"{table} while blocking writes"
                )


class UniqueConstraintUnderLock(MigrationRule):
    code = "ML110"
    name = "unique-constraint-under-lock"
    summary = "UNIQUE or PRIMARY KEY constraint added to an existing table (index built locked)"
    rationale = (
        "Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds its index under an ACCESS "
        "EXCLUSIVE lock: reads and writes wait for the whole build."
    )
    fix = (
        "build the index first with `CREATE UNIQUE INDEX CONCURRENTLY` (in an "
        "autocommit_block), then `ALTER TABLE t ADD CONSTRAINT name UNIQUE USING INDEX "
        "index_name` (instant)"
    )
    invalid = (
        "ALTER TABLE product ADD CONSTRAINT uq_product_sku UNIQUE (sku);",
        "ALTER TABLE product ADD PRIMARY KEY (id);",
    )
    valid = (
        "ALTER TABLE product ADD CONSTRAINT uq_product_sku UNIQUE USING INDEX ix_product_sku;",
        "CREATE TABLE tag (id SERIAL NOT NULL, name VARCHAR(50));\n"
        "ALTER TABLE tag ADD CONSTRAINT uq_tag_name UNIQUE (name);",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        for table, action in _actions(statement, context):
            constraint = sql.added_constraint(action)
            if constraint is None or constraint.kind not in {"UNIQUE", "PRIMARY", "EXCLUDE"}:
                continue
            if not constraint.using_index:
                kind = "PRIMARY KEY" if constraint.kind == "PRIMARY" else constraint.kind
                yield (
                    f"adding the {kind} constraint to {table} builds its index while blocking "
                    f"reads and writes of {table}"
                )


class ConcurrentlyInTransaction(MigrationRule):
    code = "ML111"
    name = "concurrently-in-transaction"
    summary = "CONCURRENTLY inside the migration's transaction (the migration fails)"
    rationale = (
        "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot "
        "run inside a transaction block, and Alembic runs each migration in one: the "
        "migration fails on PostgreSQL."
    )
    fix = (
        "wrap the operation in `with op.get_context().autocommit_block():`, which commits the "
        "migration's transaction before it and opens a new one after"
    )
    invalid = (
        "CREATE INDEX CONCURRENTLY ix_product_name ON product (name);",
        "DROP INDEX CONCURRENTLY ix_product_name;",
    )
    valid = (
        "COMMIT;\nCREATE INDEX CONCURRENTLY ix_product_name ON product (name);\nBEGIN;",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY product_totals;",
    )

    def check(self, statement: sql.Statement, context: Context) -> Iterator[str]:
        if not context.in_transaction:
            return
        words = statement.words(0, 4)
        if words[0] in {"CREATE", "DROP", "REINDEX"} and "CONCURRENTLY" in words:
            command = " ".join(words[: words.index("CONCURRENTLY") + 1])
            yield f"{command} cannot run inside the migration's transaction: the migration fails"


RULES: tuple[MigrationRule, ...] = (
    CreateIndexNotConcurrently(),
    AddColumnVolatileDefault(),
    AlterColumnType(),
    NotNullInOneStep(),
    RenameColumn(),
    RenameTable(),
    DropColumn(),
    DropTable(),
    ConstraintValidatedUnderLock(),
    UniqueConstraintUnderLock(),
    ConcurrentlyInTransaction(),
)
