"""The `crm` template is exactly the contract's objects, fields, options and relations."""

from __future__ import annotations

from typing import Any

import pytest

from metadata.errors import BadUserInput, Conflict

SOURCES = ["web", "referral", "event", "ads", "social", "other"]
SPEC: dict[str, dict[str, tuple[str, Any]]] = {
    "customer": {
        "name": ("TEXT", None),
        "email": ("EMAIL", None),
        "phone": ("PHONE", None),
        "company": ("TEXT", None),
        "industry": (
            "SELECT",
            [
                "technology",
                "finance",
                "healthcare",
                "manufacturing",
                "retail",
                "education",
                "government",
                "energy",
                "other",
            ],
        ),
        "annualRevenue": ("CURRENCY", None),
        "tier": ("SELECT", ["bronze", "silver", "gold", "platinum"]),
        "lifecycleStage": ("SELECT", ["prospect", "new", "loyal", "churned"]),
        "tags": ("MULTI_SELECT", ...),
        "birthday": ("DATE", None),
        "source": ("SELECT", SOURCES),
        "satisfaction": ("RATING", None),
    },
    "lead": {
        "name": ("TEXT", None),
        "email": ("EMAIL", None),
        "phone": ("PHONE", None),
        "company": ("TEXT", None),
        "source": ("SELECT", SOURCES),
        "status": ("SELECT", ["new", "contacted", "qualified", "disqualified", "converted"]),
        "score": ("INTEGER", None),
        "customer": ("RELATION", ("customer", "leads")),
        "lastFollowUpAt": ("DATETIME", None),
    },
    "opportunity": {
        "name": ("TEXT", None),
        "customer": ("RELATION", ("customer", "opportunities")),
        "stage": ("SELECT", ["discovery", "proposal", "negotiation", "won", "lost"]),
        "amount": ("CURRENCY", None),
        "probability": ("PERCENT", None),
        "expectedCloseDate": ("DATE", None),
        "closedAt": ("DATETIME", None),
    },
    "ticket": {
        "subject": ("TEXT", None),
        "description": ("LONG_TEXT", None),
        "customer": ("RELATION", ("customer", "tickets")),
        "status": ("SELECT", ["open", "pending", "resolved", "closed"]),
        "priority": ("SELECT", ["low", "normal", "high", "urgent"]),
        "channel": ("SELECT", ["phone", "email", "social", "web"]),
        "satisfaction": ("RATING", None),
        "resolvedAt": ("DATETIME", None),
    },
    "activity": {
        "subject": ("TEXT", None),
        "type": ("SELECT", ["call", "email", "meeting", "visit", "note"]),
        "notes": ("LONG_TEXT", None),
        "customer": ("RELATION", ("customer", "activities")),
        "lead": ("RELATION", ("lead", "activities")),
        "opportunity": ("RELATION", ("opportunity", "activities")),
        "occurredAt": ("DATETIME", None),
        "nextFollowUpAt": ("DATETIME", None),
    },
}
REQUIRED = {
    ("customer", "name"),
    ("lead", "name"),
    ("opportunity", "name"),
    ("ticket", "subject"),
    ("activity", "subject"),
}
PLURALS = {
    "customer": "customers",
    "lead": "leads",
    "opportunity": "opportunities",
    "ticket": "tickets",
    "activity": "activities",
}

QUERY = """{ objects { name namePlural label fields {
  name type required unique options { value } relation { target inverseName onDelete } } } }"""


async def test_crm_template_matches_the_contract(meta: Any, tenant: Any) -> None:
    """Objects, field types, option values and relations are those of SPEC §7."""
    objects = {o["name"]: o for o in (await meta.ok(tenant, QUERY))["objects"]}
    assert set(objects) == set(SPEC)
    for name, fields in SPEC.items():
        assert objects[name]["namePlural"] == PLURALS[name]
        got = {f["name"]: f for f in objects[name]["fields"]}
        assert set(got) == set(fields), name
        for field_name, (field_type, detail) in fields.items():
            field = got[field_name]
            assert field["type"] == field_type, (name, field_name)
            if field_type == "SELECT":
                assert [o["value"] for o in field["options"]] == detail, (name, field_name)
            if field_type == "RELATION":
                assert (field["relation"]["target"], field["relation"]["inverseName"]) == detail


async def test_only_listed_fields_are_required_and_none_unique(meta: Any, tenant: Any) -> None:
    """Required fields are exactly the listed ones; no template field is unique."""
    objects = (await meta.ok(tenant, QUERY))["objects"]
    required = {(o["name"], f["name"]) for o in objects for f in o["fields"] if f["required"]}
    assert required == REQUIRED
    assert not [f for o in objects for f in o["fields"] if f["unique"]]


async def test_tenant_without_template_is_empty(meta: Any, tenant_factory: Any) -> None:
    """`template=None` makes a tenant with no objects."""
    empty = await tenant_factory(template=None)
    assert (await meta.ok(empty, "{ objects { name } }"))["objects"] == []


@pytest.mark.parametrize(
    ("slug", "error"), [("Bad Slug", BadUserInput), ("x", BadUserInput), ("-x", BadUserInput)]
)
async def test_malformed_tenant_slugs_are_refused(
    runtime: Any, slug: str, error: type[Exception]
) -> None:
    """Slugs match ^[a-z][a-z0-9-]{1,62}$."""
    with pytest.raises(error):
        await runtime.metadata.create_tenant(slug)


async def test_taken_slug_and_unknown_template_are_refused(runtime: Any, tenant: Any) -> None:
    """A taken slug is CONFLICT; a template name that is no bundled template is refused."""
    with pytest.raises(Conflict):
        await runtime.metadata.create_tenant(tenant.slug)
    with pytest.raises(BadUserInput, match="unknown template"):
        await runtime.metadata.create_tenant("fresh-slug-for-template", template="../crm")
    assert await runtime.metadata.tenant_id("fresh-slug-for-template") is None
    assert await runtime.metadata.tenant_id(tenant.slug) == tenant.id
