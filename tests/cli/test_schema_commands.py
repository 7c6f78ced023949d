"""`metacrm export-schema [--tenant SLUG] [--metadata]` prints SDL on stdout."""

from __future__ import annotations

import json

from graphql import build_schema


async def test_default_is_the_data_api_of_a_fresh_crm_tenant(metacrm):
    """Without options: valid SDL with the crm objects, built without touching the configured database."""
    outcome = await metacrm("export-schema")
    assert outcome.code == 0
    schema = build_schema(outcome.out)
    query_fields = schema.query_type.fields
    for name in (
        "customers",
        "leads",
        "opportunities",
        "tickets",
        "activities",
        "customersAggregate",
    ):
        assert name in query_fields
    assert "createCustomer" in schema.mutation_type.fields


async def test_metadata_prints_the_metadata_api(metacrm):
    """--metadata prints the static metadata API, whose types the contract names."""
    outcome = await metacrm("export-schema", "--metadata")
    assert outcome.code == 0
    schema = build_schema(outcome.out)
    for name in ("ObjectMeta", "FieldMeta", "FieldType", "PermissionMeta"):
        assert schema.get_type(name) is not None
    assert "createField" in schema.mutation_type.fields


async def test_tenant_schema_follows_the_tenants_metadata(metacrm, migrated, tmp_path):
    """--tenant prints that tenant's own API: an object added by import appears in it."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    exported = tmp_path / "acme.json"
    assert (await metacrm("metadata", "export", "--tenant", "acme", str(exported))).code == 0
    document = json.loads(exported.read_text())
    document["objects"].append(
        {
            "name": "project",
            "namePlural": "projects",
            "label": "Project",
            "labelPlural": "Projects",
            "fields": [{"name": "title", "label": "Title", "type": "TEXT", "required": True}],
        }
    )
    exported.write_text(json.dumps(document))
    assert (await metacrm("metadata", "import", "--tenant", "acme", str(exported))).code == 0
    outcome = await metacrm("export-schema", "--tenant", "acme")
    assert outcome.code == 0
    schema = build_schema(outcome.out)
    assert "projects" in schema.query_type.fields
    assert str(schema.get_type("Project").fields["title"].type) == "String!"
    fresh = await metacrm("export-schema")
    assert "projects" not in build_schema(fresh.out).query_type.fields
