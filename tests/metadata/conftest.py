"""Fixtures for the metadata suite: a metadata API client that checks outcomes, and a
look at the physical tables (to prove what DDL did, or did not, happen)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

FIELD_PARTS = """
fragment FieldParts on FieldMeta {
  id name label type description required unique indexed defaultValue
  options { value label color } validation
  relation { target inverseName onDelete } computed { plugin kind config }
  isSystem deletedAt
}
"""

CREATE_OBJECT = "mutation($i: ObjectInput!) { createObject(input: $i) { id name namePlural label labelPlural } }"
UPDATE_OBJECT = (
    "mutation($n: String!, $i: ObjectUpdateInput!) "
    "{ updateObject(name: $n, input: $i) { id name namePlural label labelPlural } }"
)
CREATE_FIELD = FIELD_PARTS + (
    "mutation($o: String!, $i: FieldInput!) { createField(object: $o, input: $i) { ...FieldParts } }"
)
UPDATE_FIELD = FIELD_PARTS + (
    "mutation($o: String!, $n: String!, $i: FieldUpdateInput!) "
    "{ updateField(object: $o, name: $n, input: $i) { ...FieldParts } }"
)


class Meta:
    """Calls `/metadata` as the tenant's admin and checks the outcome."""

    CREATE_OBJECT, UPDATE_OBJECT, CREATE_FIELD, UPDATE_FIELD = (
        CREATE_OBJECT,
        UPDATE_OBJECT,
        CREATE_FIELD,
        UPDATE_FIELD,
    )

    def __init__(self, api: Any) -> None:
        self.api = api

    async def ok(
        self, tenant: Any, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> Any:
        body = await self.api.meta(tenant, query, variables, **kw)
        assert "errors" not in body, body
        return body["data"]

    async def fails(
        self, tenant: Any, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, str]:
        """(code, message) of the single error the call must give."""
        body = await self.api.meta(tenant, query, variables, **kw)
        assert len(body.get("errors", [])) == 1, body
        error = body["errors"][0]
        return error["extensions"]["code"], error["message"]

    async def data(self, tenant: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
        """A data API call that must succeed."""
        body = await self.api.gql(tenant, query, variables)
        assert "errors" not in body, body
        return body["data"]

    async def version(self, tenant: Any) -> int:
        return int((await self.ok(tenant, "{ metadataVersion }"))["metadataVersion"])

    async def create_object(self, tenant: Any, **data: Any) -> Any:
        return (await self.ok(tenant, CREATE_OBJECT, {"i": data}))["createObject"]

    async def create_field(self, tenant: Any, object_name: str, **data: Any) -> Any:
        return (await self.ok(tenant, CREATE_FIELD, {"o": object_name, "i": data}))["createField"]

    async def update_field(self, tenant: Any, object_name: str, field: str, **data: Any) -> Any:
        return (await self.ok(tenant, UPDATE_FIELD, {"o": object_name, "n": field, "i": data}))[
            "updateField"
        ]

    async def field_fails(self, tenant: Any, object_name: str, **data: Any) -> tuple[str, str]:
        return await self.fails(tenant, CREATE_FIELD, {"o": object_name, "i": data})

    async def update_fails(
        self, tenant: Any, object_name: str, field: str, **data: Any
    ) -> tuple[str, str]:
        return await self.fails(tenant, UPDATE_FIELD, {"o": object_name, "n": field, "i": data})


@pytest.fixture
def meta(api: Any) -> Meta:
    return Meta(api)


class Physical:
    """What the database really holds for a tenant's objects."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime

    async def table(self, tenant: Any, object_name: str, include_deleted: bool = True) -> str:
        model = await self.runtime.metadata.load(tenant.id)
        return next(
            o.table
            for o in model.objects
            if o.name == object_name and (include_deleted or not o.is_deleted)
        )

    async def column(self, tenant: Any, object_name: str, field_name: str) -> str:
        model = await self.runtime.metadata.load(tenant.id)
        obj = next(o for o in model.objects if o.name == object_name)
        return str(next(f.column for f in obj.fields if f.name == field_name))

    async def _inspect(self, work: Any) -> Any:
        async with self.runtime.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                # PRAGMA index_list answers from the connection's schema cache; a statement
                # that reads the database first picks up DDL other connections committed
                await conn.execute(sa.text("SELECT count(*) FROM sqlite_master"))
            return await conn.run_sync(lambda sync: work(sa.inspect(sync)))

    async def tables(self) -> set[str]:
        return set(await self._inspect(lambda i: i.get_table_names()))

    async def columns(self, table: str) -> set[str]:
        return {c["name"] for c in await self._inspect(lambda i: i.get_columns(table))}

    async def indexes(self, table: str) -> set[tuple[tuple[str, ...], bool]]:
        """(indexed columns, unique) of every index on the table."""
        found = await self._inspect(lambda i: i.get_indexes(table))
        return {(tuple(ix["column_names"]), bool(ix["unique"])) for ix in found}


@pytest.fixture
def physical(runtime: Any) -> Physical:
    return Physical(runtime)
