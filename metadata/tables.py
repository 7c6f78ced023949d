"""The system tables (managed by Alembic): tenants, metadata, audit log, API keys, policies.

Tenant records live elsewhere, in one real table per object created by runtime DDL
(see `physical.py`); their names start with `t_` and Alembic never touches them.
"""
from __future__ import annotations

import sqlalchemy as sa

from .fieldtypes import JSONType, UTCDateTime

system = sa.MetaData()
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

tenants = sa.Table(
    "tenants", system,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("slug", sa.String(63), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("metadata_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("policy_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

meta_objects = sa.Table(
    "meta_objects", system,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(63), nullable=False),
    sa.Column("name_plural", sa.String(63), nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("label_plural", sa.Text, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("table_name", sa.String(63), nullable=False, unique=True),
    sa.Column("is_system", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deleted_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

meta_fields = sa.Table(
    "meta_fields", system,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("object_id", sa.String(36), sa.ForeignKey("meta_objects.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(63), nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("required", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("is_unique", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("indexed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("default_value", JSONType),
    sa.Column("options", JSONType),
    sa.Column("validation", JSONType),
    sa.Column("relation", JSONType),
    sa.Column("computed", JSONType),
    sa.Column("column_name", sa.String(63)),
    sa.Column("is_system", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("deleted_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

audit_log = sa.Table(
    "audit_log", system,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("object_id", sa.String(36)),
    sa.Column("object_name", sa.String(63)),
    sa.Column("record_id", sa.String(36)),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("changes", JSONType, nullable=False),
    sa.Index("ix_audit_log_record", "tenant_id", "record_id", "id"),
    sa.Index("ix_audit_log_tenant", "tenant_id", "id"),
)

api_keys = sa.Table(
    "api_keys", system,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("roles", JSONType, nullable=False),
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)

casbin_rule = sa.Table(
    "casbin_rule", system,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("ptype", sa.String(8), nullable=False),
    sa.Column("v0", sa.Text), sa.Column("v1", sa.Text), sa.Column("v2", sa.Text),
    sa.Column("v3", sa.Text), sa.Column("v4", sa.Text), sa.Column("v5", sa.Text),
    sa.Index("ix_casbin_rule_domain", "ptype", "v1"),
    sa.Index("ix_casbin_rule_g_domain", "ptype", "v2"),
)
"""Casbin lines: `p, role, tenant, object, action, condition` and `g, user, role, tenant`."""

roles = sa.Table(
    "roles", system,
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.String(63), primary_key=True),
    sa.Column("description", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
"""The roles a tenant defined (Casbin knows roles only through the lines that use them)."""

RECORD_TABLE_PREFIX = "t_"

tenant_plugins = sa.Table(
    "tenant_plugins", system,
    sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("plugin", sa.String(63), primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("settings", JSONType),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
"""A tenant's choice about one plugin; no row means the plugin's default (built-ins on, others off)."""
