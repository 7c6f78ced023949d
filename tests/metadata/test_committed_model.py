"""The model a change leaves behind is the model a fresh load reads after it commits."""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from metadata.model import FieldDef, ObjectDef, TenantModel
from metadata.service import MetadataService

FIELD_ATTRS = [f.name for f in fields(FieldDef)]
OBJECT_ATTRS = [f.name for f in fields(ObjectDef) if f.name != "fields"]


def snapshot(model: TenantModel) -> Any:
    """Everything a model holds, as plain values (definitions compare by identity)."""
    return (model.tenant_id, model.slug, model.version, [
        ([getattr(o, a) for a in OBJECT_ATTRS], [[getattr(f, a) for a in FIELD_ATTRS] for f in o.fields])
        for o in model.objects
    ])


class Recorder:
    """A metadata service of its own whose committed models are kept for comparison."""

    def __init__(self, runtime: Any, start_from_known: bool) -> None:
        self.committed: list[tuple[TenantModel, int]] = []

        async def record(model: TenantModel, since: int) -> None:
            self.committed.append((model, since))

        self.service = MetadataService(
            runtime.engine, computed_kinds=runtime.plugins.kind, committed=record,
            known=(lambda _tenant_id: self.committed[-1][0] if self.committed else None) if start_from_known else None,
        )

    async def check(self, tenant_id: str) -> None:
        model, since = self.committed[-1]
        assert snapshot(model) == snapshot(await self.service.load(tenant_id))
        assert since in (model.version, model.version - 1)


CHANGES: list[tuple[str, tuple[Any, ...]]] = [
    ("create_field", ("customer", {"name": "nps", "type": "INTEGER", "defaultValue": 7,
                                   "validation": {"minimum": 0, "maximum": 10, "type": "integer"}})),
    ("create_field", ("customer", {"name": "mood", "type": "SELECT", "options": [
        {"value": "happy", "label": "Happy", "color": "#0f0"}, {"value": "sad", "label": "Sad"}]})),
    ("create_field", ("ticket", {"name": "payer", "type": "RELATION",
                                 "relation": {"target": "customer", "inverseName": "ownedTickets", "onDelete": "CASCADE"}})),
    ("create_field", ("customer", {"name": "valueScore", "type": "COMPUTED",
                                   "computed": {"plugin": "customer_value_score", "config": {}}})),
    ("create_object", ({"name": "zebra"},)),
    ("import_metadata", ({"version": 1, "objects": [
        {"name": name, "fields": [{"name": "title", "type": "TEXT", "required": True}]}
        for name in ("yak", "aardvark", "bison", "beetle")]}, False)),
    ("create_field", ("yak", {"name": "weight", "type": "DECIMAL", "indexed": True})),
    ("update_field", ("customer", "mood", {"name": "feeling", "options": [{"value": "happy", "label": "Glad"}]})),
    ("delete_field", ("customer", "nps")),
    ("restore_field", ("customer", "nps")),
    ("purge_field", ("customer", "valueScore")),
    ("update_object", ("zebra", {"label": "Striped"})),
    ("delete_object", ("bison",)),
    ("restore_object", ("bison",)),
    ("purge_object", ("aardvark",)),
]


async def _run(recorder: Recorder, tenant_id: str) -> None:
    for method, args in CHANGES:
        before = len(recorder.committed)
        await getattr(recorder.service, method)(tenant_id, *args, "u-admin")
        assert len(recorder.committed) == before + 1, method
        await recorder.check(tenant_id)


async def test_each_change_hands_over_what_a_load_reads(runtime: Any, tenant: Any) -> None:
    """Created, imported, renamed, retyped, deleted, restored and purged metadata alike."""
    await _run(Recorder(runtime, start_from_known=False), tenant.id)


async def test_changes_starting_from_a_held_model_read_the_same(runtime: Any, tenant: Any) -> None:
    """A change that starts from the model this process holds, not the system tables, ends the same."""
    recorder = Recorder(runtime, start_from_known=True)
    await recorder.service.create_field(tenant.id, "lead", {"name": "first", "type": "TEXT"}, "u-admin")
    await _run(recorder, tenant.id)


async def test_a_held_model_of_another_version_is_not_used(runtime: Any, tenant: Any) -> None:
    """After a change this process did not make, the next change reads the tables again."""
    recorder = Recorder(runtime, start_from_known=True)
    await recorder.service.create_field(tenant.id, "lead", {"name": "first", "type": "TEXT"}, "u-admin")
    await runtime.metadata.create_field(tenant.id, "lead", {"name": "elsewhere", "type": "TEXT"}, "u-admin")
    await recorder.service.create_field(tenant.id, "lead", {"name": "second", "type": "TEXT"}, "u-admin")
    await recorder.check(tenant.id)
    assert {"first", "elsewhere", "second"} <= set(recorder.committed[-1][0].objects_by_name["lead"].fields_by_name)


async def test_a_change_that_changes_nothing_keeps_the_version(runtime: Any, tenant: Any) -> None:
    """An update to the same values hands over the current model, with the version it had."""
    recorder = Recorder(runtime, start_from_known=False)
    version = await recorder.service.version(tenant.id)
    await recorder.service.update_field(tenant.id, "customer", "name", {"label": "Name"}, "u-admin")
    model, since = recorder.committed[-1]
    assert model.version == since == version
    await recorder.check(tenant.id)
