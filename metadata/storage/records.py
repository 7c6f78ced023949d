"""RecordStore: every read and write of tenant records for one caller.

Each public method takes an open connection from the caller, so one request's writes
share one transaction (the resolver opens it) and reads share one read transaction.
Every statement carries the caller's row scope; nothing is filtered in Python.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..errors import BadUserInput
from ..ids import parse_uuid
from ..model import ObjectDef, TenantModel
from . import deletion, writes
from .cursors import CursorCodec
from .derived import Derived, DerivedColumn, no_derived
from .hooks import WriteHooks
from .ordering import SortKey, sort_keys
from .pages import Page, PageArgs
from .scope import RowScope
from .selects import by_ids_select, count_select, page_select

Row = Mapping[str, Any]


def record_id(value: Any) -> str:
    """A canonical record id; a malformed one is BAD_USER_INPUT."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise BadUserInput(f"malformed id {str(value)[:64]!r}")
    return parsed


class RecordStore:
    """`derived` gives each object's computed columns (filterable, sortable, selectable on
    request); `hooks` run inside every write's transaction."""

    def __init__(self, model: TenantModel, scope: RowScope, actor: str | None, secret: str,
                 derived: Derived = no_derived, hooks: WriteHooks | None = None) -> None:
        self.model = model
        self.scope = scope
        self.derived = derived
        self.ctx = scope.api_context(derived)
        self.actor = actor
        self.secret = secret
        self.hooks = hooks

    # ------------------------------------------------------------ reads

    def codec(self, obj: ObjectDef, keys: Sequence[SortKey]) -> CursorCodec:
        return CursorCodec(self.secret, self.model.tenant_id, obj.id, keys)

    def sort_keys(self, obj: ObjectDef, args: PageArgs) -> tuple[SortKey, ...]:
        return sort_keys(obj, args.order_by, self.derived(obj))

    def selected(self, obj: ObjectDef, names: Collection[str], keys: Sequence[SortKey] = ()) -> list[DerivedColumn]:
        """The derived columns a read returns: those asked for, and every derived sort key
        (its value goes into the cursor)."""
        available = self.derived(obj)
        wanted = dict.fromkeys([*names, *(k.name for k in keys if k.expression is not None)])
        return [available[name] for name in wanted if name in available]

    def plan_page(self, obj: ObjectDef, args: PageArgs) -> tuple[sa.Select[Any], CursorCodec]:
        """The statement for one page (first + 1 rows) and the codec of its cursors."""
        keys = self.sort_keys(obj, args)
        codec = self.codec(obj, keys)
        after = codec.decode(args.after) if args.after is not None else None
        statement = page_select(
            self.model, obj, self.ctx, filter=args.filter, keys=keys, after=after,
            include_deleted=args.include_deleted, limit=args.first + 1,
            derived=self.selected(obj, args.derived, keys),
        )
        return statement, codec

    async def page(self, conn: AsyncConnection, obj: ObjectDef, args: PageArgs) -> Page:
        statement, codec = self.plan_page(obj, args)
        rows = (await conn.execute(statement)).mappings().all()
        return Page(rows[: args.first], len(rows) > args.first, codec)

    async def count(self, conn: AsyncConnection, obj: ObjectDef, filter: Mapping[str, Any] | None = None,
                    include_deleted: bool = False) -> int:
        statement = count_select(self.model, obj, self.ctx, filter=filter, include_deleted=include_deleted)
        return int((await conn.execute(statement)).scalar_one())

    async def get(self, conn: AsyncConnection, obj: ObjectDef, id: Any, derived: Collection[str] = ()) -> Row | None:
        """The live record in scope, or None (missing, deleted, out of scope: all look alike)."""
        rows = await self.get_many(conn, obj, [record_id(id)], derived)
        return next(iter(rows.values()), None)

    async def get_many(self, conn: AsyncConnection, obj: ObjectDef, ids: Sequence[str],
                       derived: Collection[str] = ()) -> dict[str, Row]:
        if not ids:
            return {}
        statement = by_ids_select(self.model, obj, self.ctx, ids, derived=self.selected(obj, derived))
        result = await conn.execute(statement)
        return {row["id"]: row for row in result.mappings()}

    # ------------------------------------------------------------ writes

    def _writer(self) -> writes.Writer:
        return writes.Writer(self.model, self.scope, self.actor, self.hooks)

    async def create(self, conn: AsyncConnection, obj: ObjectDef, data: Mapping[str, Any]) -> Row:
        return (await self._writer().create(conn, obj, [data], bulk=False))[0]

    async def create_many(self, conn: AsyncConnection, obj: ObjectDef, items: Sequence[Mapping[str, Any]]) -> list[Row]:
        """All or nothing: one problem anywhere and no record is written."""
        return await self._writer().create(conn, obj, items, bulk=True)

    async def update(self, conn: AsyncConnection, obj: ObjectDef, id: Any, data: Mapping[str, Any],
                     expected_version: int | None = None) -> Row:
        return await self._writer().update(conn, obj, record_id(id), data, expected_version)

    async def delete(self, conn: AsyncConnection, obj: ObjectDef, id: Any) -> Row:
        return await deletion.Deleter(self._writer()).delete(conn, obj, record_id(id))

    async def restore(self, conn: AsyncConnection, obj: ObjectDef, id: Any) -> Row:
        return await deletion.Deleter(self._writer()).restore(conn, obj, record_id(id))
