"""The filter compiler gives the same answers as the Python model of the filter language,
on SQLite and PostgreSQL, and refuses what it cannot compile."""
from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metadata.model import TenantModel
from metadata.physical import record_table
from metadata.storage import FilterContext, UnresolvableRule, compile_filter
from metadata.storage.scope import RowScope

from .conftest import TAGS, Harness, obj
from .semantics import evaluate, like_regex

ALPHABET = "aAbB%_\\"
SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=list(HealthCheck))


def _rows(seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(40):
        rows.append({
            "id": str(uuid.uuid4()),
            "name": None if rnd.random() < 0.15 else "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 4))),
            "score": None if rnd.random() < 0.2 else rnd.randint(-2, 2),
            "tags": None if rnd.random() < 0.2 else rnd.sample(TAGS, rnd.randint(0, 3)),
            "active": rnd.choice([True, False, None]),
        })
    return rows


def _insert(db: Harness, model: TenantModel, name: str, rows: list[dict[str, Any]], **extra: Any) -> None:
    o = obj(model, name)
    table = record_table(o)
    now = dt.datetime.now(dt.UTC)
    params = []
    for row in rows:
        values = {"id": row["id"], "created_at": now, "updated_at": now, "version": 1,
                  "deleted_at": now if row.get("deleted") else None}
        for f in o.live_fields:
            key = f.id_name if f.name in extra.get("relations", ()) else f.name
            if key in row:
                values[f.column] = row[key]
        params.append(values)

    async def go(conn: Any) -> None:
        await conn.execute(table.insert(), params)

    db.write(go)


text = st.text(alphabet=ALPHABET, max_size=3)
score = st.integers(-3, 3)
tag_list = st.lists(st.sampled_from(TAGS), max_size=3)

leaf = st.one_of(
    st.builds(lambda op, v: {"name": {op: v}}, st.sampled_from(["eq", "neq", "like", "ilike", "startsWith", "contains"]), text),
    st.builds(lambda op, v: {"name": {op: v}}, st.sampled_from(["in", "nin"]), st.lists(text, max_size=3)),
    st.builds(lambda op, v: {"score": {op: v}}, st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte"]), score),
    st.builds(lambda op, v: {"score": {op: v}}, st.sampled_from(["in", "nin"]), st.lists(score, max_size=3)),
    st.builds(lambda op, v: {"tags": {op: v}}, st.sampled_from(["containsAny", "containsAll"]), tag_list),
    st.builds(lambda k, v: {k: {"isNull": v}}, st.sampled_from(["name", "score", "active"]), st.booleans()),
    st.builds(lambda v: {"tags": {"isEmpty": v}}, st.booleans()),
    st.builds(lambda v: {"active": {"eq": v}}, st.booleans()),
)
filters = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"and": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda xs: {"or": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
        st.builds(lambda a, b: {**a, **b}, inner, inner),
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def accounts(db: Harness) -> tuple[TenantModel, list[dict[str, Any]]]:
    model = db.new_model()
    rows = _rows(7)
    _insert(db, model, "account", rows)
    return model, rows


def _matching(db: Harness, model: TenantModel, name: str, ast: Any, ctx: FilterContext | None = None) -> set[str]:
    o = obj(model, name)
    table = record_table(o)
    return db.ids(model, o, compile_filter(model, o, table, ast, ctx or FilterContext()))


@SETTINGS
@given(ast=filters)
def test_sql_matches_the_reference_semantics(db: Harness, accounts: Any, ast: dict[str, Any]) -> None:
    """Every generated filter selects exactly the rows the Python model of the language selects."""
    model, rows = accounts
    expected = {r["id"] for r in rows if evaluate(r, ast)}
    assert _matching(db, model, "account", ast) == expected


@pytest.fixture(scope="module")
def contacts(db: Harness, accounts: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Contacts pointing at accounts, a third of which are soft-deleted; and the live accounts."""
    model, rows = accounts
    deleted = {r["id"] for r in rows[::3]}
    account_table = record_table(obj(model, "account"))

    async def soft_delete(conn: Any) -> None:
        await conn.execute(account_table.update().where(account_table.c.id.in_(deleted))
                           .values(deleted_at=sa.func.current_timestamp()))

    db.write(soft_delete)
    rnd = random.Random(3)
    found = [{"id": str(uuid.uuid4()), "name": "c", "accountId": rnd.choice([None, *[r["id"] for r in rows]])}
             for _ in range(40)]
    _insert(db, model, "contact", found, relations=("account",))
    return found, {r["id"]: r for r in rows if r["id"] not in deleted}


@SETTINGS
@given(sub=leaf, is_null=st.booleans())
def test_relation_filters_match_only_live_targets(db: Harness, accounts: Any, contacts: Any,
                                                  sub: dict[str, Any], is_null: bool) -> None:
    """A relation sub-filter and `<relation>Id.isNull` treat a soft-deleted target as no target."""
    model, _rows = accounts
    rows, live = contacts
    related = {"account": lambda c: live.get(c["accountId"])}
    expected = {c["id"] for c in rows if evaluate(c, {"account": sub}, related)}
    assert _matching(db, model, "contact", {"account": sub}) == expected
    expected_null = {c["id"] for c in rows if (related["account"](c) is None) == is_null}
    assert _matching(db, model, "contact", {"accountId": {"isNull": is_null}}) == expected_null


@pytest.mark.parametrize("pattern,expected", [
    ("a%", {"ab", "a%b", "a_b", "a\\b"}),
    ("A%", {"Ab"}),
    ("AB", set()),
    ("a\\%b", {"a%b"}),
    ("a\\_b", {"a_b"}),
    ("a_b", {"a%b", "a_b", "a\\b"}),
    ("a\\\\b", {"a\\b"}),
    ("%b", {"ab", "Ab", "a%b", "a_b", "a\\b"}),
])
def test_like_is_case_sensitive_with_escapes(db: Harness, pattern: str, expected: set[str]) -> None:
    """`like` is case-sensitive on every database; `%`, `_` and `\\`-escapes follow SQL."""
    model = db.new_model()
    names = ["ab", "Ab", "a%b", "a_b", "a\\b"]
    rows = [{"id": str(uuid.uuid4()), "name": n} for n in names]
    _insert(db, model, "account", rows)
    by_id = {r["id"]: r["name"] for r in rows}
    assert {by_id[i] for i in _matching(db, model, "account", {"name": {"like": pattern}})} == expected
    insensitive = {n for n in names if like_regex(pattern, ignore_case=True).fullmatch(n)}
    assert insensitive >= expected
    assert {by_id[i] for i in _matching(db, model, "account", {"name": {"ilike": pattern}})} == insensitive


def test_ilike_ignores_case_and_starts_with_is_literal(db: Harness, model: TenantModel) -> None:
    """`ilike` matches any case; `startsWith`/`contains` treat `%` and `_` literally and keep case."""
    rows = [{"id": str(uuid.uuid4()), "name": n} for n in ["Alpha", "ALPHA", "alp%", "al_x", "beta"]]
    _insert(db, model, "account", rows)
    by_id = {r["id"]: r["name"] for r in rows}

    def names(ast: Any) -> set[str]:
        return {by_id[i] for i in _matching(db, model, "account", ast)}

    assert names({"name": {"ilike": "alpha"}}) == {"Alpha", "ALPHA"}
    assert names({"name": {"startsWith": "alp%"}}) == {"alp%"}
    assert names({"name": {"startsWith": "Al"}}) == {"Alpha"}
    assert names({"name": {"contains": "_"}}) == {"al_x"}
    assert names({"name": {"contains": "PH"}}) == {"ALPHA"}


def test_rule_variables_are_resolved(db: Harness, model: TenantModel) -> None:
    """`"$user.id"` and `"$user.roles"` take the caller's values; `"$$x"` is the literal `"$x"`."""
    rows = [{"id": str(uuid.uuid4()), "name": n} for n in ["u1", "admin", "$x", "other"]]
    _insert(db, model, "account", rows)
    by_id = {r["id"]: r["name"] for r in rows}
    ctx = FilterContext({"user.id": "u1", "user.roles": ["admin", "viewer"]})
    found = _matching(db, model, "account", {"or": [{"name": {"eq": "$user.id"}}, {"name": {"in": "$user.roles"}},
                                                    {"name": {"eq": "$$x"}}]}, ctx)
    assert {by_id[i] for i in found} == {"u1", "admin", "$x"}
    literal = _matching(db, model, "account", {"name": {"eq": "$x"}})
    assert {by_id[i] for i in literal} == {"$x"}


@pytest.mark.parametrize("ast", [
    {"nope": {"eq": 1}},
    {"score": {"like": "1"}},
    {"score": {"eq": "many"}},
    {"name": {"eq": None}},
    {"name": {"eq": "$user.secret"}},
    {"account": {"name": {"eq": "x"}}},
    {"and": {"name": {"eq": "x"}}},
    {"tags": {"containsAny": "red"}},
])
def test_unresolvable_filters_raise(db: Harness, model: TenantModel, ast: dict[str, Any]) -> None:
    """Unknown fields, operators or variables, null or ill-typed operands raise UnresolvableRule."""
    o = obj(model, "account")
    with pytest.raises(UnresolvableRule):
        compile_filter(model, o, record_table(o), ast, FilterContext({"user.id": "u1"}))


def test_scope_applies_inside_relation_filters(db: Harness, model: TenantModel) -> None:
    """A relation sub-filter only matches related records inside the caller's scope for them."""
    accounts = [{"id": str(uuid.uuid4()), "name": n} for n in ["mine", "theirs"]]
    _insert(db, model, "account", accounts)
    contacts = [{"id": str(uuid.uuid4()), "name": "c", "accountId": a["id"]} for a in accounts]
    _insert(db, model, "contact", contacts, relations=("account",))
    account = obj(model, "account")
    scope = RowScope(model, lambda o, action: {"name": {"eq": "mine"}} if o is account else None, {})
    found = _matching(db, model, "contact", {"account": {}}, scope.api_context())
    assert found == {contacts[0]["id"]}
