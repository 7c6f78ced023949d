"""Canary sweep: tenant B is seeded with unique strings; no response to tenant A contains one."""
from __future__ import annotations

import json
import uuid

from tests.conftest import Api, TenantRef


async def test_no_response_to_tenant_a_mentions_tenant_b(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """Records, metadata, roles and errors of tenant B never reach tenant A."""
    canary = "canary" + uuid.uuid4().hex[:12]
    b = other_tenant
    await api.meta(b, f'mutation {{ createObject(input: {{name: "{canary}Thing", label: "{canary}"}}) {{ id }} }}')
    await api.meta(b, f'mutation {{ createField(object: "customer", input: {{name: "{canary}Field", label: "{canary}", type: TEXT}}) {{ id }} }}')
    await api.meta(b, f'mutation {{ createRole(name: "{canary.lower()}_role", description: "{canary}") {{ name }} }}')
    made = await api.gql(b, f'mutation {{ createCustomer(input: {{name: "{canary}", email: "{canary}@example.com"}}) {{ id }} }}')
    foreign_id = made["data"]["createCustomer"]["id"]
    page = await api.gql(b, "{ customers(first: 1) { pageInfo { endCursor } } }")
    foreign_cursor = page["data"]["customers"]["pageInfo"]["endCursor"]

    probes = [
        ("/graphql", "{ customers { edges { node { id name email } } totalCount } }", None),
        ("/graphql", "query($id: ID!) { customer(id: $id) { id name } }", {"id": foreign_id}),
        ("/graphql", 'mutation($id: ID!) { updateCustomer(id: $id, input: {name: "x"}) { id } }', {"id": foreign_id}),
        ("/graphql", "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": foreign_id}),
        ("/graphql", 'mutation($id: ID!) { createTicket(input: {subject: "s", customerId: $id}) { id } }', {"id": foreign_id}),
        ("/graphql", "query($a: String) { customers(after: $a) { totalCount } }", {"a": foreign_cursor}),
        ("/graphql", "{ customersAggregate(groupBy: [name]) { group count } }", None),
        ("/graphql", "{ __schema { types { name fields { name } inputFields { name } } } }", None),
        ("/metadata", "{ objects(includeDeleted: true) { name label fields { name label } } }", None),
        ("/metadata", "{ exportMetadata }", None),
        ("/metadata", "{ roles { name description users } permissions { role object } }", None),
        ("/metadata", "{ auditLog(first: 100) { edges { node { action object recordId changes } } } }", None),
    ]
    for path, query, variables in probes:
        body = await api.post(path, tenant, query, variables)
        text = json.dumps(body)
        assert canary not in text and canary.lower() not in text, (query, text[:500])


async def test_other_tenants_names_answer_like_unknown_names(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """Asking for tenant B's object or field by name is indistinguishable from a made-up name."""
    real, made_up = "vendorAlpha", "vendorOmega"
    await api.meta(other_tenant, f'mutation {{ createObject(input: {{name: "{real}"}}) {{ id }} }}')
    await api.meta(other_tenant, f'mutation {{ createField(object: "customer", input: {{name: "{real}", label: "x", type: TEXT}}) {{ id }} }}')
    for template in ("{{ {name}s {{ totalCount }} }}", "{{ customers {{ edges {{ node {{ {name} }} }} }} }}"):
        answers = []
        for name in (real, made_up):
            body = await api.gql(tenant, template.format(name=name))
            answers.append(json.dumps(body).replace(name, "<name>"))
        assert answers[0] == answers[1]
    shown = [await api.meta(tenant, f'{{ object(name: "{n}") {{ name }} }}') for n in (real, made_up)]
    assert shown[0] == shown[1] == {"data": {"object": None}}
