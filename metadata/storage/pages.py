"""A page of records in keyset order, with lazily computed cursors."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .cursors import CursorCodec


@dataclass(frozen=True)
class PageArgs:
    filter: Mapping[str, Any] | None = None
    order_by: Sequence[Mapping[str, Any]] | None = None
    first: int = 50
    after: str | None = None
    include_deleted: bool = False
    derived: frozenset[str] = frozenset()
    """Derived values (computed fields) to return with each row; derived sort keys always are."""


@dataclass
class Page:
    rows: Sequence[Mapping[str, Any]]
    has_next: bool
    codec: CursorCodec

    def cursor(self, row: Mapping[str, Any]) -> str:
        return self.codec.encode(row)

    @property
    def end_cursor(self) -> str | None:
        return self.cursor(self.rows[-1]) if self.rows else None
