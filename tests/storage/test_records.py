"""RecordStore writes: versions, owners, validation, references, uniqueness, onDelete, audit."""
from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from metadata.errors import Conflict, NotFound, ValidationFailed
from metadata.model import TenantModel
from metadata.tables import audit_log

from .conftest import Harness, obj


def create(db: Harness, model: TenantModel, name: str, data: dict[str, Any], actor: str = "u1") -> Any:
    store = db.store(model, actor=actor)
    return db.write(lambda conn: store.create(conn, obj(model, name), data))


def fields_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p["field"] for p in exc.value.problems}


def test_create_sets_system_fields_and_defaults(db: Harness, model: TenantModel) -> None:
    """Version 1, createdBy = owner = actor, defaultValue filled, explicit null owner = unowned."""
    row = create(db, model, "account", {"name": "A"})
    assert (row["version"], row["createdBy"], row["ownerId"], row["level"]) == (1, "u1", "u1", 10)
    assert create(db, model, "account", {"name": "B", "ownerId": None})["ownerId"] is None


def test_all_validation_problems_are_reported_together(db: Harness, model: TenantModel) -> None:
    """Required, type, option, rating range and JSON Schema problems come back in one error."""
    with pytest.raises(ValidationFailed) as exc:
        create(db, model, "account", {"score": "x", "kind": "zzz", "stars": 6, "level": 15, "tags": ["red", "pink"]})
    assert fields_of(exc) == {"name", "score", "kind", "stars", "level", "tags"}
    assert db.ids(model, obj(model, "account"), sa.true()) == set()


def test_update_bumps_version_and_checks_expected_version(db: Harness, model: TenantModel) -> None:
    """Every update is version +1; a stale expectedVersion is CONFLICT and writes nothing."""
    store = db.store(model)
    account = obj(model, "account")
    row = create(db, model, "account", {"name": "A"})
    updated = db.write(lambda conn: store.update(conn, account, row["id"], {"score": 3}, 1))
    assert (updated["version"], updated["score"]) == (2, 3)
    with pytest.raises(Conflict):
        db.write(lambda conn: store.update(conn, account, row["id"], {"score": 4}, 1))
    assert db.read(lambda conn: store.get(conn, account, row["id"]))["score"] == 3
    with pytest.raises(ValidationFailed):
        db.write(lambda conn: store.update(conn, account, row["id"], {"name": None}))


def test_unique_violation_is_a_conflict_naming_the_field(db: Harness, model: TenantModel) -> None:
    """A second record with the same unique value is CONFLICT on that field."""
    create(db, model, "account", {"name": "A", "code": "X1"})
    with pytest.raises(Conflict) as exc:
        create(db, model, "account", {"name": "B", "code": "X1"})
    assert exc.value.extensions["field"] == "code"


def test_relation_ids_must_name_live_records(db: Harness, model: TenantModel) -> None:
    """A relation id of a missing or deleted record is VALIDATION_FAILED on `<name>Id`."""
    store = db.store(model)
    account = create(db, model, "account", {"name": "A"})
    db.write(lambda conn: store.delete(conn, obj(model, "account"), account["id"]))
    for ref in (account["id"], "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(ValidationFailed) as exc:
            create(db, model, "contact", {"name": "c", "accountId": ref})
        assert fields_of(exc) == {"accountId"}


def test_bulk_create_is_all_or_nothing(db: Harness, model: TenantModel) -> None:
    """One bad item fails the whole batch, with the item's index, and nothing is written."""
    store = db.store(model)
    with pytest.raises(ValidationFailed) as exc:
        db.write(lambda conn: store.create_many(conn, obj(model, "account"), [{"name": "A"}, {"name": None}]))
    assert exc.value.problems == [{"field": "name", "message": "is required", "index": 1}]
    assert db.ids(model, obj(model, "account"), sa.true()) == set()
    rows = db.write(lambda conn: store.create_many(conn, obj(model, "account"), [{"name": "A"}, {"name": "B"}]))
    assert [r["name"] for r in rows] == ["A", "B"]


def test_on_delete_restrict_cascade_and_set_null(db: Harness, model: TenantModel) -> None:
    """RESTRICT refuses while live rows refer; CASCADE deletes referrers; SET_NULL reads as null
    and comes back on restore."""
    store = db.store(model)
    account, contact_obj, note_obj = obj(model, "account"), obj(model, "contact"), obj(model, "note")
    acc = create(db, model, "account", {"name": "A"})
    invoice = create(db, model, "invoice", {"total": "1.5", "accountId": acc["id"]})
    with pytest.raises(Conflict, match="1 invoice"):
        db.write(lambda conn: store.delete(conn, account, acc["id"]))
    db.write(lambda conn: store.delete(conn, obj(model, "invoice"), invoice["id"]))

    contact = create(db, model, "contact", {"name": "c", "accountId": acc["id"]})
    note = create(db, model, "note", {"body": "n", "contactId": contact["id"]})
    deleted = db.write(lambda conn: store.delete(conn, contact_obj, contact["id"]))
    assert deleted["version"] == 2 and deleted["deletedAt"] is not None
    assert db.read(lambda conn: store.get(conn, note_obj, note["id"])) is None
    with pytest.raises(NotFound):
        db.write(lambda conn: store.delete(conn, note_obj, note["id"]))

    db.write(lambda conn: store.restore(conn, contact_obj, contact["id"]))
    db.write(lambda conn: store.delete(conn, account, acc["id"]))
    kept = db.read(lambda conn: store.get(conn, contact_obj, contact["id"]))
    assert kept["accountId"] == acc["id"]
    assert db.read(lambda conn: store.get_many(conn, account, [acc["id"]])) == {}
    restored = db.write(lambda conn: store.restore(conn, account, acc["id"]))
    assert restored["version"] == 3 and restored["deletedAt"] is None


def test_every_write_is_audited(db: Harness, model: TenantModel) -> None:
    """create/update/delete/restore each write one audit entry with API-named changes."""
    store = db.store(model)
    account = obj(model, "account")
    row = create(db, model, "account", {"name": "A"})
    db.write(lambda conn: store.update(conn, account, row["id"], {"name": "B"}))
    db.write(lambda conn: store.delete(conn, account, row["id"]))
    db.write(lambda conn: store.restore(conn, account, row["id"]))

    async def entries(conn: Any) -> list[Any]:
        result = await conn.execute(sa.select(audit_log.c.action, audit_log.c.changes, audit_log.c.actor)
                                    .where(audit_log.c.record_id == row["id"]).order_by(audit_log.c.id))
        return list(result.all())

    found = db.read(entries)
    assert [e.action for e in found] == ["create", "update", "delete", "restore"]
    assert found[0].changes["name"] == {"before": None, "after": "A"}
    assert found[1].changes == {"name": {"before": "A", "after": "B"}}
    assert set(found[2].changes) == {"deletedAt"} and found[3].changes["deletedAt"]["after"] is None
    assert {e.actor for e in found} == {"u1"}
