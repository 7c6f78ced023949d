"""`metacrm metadata export|import --tenant SLUG FILE [--dry-run]`."""

from __future__ import annotations

import json


def add_project(document: dict) -> dict:
    document["objects"].append(
        {
            "name": "project",
            "namePlural": "projects",
            "label": "Project",
            "labelPlural": "Projects",
            "fields": [{"name": "budget", "label": "Budget", "type": "CURRENCY"}],
        }
    )
    return document


async def test_export_writes_the_tenants_metadata_as_json(metacrm, migrated, tmp_path):
    """The file holds every crm object; `-` writes the same document to stdout."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    target = tmp_path / "acme.json"
    outcome = await metacrm("metadata", "export", "--tenant", "acme", str(target))
    assert outcome.code == 0
    document = json.loads(target.read_text())
    names = {o["name"] for o in document["objects"]}
    assert {"customer", "lead", "opportunity", "ticket", "activity"} <= names
    assert (
        json.loads((await metacrm("metadata", "export", "--tenant", "acme", "-")).out) == document
    )


async def test_dry_run_lists_the_changes_and_applies_none(metacrm, migrated, tmp_path):
    """--dry-run prints the changes on stdout and leaves the tenant as it was."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    source = tmp_path / "acme.json"
    await metacrm("metadata", "export", "--tenant", "acme", str(source))
    source.write_text(json.dumps(add_project(json.loads(source.read_text()))))
    dry = await metacrm("metadata", "import", "--tenant", "acme", str(source), "--dry-run")
    assert dry.code == 0
    assert "project" in dry.out
    assert "nothing applied" in dry.err
    after = json.loads((await metacrm("metadata", "export", "--tenant", "acme", "-")).out)
    assert "project" not in {o["name"] for o in after["objects"]}


async def test_import_applies_the_document_to_another_tenant(metacrm, migrated, tmp_path, served):
    """A shape exported from one tenant and imported into another gives the same API there."""
    for slug in ("acme", "globex"):
        assert (await metacrm("tenant", "create", slug)).code == 0
    source = tmp_path / "acme.json"
    await metacrm("metadata", "export", "--tenant", "acme", str(source))
    source.write_text(json.dumps(add_project(json.loads(source.read_text()))))
    assert (await metacrm("metadata", "import", "--tenant", "acme", str(source))).code == 0
    applied = await metacrm("metadata", "import", "--tenant", "globex", str(source))
    assert applied.code == 0
    assert "applied" in applied.err
    token = (
        await metacrm("token", "--tenant", "globex", "--user", "u-1", "--roles", "admin")
    ).out.strip()
    async with served() as server:
        body = (await server.post(token, "{ projects { totalCount } }")).json()
    assert body == {"data": {"projects": {"totalCount": 0}}}


async def test_invalid_documents_are_refused_without_changes(metacrm, migrated, tmp_path):
    """Broken JSON or a document failing its JSON Schema exits 1 and changes nothing."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    before = (await metacrm("metadata", "export", "--tenant", "acme", "-")).out
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"objects": [{"name": "Bad Name!"}]}))
    missing = await metacrm(
        "metadata", "import", "--tenant", "acme", str(tmp_path / "missing.json")
    )
    for outcome in (
        await metacrm("metadata", "import", "--tenant", "acme", str(broken)),
        await metacrm("metadata", "import", "--tenant", "acme", str(invalid)),
        missing,
    ):
        assert outcome.code == 1
        assert outcome.out == ""
        assert outcome.err.startswith("metacrm: error: ")
    assert (await metacrm("metadata", "export", "--tenant", "acme", "-")).out == before
