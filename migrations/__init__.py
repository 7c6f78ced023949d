"""Alembic migrations of the system tables (tenant record tables are runtime DDL, not here)."""
