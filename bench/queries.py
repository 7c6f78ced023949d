"""Q1-Q4 twice: as metacrm GraphQL, and as one hand-written SQL statement each on
metacrm's own physical tables that returns exactly the GraphQL `data` as JSON text.

The SQL is the anchor's `queries/sql/q*.sql` moved onto metacrm's tables: names come
from the tenant model (tables and columns are named by ids), soft-deleted rows are left
out like the API does, and an optional `scope` adds the restricted role's row filter.
It is what a hand-tuned server would send; the ratio metacrm / SQL is the overhead of
everything metacrm does on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from metadata.model import ObjectDef, TenantModel

QUERY_NAMES = ("q1", "q2", "q3", "q4")

GRAPHQL: dict[str, str] = {
    "q1": """query Q1($id: ID!) {
  customer(id: $id) {
    id name email phone company industry annualRevenue tier ownerId createdAt tags
  }
}""",
    "q2": """query Q2($industry: String!, $minRevenue: Decimal!) {
  customers(first: 50, orderBy: [{createdAt: DESC}],
            filter: {industry: {eq: $industry}, annualRevenue: {gt: $minRevenue}}) {
    edges { node { id name email company industry annualRevenue tier ownerId createdAt } }
  }
}""",
    "q3": """query Q3($industry: String!, $minRevenue: Decimal!) {
  customers(first: 50, orderBy: [{createdAt: DESC}],
            filter: {industry: {eq: $industry}, annualRevenue: {gt: $minRevenue}}) {
    edges { node {
      id name company annualRevenue createdAt
      tickets(first: 5, orderBy: [{createdAt: DESC}], filter: {closedAt: {isNull: true}}) {
        edges { node { id subject status priority createdAt } }
      }
    } }
  }
}""",
    "q4": """query Q4($ownerId: String!) {
  ticketsAggregate(filter: {customer: {ownerId: {eq: $ownerId}}}, groupBy: [status]) {
    group count
  }
}""",
}

PARAMS: dict[str, tuple[str, ...]] = {
    "q1": ("id",),
    "q2": ("industry", "minRevenue"),
    "q3": ("industry", "minRevenue"),
    "q4": ("ownerId",),
}
"""Which variables become $1, $2, ... of the SQL, in order."""

UNORDERED = frozenset()
"""Queries whose lists may legitimately come in another order (none: Q4 groups are sorted)."""


@dataclass(frozen=True)
class Names:
    """Quoted physical names of one object: `t` is the table, `c(name)` a field's column."""

    obj: ObjectDef

    @property
    def t(self) -> str:
        return f'"{self.obj.table}"'

    def c(self, name: str) -> str:
        f = self.obj.fields_by_name[name]
        return f'"{f.column}"'


def _json(alias: str, n: Names, fields: list[str], casts: dict[str, str] | None = None) -> str:
    """`json_build_object('id', x.id, 'name', x."c_..", ...)` in the given order."""
    system = {"id": "id", "ownerId": "owner_id", "createdAt": "created_at"}
    parts = []
    for name in fields:
        column = system[name] if name in system else n.c(name)
        parts.append(f"'{name}', {alias}.{column}{(casts or {}).get(name, '')}")
    return "json_build_object(" + ", ".join(parts) + ")"


def _live(scope: str | None) -> Callable[[str], str]:
    def live(alias: str) -> str:
        extra = f" and ({scope.format(a=alias)})" if scope else ""
        return f"{alias}.deleted_at is null{extra}"

    return live


MONEY = {"annualRevenue": "::text"}


def _page(cust: Names, live: Callable[[str], str]) -> str:
    return (
        f"select * from {cust.t} c where {live('c')} and c.{cust.c('industry')} = $1 "
        f"and c.{cust.c('annualRevenue')} > $2 order by c.created_at desc, c.id limit 50"
    )


def sql_q1(model: TenantModel, scope: str | None = None) -> str:
    cust, live = Names(model.objects_by_name["customer"]), _live(scope)
    return (
        "select json_build_object('customer', (select "
        + _json(
            "c",
            cust,
            [
                "id",
                "name",
                "email",
                "phone",
                "company",
                "industry",
                "annualRevenue",
                "tier",
                "ownerId",
                "createdAt",
                "tags",
            ],
            MONEY,
        )
        + f" from {cust.t} c where c.id = $1 and {live('c')})) as data"
    )


def sql_q2(model: TenantModel, scope: str | None = None) -> str:
    cust, live = Names(model.objects_by_name["customer"]), _live(scope)
    return (
        "select json_build_object('customers', json_build_object('edges', coalesce(json_agg("
        "json_build_object('node', "
        + _json(
            "c",
            cust,
            [
                "id",
                "name",
                "email",
                "company",
                "industry",
                "annualRevenue",
                "tier",
                "ownerId",
                "createdAt",
            ],
            MONEY,
        )
        + f") order by c.created_at desc, c.id), '[]'::json))) as data from ({_page(cust, live)}) c"
    )


def sql_q3(model: TenantModel, scope: str | None = None) -> str:
    cust, tick, live = (
        Names(model.objects_by_name["customer"]),
        Names(model.objects_by_name["ticket"]),
        _live(scope),
    )
    ticket_node = _json("t", tick, ["id", "subject", "status", "priority", "createdAt"])
    return (
        "select json_build_object('customers', json_build_object('edges', coalesce(json_agg("
        "json_build_object('node', json_build_object("
        f"'id', c.id, 'name', c.{cust.c('name')}, 'company', c.{cust.c('company')}, "
        f"'annualRevenue', c.{cust.c('annualRevenue')}::text, 'createdAt', c.created_at, "
        "'tickets', json_build_object('edges', t.edges))) order by c.created_at desc, c.id), '[]'::json))) "
        f"as data from ({_page(cust, live)}) c cross join lateral ("
        f"select coalesce(json_agg(json_build_object('node', {ticket_node}) order by t.created_at desc, t.id), "
        f"'[]'::json) as edges from (select * from {tick.t} t where t.{tick.c('customer')} = c.id "
        f"and t.{tick.c('closedAt')} is null and {live('t')} order by t.created_at desc, t.id limit 5) t) t"
    )


def sql_q4(model: TenantModel, scope: str | None = None) -> str:
    cust, tick, live = (
        Names(model.objects_by_name["customer"]),
        Names(model.objects_by_name["ticket"]),
        _live(scope),
    )
    return (
        "select json_build_object('ticketsAggregate', coalesce(json_agg("
        "json_build_object('group', json_build_object('status', g.status), 'count', g.n) "
        "order by g.status), '[]'::json)) as data from ("
        f"select t.{tick.c('status')} as status, count(*) as n from {tick.t} t "
        f"join {cust.t} c on c.id = t.{tick.c('customer')} "
        f"where c.owner_id = $1 and {live('c')} and {live('t')} group by t.{tick.c('status')}) g"
    )


def raw_sql(model: TenantModel, scope: str | None = None) -> dict[str, str]:
    """The four statements for `model`; `scope` is an extra SQL condition on `{a}`, the
    alias of each table read (the row filter of a restricted role)."""
    return {
        "q1": sql_q1(model, scope),
        "q2": sql_q2(model, scope),
        "q3": sql_q3(model, scope),
        "q4": sql_q4(model, scope),
    }
