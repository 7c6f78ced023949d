"""Keyset pagination: pages walked with cursors give exactly the total order (nulls last,
`id` breaking ties), and cursors that were not issued for this query are refused."""
from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metadata.errors import BadUserInput
from metadata.model import TenantModel
from metadata.storage import PageArgs

from .conftest import Harness, obj
from .test_filter_compiler import _insert

KEYS = ("name", "score", "active", "born")


def _rows() -> list[dict[str, Any]]:
    rnd = random.Random(11)
    return [
        {
            "id": str(uuid.uuid4()),
            "name": rnd.choice([None, "a", "b", "c", "ab"]),
            "score": rnd.choice([None, 1, 2, 3]),
            "active": rnd.choice([None, True, False]),
            "born": rnd.choice([None, dt.date(2000, 1, 1), dt.date(1990, 5, 5)]),
        }
        for _ in range(30)
    ]


def expected_order(rows: list[dict[str, Any]], spec: list[tuple[str, str]]) -> list[str]:
    ordered = sorted(rows, key=lambda r: r["id"])
    for key, direction in reversed(spec):
        present = [r for r in ordered if r[key] is not None]
        ordered = sorted(present, key=lambda r: r[key], reverse=direction == "DESC") + [
            r for r in ordered if r[key] is None
        ]
    return [r["id"] for r in ordered]


@pytest.fixture(scope="module")
def table(db: Harness) -> tuple[TenantModel, list[dict[str, Any]]]:
    model = db.new_model()
    rows = _rows()
    _insert(db, model, "account", rows)
    return model, rows


def walk(db: Harness, model: TenantModel, order_by: list[dict[str, str]], size: int) -> list[str]:
    store = db.store(model)
    account = obj(model, "account")
    seen: list[str] = []
    after = None
    for _ in range(100):
        args = PageArgs(order_by=order_by, first=size, after=after)
        page = db.read(lambda conn, args=args: store.page(conn, account, args))
        seen += [r["id"] for r in page.rows]
        if not page.has_next:
            return seen
        after = page.end_cursor
    raise AssertionError("pagination does not end")


spec_strategy = st.lists(
    st.tuples(st.sampled_from(KEYS), st.sampled_from(["ASC", "DESC"])), min_size=0, max_size=3,
    unique_by=lambda t: t[0],
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(spec=spec_strategy, size=st.integers(1, 8))
def test_pages_follow_the_total_order(db: Harness, table: Any, spec: list[tuple[str, str]], size: int) -> None:
    """Concatenated pages equal the full order: list precedence, nulls last both ways, id ties."""
    model, rows = table
    assert walk(db, model, [{k: d} for k, d in spec], size) == expected_order(rows, spec)


def _first_page(db: Harness, model: TenantModel, order_by: Any) -> Any:
    store = db.store(model)
    return db.read(lambda conn: store.page(conn, obj(model, "account"), PageArgs(order_by=order_by, first=2)))


def _page_after(db: Harness, model: TenantModel, order_by: Any, cursor: str, object_name: str = "account") -> Any:
    store = db.store(model)
    return db.read(lambda conn: store.page(conn, obj(model, object_name), PageArgs(order_by=order_by, first=2, after=cursor)))


def test_tampered_cursor_is_refused(db: Harness, table: Any) -> None:
    """Changing any character of a cursor makes it invalid (HMAC signature)."""
    model, _rows = table
    cursor = _first_page(db, model, [{"name": "ASC"}]).end_cursor
    body, signature = cursor.split(".")
    forged = body[:-1] + ("A" if body[-1] != "A" else "B") + "." + signature
    for bad in (forged, "garbage", "", cursor + "x"):
        with pytest.raises(BadUserInput, match="invalid cursor"):
            _page_after(db, model, [{"name": "ASC"}], bad)


def test_cursor_from_another_order_object_or_tenant_is_refused(db: Harness, table: Any) -> None:
    """A cursor only continues the query it came from: same tenant, object and orderBy."""
    model, _rows = table
    cursor = _first_page(db, model, [{"name": "ASC"}]).end_cursor
    with pytest.raises(BadUserInput, match="invalid cursor"):
        _page_after(db, model, [{"name": "DESC"}], cursor)
    with pytest.raises(BadUserInput, match="invalid cursor"):
        _page_after(db, model, [{"name": "ASC"}], cursor, object_name="contact")
    other = db.new_model()
    with pytest.raises(BadUserInput, match="invalid cursor"):
        _page_after(db, other, [{"name": "ASC"}], cursor)
