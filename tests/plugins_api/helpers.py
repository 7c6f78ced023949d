"""Checks shared by the plugin API tests: a computed field's values, order, filter and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import Api, TenantRef
from tests.data_api.helpers import ok


def ago(clock: dt.datetime, days: float) -> str:
    return (clock - dt.timedelta(days=days)).isoformat()


async def create(api: Api, tenant: TenantRef, obj: str, **values: Any) -> str:
    name = obj[:1].upper() + obj[1:]
    data = await ok(
        api,
        tenant,
        f"mutation($in: {name}CreateInput!) {{ create{name}(input: $in) {{ id }} }}",
        {"in": values},
    )
    return str(data[f"create{name}"]["id"])


async def listing(
    api: Api,
    tenant: TenantRef,
    plural: str,
    field: str,
    *,
    order: str | None = None,
    where: dict[str, Any] | None = None,
    first: int = 100,
    after: str | None = None,
    **kw: Any,
) -> Any:
    query = (
        f"query($f: Int, $a: String, $o: [{_type(plural)}OrderBy!], $w: {_type(plural)}Filter) {{ "
        f"{plural}(first: $f, after: $a, orderBy: $o, filter: $w) {{ totalCount pageInfo {{ hasNextPage endCursor }} "
        f"edges {{ node {{ id {field} }} }} }} }}"
    )
    variables = {"f": first, "a": after, "o": [{field: order}] if order else None, "w": where}
    return (await ok(api, tenant, query, variables, **kw))[plural]


def _type(plural: str) -> str:
    return {"customers": "Customer", "leads": "Lead", "tickets": "Ticket"}[plural]


def _sorted(rows: list[tuple[str, Any]], descending: bool) -> list[str]:
    present = sorted((r for r in rows if r[1] is not None), key=lambda r: r[0])
    present.sort(key=lambda r: r[1], reverse=descending)
    return [r[0] for r in present] + sorted(r[0] for r in rows if r[1] is None)


MATCHES = {
    "gte": lambda value, operand: value >= operand,
    "eq": lambda value, operand: value == operand,
}


async def check_sort_filter_pages(
    api: Api,
    tenant: TenantRef,
    plural: str,
    field: str,
    threshold: Any,
    parse: Any = lambda v: v,
    op: str = "gte",
) -> dict[str, Any]:
    """Sorting both ways matches the values (nulls last, `id` breaks ties), the filter `op`
    keeps exactly the matching values, and pages of 2 by the field cover every row once."""
    everything = await listing(api, tenant, plural, field)
    values = {e["node"]["id"]: e["node"][field] for e in everything["edges"]}
    rows = [(i, None if v is None else parse(v)) for i, v in values.items()]
    for direction in ("ASC", "DESC"):
        got = [
            e["node"]["id"]
            for e in (await listing(api, tenant, plural, field, order=direction))["edges"]
        ]
        assert got == _sorted(rows, direction == "DESC"), (field, direction, values)
    kept = await listing(api, tenant, plural, field, where={field: {op: threshold}})
    expected = {i for i, v in rows if v is not None and MATCHES[op](v, parse(threshold))}
    assert {e["node"]["id"] for e in kept["edges"]} == expected and kept["totalCount"] == len(
        expected
    )
    seen: list[str] = []
    after = None
    while True:
        page = await listing(api, tenant, plural, field, order="DESC", first=2, after=after)
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == _sorted(rows, True)
    return values
