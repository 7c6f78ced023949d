"""Notify every server process when a tenant's metadata or policy version moves.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

On PostgreSQL an AFTER UPDATE trigger on `tenants` sends
`NOTIFY metacrm_versions, '<tenant id> <metadata version> <policy version>'`; it is
delivered when the changing transaction commits, so listeners never see a version
whose metadata is not yet visible. SQLite (one process) has no equivalent and needs none.
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION metacrm_notify_versions() RETURNS trigger AS $$
BEGIN
    IF NEW.metadata_version IS DISTINCT FROM OLD.metadata_version
       OR NEW.policy_version IS DISTINCT FROM OLD.policy_version THEN
        PERFORM pg_notify('metacrm_versions',
            NEW.id || ' ' || NEW.metadata_version || ' ' || NEW.policy_version);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""

TRIGGER = """
CREATE TRIGGER tenants_versions_notify AFTER UPDATE ON tenants
FOR EACH ROW EXECUTE FUNCTION metacrm_notify_versions()
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS tenants_versions_notify ON tenants")
    op.execute("DROP FUNCTION IF EXISTS metacrm_notify_versions()")
