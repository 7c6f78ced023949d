"""record ids and relations as native uuid on PostgreSQL

Record tables are created at runtime, so this migration finds them through the metadata
tables: every object's table (deleted objects keep theirs) and every relation field's
column (deleted fields keep theirs). Values were always canonical UUID text, so the
cast cannot fail. SQLite keeps text ids.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns(target_type: str) -> list[tuple[str, str]]:
    """(table, column) of record ids and relations not yet of `target_type`."""
    bind = op.get_bind()
    existing = {
        (table, column): data_type
        for table, column, data_type in bind.execute(sa.text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        ))
    }
    wanted = [(table, "id") for (table,) in bind.execute(sa.text("SELECT table_name FROM meta_objects"))]
    wanted += [(table, column) for table, column in bind.execute(sa.text(
        "SELECT o.table_name, f.column_name FROM meta_fields f JOIN meta_objects o ON o.id = f.object_id "
        "WHERE f.type = 'RELATION' AND f.column_name IS NOT NULL"
    ))]
    return [(t, c) for t, c in wanted if existing.get((t, c)) not in (None, target_type)]


def _convert(target_type: str, sql_type: str) -> None:
    """Column by column, each ALTER committed on its own: one transaction over thousands of
    tenant tables would run out of PostgreSQL's lock table. An interrupted run resumes
    where it stopped (converted columns are skipped)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _columns(target_type):
        with op.get_context().autocommit_block():
            op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {sql_type} USING "{column}"::{sql_type}')


def upgrade() -> None:
    _convert("uuid", "uuid")


def downgrade() -> None:
    _convert("character varying", "varchar(36)")
