"""Row scope is part of the SQL of every read and write; a rule that cannot resolve denies."""
from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from metadata.errors import Forbidden, NotFound
from metadata.model import ObjectDef, TenantModel
from metadata.storage import PageArgs, RowScope
from metadata.storage.aggregates import aggregate

from .conftest import Harness, obj

OWN = {"ownerId": {"eq": "$user.id"}}


def scoped(db: Harness, model: TenantModel, rule: Any, user: str = "u1") -> Any:
    account = obj(model, "account")

    def rules(o: ObjectDef, action: str) -> Any:
        return rule if o is account else None

    return db.store(model, RowScope(model, rules, {"user.id": user, "user.roles": ["rep"]}), actor=user)


def seed(db: Harness, model: TenantModel) -> dict[str, Any]:
    admin = db.store(model, actor="admin")
    account = obj(model, "account")
    rows = db.write(lambda conn: admin.create_many(conn, account, [
        {"name": "mine", "ownerId": "u1", "score": 1}, {"name": "theirs", "ownerId": "u2", "score": 5},
    ]))
    return {r["name"]: r for r in rows}


def test_reads_see_only_rows_in_scope(db: Harness, model: TenantModel) -> None:
    """Lists, counts, get and aggregates only see rows the rule allows."""
    rows = seed(db, model)
    store = scoped(db, model, OWN)
    account = obj(model, "account")
    page = db.read(lambda conn: store.page(conn, account, PageArgs()))
    assert [r["name"] for r in page.rows] == ["mine"]
    assert db.read(lambda conn: store.count(conn, account)) == 1
    assert db.read(lambda conn: store.get(conn, account, rows["theirs"]["id"])) is None
    totals = db.read(lambda conn: aggregate(conn, model, account, store.ctx, fields=[account.fields_by_name["score"]]))
    assert (totals[0]["count"], totals[0]["sum"]["score"]) == (1, 1)


def test_writes_outside_scope(db: Harness, model: TenantModel) -> None:
    """Updating or deleting a row out of scope is NOT_FOUND; a write that moves a row out of
    scope, or creates one outside it, is FORBIDDEN and writes nothing."""
    rows = seed(db, model)
    store = scoped(db, model, OWN)
    account = obj(model, "account")
    with pytest.raises(NotFound):
        db.write(lambda conn: store.update(conn, account, rows["theirs"]["id"], {"score": 9}))
    with pytest.raises(NotFound):
        db.write(lambda conn: store.delete(conn, account, rows["theirs"]["id"]))
    with pytest.raises(Forbidden):
        db.write(lambda conn: store.update(conn, account, rows["mine"]["id"], {"ownerId": "u2"}))
    with pytest.raises(Forbidden):
        db.write(lambda conn: store.create(conn, account, {"name": "gift", "ownerId": "u2"}))
    admin = db.store(model)
    names = {r["name"]: r for r in db.read(lambda conn: admin.page(conn, account, PageArgs())).rows}
    assert set(names) == {"mine", "theirs"} and names["mine"]["ownerId"] == "u1"


@pytest.mark.parametrize("rule", [{"ownerId": {"eq": "$user.unknown"}}, {"deletedField": {"eq": 1}}, False])
def test_unresolvable_rule_denies(db: Harness, model: TenantModel, rule: Any) -> None:
    """A rule naming an unknown variable or field, or DENY, matches no row."""
    seed(db, model)
    store = scoped(db, model, rule)
    account = obj(model, "account")
    assert db.read(lambda conn: store.page(conn, account, PageArgs())).rows == []
    assert db.ids(model, account, sa.true()) != set()
