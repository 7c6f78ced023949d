"""Create and update: validated values, checked references, one audit entry per record.

Writes run inside the caller's transaction; any error raised here aborts all of it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..audit import created, diff
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..ids import new_ids
from ..model import FieldType, ObjectDef, TenantModel
from ..physical import SYSTEM_COLUMNS, index_name, record_table
from ..tables import audit_log
from . import hooks as hook
from .bulk import BulkInsert
from .scope import RowScope
from .selects import api_columns, output_columns
from .values import OWNER, InputRules, Problem, input_fields, prepare

Row = Mapping[str, Any]
CREATE, UPDATE, DELETE = "CREATE", "UPDATE", "DELETE"
AUDITED_SYSTEM = ("ownerId",)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=4096)
def audited_names(obj: ObjectDef) -> tuple[str, ...]:
    """The values an audit entry compares: business fields by API name, and the owner."""
    return tuple(name for name in api_columns(obj) if name not in SYSTEM_COLUMNS or name in AUDITED_SYSTEM)


def audit_view(obj: ObjectDef, row: Row) -> dict[str, Any]:
    return {name: row[name] for name in audited_names(obj)}


@lru_cache(maxsize=1024)
def record_insert(dialect: str, obj: ObjectDef, varying: tuple[str, ...], constant: tuple[str, ...]) -> BulkInsert:
    """The INSERT of new records, returning them as the API sees them."""
    table = record_table(obj)
    return BulkInsert(dialect, table, varying, constant, output_columns(obj, table))


@lru_cache(maxsize=16)
def audit_insert(dialect: str, varying: tuple[str, ...], constant: tuple[str, ...]) -> BulkInsert:
    return BulkInsert(dialect, audit_log, varying, constant)


class Writer:
    def __init__(self, model: TenantModel, scope: RowScope, actor: str | None,
                 hooks: hook.WriteHooks | None = None) -> None:
        self.model = model
        self.scope = scope
        self.actor = actor
        self.hooks = hooks

    # ------------------------------------------------------------ create

    async def create(self, conn: AsyncConnection, obj: ObjectDef, items: Sequence[Mapping[str, Any]], bulk: bool) -> list[Row]:
        """Every record in one INSERT and their audit entries in another, whatever their
        number; plugins' hooks run per record only when one listens."""
        hooks = self.hooks if self.hooks is not None and self.hooks.listening(hook.CREATE) else None
        rules = InputRules(self.model, obj)
        prepared: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for index, data in enumerate(items):
            if hooks is not None:
                data = await hooks.before(conn, obj, hook.CREATE, None, None, dict(data))
            values, found = rules.prepare(data, creating=True, index=index if bulk else None)
            prepared.append(values)
            problems.extend(found)
        problems.extend(await self.reference_problems(conn, obj, prepared, bulk))
        if problems:
            raise ValidationFailed(problems)
        if not prepared:
            return []
        actor = self.actor
        ids = new_ids(len(prepared))
        varying = {
            "id": ids,
            **{f.column: [values.get(name) for values in prepared] for name, f in rules.fields.items()},
            "owner_id": [values.get(OWNER, actor) for values in prepared],
        }
        at = now()
        constant = {"created_at": at, "updated_at": at, "created_by": actor, "updated_by": actor,
                    "version": 1, "deleted_at": None}
        insert = record_insert(conn.dialect.name, obj, tuple(varying), tuple(constant))
        result = await self.execute(conn, obj, insert.statement, insert.params(varying, constant))
        keys = list(result.keys())
        by_id = {row["id"]: row for row in (dict(zip(keys, values)) for values in result.all())}
        rows = [by_id[key] for key in ids]
        await self.ensure_in_scope(conn, obj, [r["id"] for r in rows], CREATE)
        names = audited_names(obj)
        await self.audit(conn, obj, "create", [(None, r) for r in rows], at,
                         [created(r, names) for r in rows])
        if hooks is not None:
            for row in rows:
                await hooks.after(conn, obj, hook.CREATE, row["id"], None, row)
        return rows

    # ------------------------------------------------------------ update

    async def update(self, conn: AsyncConnection, obj: ObjectDef, id: str, data: Mapping[str, Any],
                     expected_version: int | None) -> Row:
        values, problems = prepare(self.model, obj, data, creating=False)
        if problems:
            raise ValidationFailed(problems)
        before = await self.locked(conn, obj, id, UPDATE)
        if before is None:
            raise NotFound(f"no {obj.name} with id {id}")
        if expected_version is not None and before["version"] != expected_version:
            raise Conflict(
                f"{obj.name} {id} is at version {before['version']}, not {expected_version}",
                currentVersion=before["version"],
            )
        if self.hooks is not None:
            changed = await self.hooks.before(conn, obj, hook.UPDATE, id, before, dict(data))
            if changed != dict(data):
                values, problems = prepare(self.model, obj, changed, creating=False)
                if problems:
                    raise ValidationFailed(problems)
        problems = await self.reference_problems(conn, obj, [values], bulk=False)
        if problems:
            raise ValidationFailed(problems)
        table = record_table(obj)
        fields = input_fields(self.model, obj)
        changes: dict[str, Any] = {
            (fields[name].column if name != OWNER else "owner_id"): value for name, value in values.items()
        }
        at = now()
        statement = (
            table.update()
            .where(table.c.id == id, table.c.version == before["version"])
            .values(**changes, version=before["version"] + 1, updated_at=at, updated_by=self.actor)
            .returning(*output_columns(obj, table))
        )
        row = (await self.execute(conn, obj, statement)).mappings().first()
        if row is None:
            raise Conflict(f"{obj.name} {id} was changed by someone else; reload and retry")
        await self.ensure_in_scope(conn, obj, [id], UPDATE)
        await self.audit(conn, obj, "update", [(before, row)], at)
        if self.hooks is not None:
            await self.hooks.after(conn, obj, hook.UPDATE, id, before, row)
        return row

    # ------------------------------------------------------------ shared steps

    async def locked(self, conn: AsyncConnection, obj: ObjectDef, id: str, action: str, live: bool = True) -> Row | None:
        """The record as the caller may change it, locked until the transaction ends."""
        table = record_table(obj)
        where = [table.c.id == id]
        if live:
            where.append(table.c.deleted_at.is_(None))
        scope = self.scope.for_action(obj, table, action)
        if scope is not None:
            where.append(scope)
        statement = sa.select(*output_columns(obj, table)).where(*where).with_for_update()
        return (await conn.execute(statement)).mappings().first()

    async def execute(self, conn: AsyncConnection, obj: ObjectDef, statement: Any, params: Any = None) -> Any:
        """Run a write; a unique index violation becomes CONFLICT naming the field."""
        try:
            return await conn.execute(statement, params)
        except IntegrityError as exc:
            message = str(exc.orig)
            for f in obj.live_fields:
                if f.unique and f.column and (f.column in message or index_name(obj, f, unique=True) in message):
                    raise Conflict(f"another {obj.name} already has this {f.name}", field=f.name) from None
            raise

    async def ensure_in_scope(self, conn: AsyncConnection, obj: ObjectDef, ids: Sequence[str], action: str) -> None:
        """A write whose result leaves the caller's row scope is FORBIDDEN (and rolled back)."""
        table = record_table(obj)
        scope = self.scope.for_action(obj, table, action)
        if scope is None or not ids:
            return
        statement = sa.select(sa.func.count()).select_from(table).where(table.c.id.in_(list(ids)), scope)
        if (await conn.execute(statement)).scalar_one() != len(ids):
            raise Forbidden(f"the {obj.name} would fall outside the records you may {action.lower()}")

    async def reference_problems(self, conn: AsyncConnection, obj: ObjectDef, items: Sequence[Mapping[str, Any]],
                                 bulk: bool) -> list[Problem]:
        """Relation ids must name live records of the target that the caller can see."""
        problems: list[Problem] = []
        for name, f in input_fields(self.model, obj).items():
            if f.type is not FieldType.RELATION:
                continue
            wanted = {item[name] for item in items if item.get(name) is not None}
            target = self.model.live_target(f)
            if not wanted or target is None:
                continue
            table = record_table(target)
            where = [table.c.id.in_(sorted(wanted)), table.c.deleted_at.is_(None)]
            scope = self.scope(target, table)
            if scope is not None:
                where.append(scope)
            found = set((await conn.execute(sa.select(table.c.id).where(*where))).scalars())
            for index, item in enumerate(items):
                if item.get(name) is not None and item[name] not in found:
                    problem: Problem = {"field": name, "message": f"no {target.name} with id {item[name]}"}
                    if bulk:
                        problem["index"] = index
                    problems.append(problem)
        return problems

    async def audit(self, conn: AsyncConnection, obj: ObjectDef, action: str,
                    pairs: Sequence[tuple[Row | None, Row]], at: dt.datetime,
                    changes: Sequence[dict[str, Any]] | None = None) -> None:
        """One entry per (before, after) pair, all in one statement."""
        if not pairs:
            return
        if changes is None:
            changes = [diff(audit_view(obj, before) if before is not None else None, audit_view(obj, after))
                       for before, after in pairs]
        varying = {"record_id": [after["id"] for _before, after in pairs], "changes": list(changes)}
        constant = {"tenant_id": self.model.tenant_id, "at": at, "actor": self.actor, "action": action,
                    "object_id": obj.id, "object_name": obj.name}
        insert = audit_insert(conn.dialect.name, tuple(varying), tuple(constant))
        await conn.execute(insert.statement, insert.params(varying, constant))
