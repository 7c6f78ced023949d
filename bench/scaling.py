"""Q2 latency against table size: one tenant per size, customers only, same generator.

The first n customers of the anchor's sequence do not depend on n, so the sizes are
prefixes of one another. Latency is measured unloaded (one client), for metacrm and for
the SQL baseline on the same table, so a slope in the database shows as such.
"""

from __future__ import annotations

import random
from typing import Any

from metadata.model import TenantModel
from metadata.service import MetadataService

from . import dataset, queries
from .database import pack
from .load import Load, run_http, run_sql
from .loader import Api, BulkResult, bulk_create, customer_input, set_created_at
from .schema import CREATE_FIELD, CREATE_OBJECT, OBJECTS, object_input


async def build_customers_tenant(
    api: Api, service: MetadataService, tenant_id: str, dsn: str, customers: int, parallel: int
) -> tuple[TenantModel, BulkResult]:
    """The customer object and the first `customers` anchor customers, through the API."""
    entry = OBJECTS[0]
    await api.meta(CREATE_OBJECT, {"input": object_input(entry)})
    for f in entry["fields"]:
        await api.meta(CREATE_FIELD, {"object": entry["name"], "input": f})
    data = dataset.Dataset(dataset.Sizes(customers, 0, 0))
    data.customers = dataset.gen_customers(
        random.Random(data.sizes.seed), customers, data.sizes.owners
    )
    result = await bulk_create(
        [api], "Customer", "customers", data.customers, customer_input, parallel
    )
    model = await service.load(tenant_id)
    await set_created_at(dsn, model, {"customer": result}, data)
    await pack(dsn, [model.objects_by_name["customer"].table])
    return model, result


def measure_q2(
    url: str, token: str, dsn: str, model: TenantModel, duration: float, engine: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Unloaded Q2 latency (one client): metacrm, then the SQL baseline."""
    params = dataset.params(dataset.Sizes())["q2"]
    load = Load(1, duration, warmup=1.0)
    gql = run_http(
        url + "/graphql",
        queries.GRAPHQL["q2"],
        params,
        {"Authorization": f"Bearer {token}"},
        load,
        engine,
    )
    sql = run_sql(dsn, queries.sql_q2(model), queries.PARAMS["q2"], params, load)
    return gql, sql
