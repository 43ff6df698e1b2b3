"""db-migration-wizard: Alembic migrations made, checked, tested and linted."""
