"""Tenant records in SQLAlchemy Core: the filter compiler, ordering and cursors, reads,
writes, aggregates and batched relations. Everything here runs on SQLite and PostgreSQL."""
from .filters import FilterContext, UnresolvableRule, compile_filter
from .pages import Page, PageArgs
from .records import RecordStore, record_id
from .scope import DENY, RowScope, unrestricted

__all__ = [
    "DENY", "FilterContext", "Page", "PageArgs", "RecordStore", "RowScope", "UnresolvableRule",
    "compile_filter", "record_id", "unrestricted",
]
