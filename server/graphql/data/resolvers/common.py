"""What every resolver needs from the request: the caller's RecordStore and page size."""
from __future__ import annotations

import json
from typing import Any

from metadata.errors import BadUserInput, QueryTooComplex
from metadata.model import ObjectDef
from metadata.storage import DENY, RecordStore, RowScope
from metadata.storage.scope import Rule
from server.context import RequestContext

from ..computed import request_computed
from ..selection import selected_names
from ..write_hooks import plugin_hooks

STORE = "data.store"


def row_scope(ctx: RequestContext) -> RowScope:
    """The caller's per-object, per-action row rules, with `$user.id` and `$user.roles`."""
    access = ctx.access

    def rules(obj: ObjectDef, action: str) -> Rule:
        grant = access.for_object(obj)
        if grant is None or not grant.can(action):
            return DENY
        return grant.scope_for(action)

    variables = {"user.id": ctx.principal.user_id, "user.roles": sorted(ctx.principal.roles)}
    return RowScope(ctx.model, rules, variables)


def store(ctx: RequestContext) -> RecordStore:
    """One RecordStore per request (kept with the request's loaders), with the caller's
    computed fields as derived columns and the enabled plugins' record hooks."""
    found = ctx.loaders.get(STORE)
    if found is None:
        found = ctx.loaders[STORE] = RecordStore(
            ctx.model, row_scope(ctx), ctx.actor, ctx.runtime.settings.secret,
            derived=request_computed(ctx).derived, hooks=plugin_hooks(ctx),
        )
    return found  # type: ignore[no-any-return]


def computed_selected(ctx: RequestContext, obj: ObjectDef, info: Any, *path: str) -> frozenset[str]:
    """The SQL-computed fields of `obj` the query selects under `path`, to read in the same statement."""
    return request_computed(ctx).selectable(obj, selected_names(info, path))


def page_size(ctx: RequestContext, first: int | None) -> int:
    limits = ctx.runtime.settings.limits
    if first is None:
        return limits.default_page_size
    if first < 0:
        raise BadUserInput("`first` must not be negative")
    if first > limits.max_page_size:
        raise QueryTooComplex(f"`first` is {first}, more than the maximum page size {limits.max_page_size}")
    return first


def loader_key(*parts: Any) -> str:
    """A stable key for loaders that depend on arguments (aliases may pass different ones)."""
    return json.dumps(parts, sort_keys=True, default=str)
