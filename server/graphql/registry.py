"""The cache of generated data schemas, one per (tenant, metadata version, access).

Schemas are built off the event loop, once per key even under concurrent requests
(single-flight), and evicted least-recently-used so one process can serve many tenants
with bounded memory. Other tenants' schemas are never rebuilt. A build gets the newest
build of the same tenant and access (its lineage) to take unchanged parts from, and
`in_use` tells which keys are worth building before a request asks (`schema_warmup`).
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphql import DocumentNode, GraphQLSchema

from metadata.model import TenantModel

from ..permissions.access import Access
from ..singleflight import SingleFlight

class Built(Protocol):
    """What a builder returns: the schema, and whatever its next build may reuse."""

    @property
    def schema(self) -> GraphQLSchema: ...


SchemaBuilder = Callable[[TenantModel, Access, Any, Any], Built]
"""(model, access, the tenant's plugins, the lineage's previous build or None) -> build;
model, access and plugins are fixed by the cache key."""

SchemaKey = tuple[str, int, Hashable]
"""(tenant id, metadata version, access key)."""


def lineage(key: SchemaKey) -> tuple[str, Hashable]:
    """The builds one caller sees of one tenant over time: the key without the version."""
    return key[0], key[2]


@dataclass
class PreparedSchema:
    """A schema plus the documents already parsed and validated against it."""

    schema: GraphQLSchema
    built: Any = None
    """The builder's result, handed to the next build of the same lineage."""
    compiled_reads: bool = False
    """Queries may be answered by the compiled path (data schemas only)."""
    documents: OrderedDict[str, DocumentNode] = field(default_factory=OrderedDict)
    max_documents: int = 512
    compiled_plans: "OrderedDict[Hashable, Any]" = field(default_factory=OrderedDict)
    """Statements of the compiled read path per (document, operation, caller, shaping variables)."""
    max_plans: int = 128
    operand_variables: dict[tuple[str, str | None], frozenset[str]] = field(default_factory=dict)
    """Per (document, operation): the variables the compiled path binds as parameters."""
    page_variables: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per document: the variables its `first` arguments read."""
    list_variables: dict[tuple[str, str | None], tuple[Any, ...]] = field(default_factory=dict)
    """Per (document, operation): its list variables, coerced before graphql-core runs."""
    limit_verdicts: "OrderedDict[Hashable, list[Any]]" = field(default_factory=OrderedDict)
    """Cached page-size/cost verdicts per (document, values of the variables `first` reads)."""

    def cached_document(self, query: str) -> DocumentNode | None:
        document = self.documents.get(query)
        if document is not None:
            self.documents.move_to_end(query)
        return document

    def remember_plan(self, key: Hashable, built: Any) -> None:
        self.compiled_plans[key] = built
        if len(self.compiled_plans) > self.max_plans:
            self.compiled_plans.popitem(last=False)

    def remember_verdict(self, key: Hashable, verdict: list[Any]) -> None:
        self.limit_verdicts[key] = verdict
        if len(self.limit_verdicts) > self.max_documents:
            self.limit_verdicts.popitem(last=False)
        if len(self.page_variables) > self.max_documents:
            self.page_variables.clear()

    def remember_operands(self, key: tuple[str, str | None], names: frozenset[str]) -> None:
        self._remember(self.operand_variables, key, names)

    def remember_list_variables(self, key: tuple[str, str | None], variables: tuple[Any, ...]) -> None:
        self._remember(self.list_variables, key, variables)

    def _remember(self, cache: dict[Any, Any], key: Any, value: Any) -> None:
        """Per-document facts, kept for at most `max_documents` documents."""
        if len(cache) >= self.max_documents:
            cache.clear()
        cache[key] = value

    def remember_document(self, query: str, document: DocumentNode) -> None:
        self.documents[query] = document
        if len(self.documents) > self.max_documents:
            self.documents.popitem(last=False)


class SchemaRegistry:
    def __init__(self, builder: SchemaBuilder, capacity: int = 256) -> None:
        self._builder = builder
        self.capacity = capacity
        self._schemas: OrderedDict[SchemaKey, PreparedSchema] = OrderedDict()
        self._newest: OrderedDict[tuple[str, Hashable], tuple[int, PreparedSchema]] = OrderedDict()
        """Lineage -> (version, schema) of its newest build, what the next build starts from."""
        self._flights: SingleFlight[PreparedSchema] = SingleFlight()
        self.builds = 0
        """How many schemas this process built (observability and tests)."""

    async def get(self, key: SchemaKey, model: TenantModel, access: Access, plugins: Any) -> PreparedSchema:
        prepared = self._schemas.get(key)
        if prepared is not None:
            self._schemas.move_to_end(key)
            return prepared
        return await self._flights.run(key, lambda: self._build(key, model, access, plugins))

    def in_use(self, tenant_id: str, version: int) -> list[Hashable]:
        """Access keys of the tenant's schemas at `version`, most recently built first."""
        return [line[1] for line, (built_at, _p) in reversed(self._newest.items())
                if line[0] == tenant_id and built_at == version]

    async def _build(self, key: SchemaKey, model: TenantModel, access: Access, plugins: Any) -> PreparedSchema:
        line = lineage(key)
        newest = self._newest.get(line)
        previous = newest[1].built if newest is not None else None
        built = await asyncio.to_thread(self._builder, model, access, plugins, previous)
        self.builds += 1
        prepared = PreparedSchema(built.schema, built, compiled_reads=True)
        self._schemas[key] = prepared
        newest = self._newest.get(line)
        if newest is None or newest[0] <= key[1]:
            self._newest[line] = (key[1], prepared)
            self._newest.move_to_end(line)
        while len(self._schemas) > self.capacity:
            evicted_key, evicted = self._schemas.popitem(last=False)
            held = self._newest.get(lineage(evicted_key))
            if held is not None and held[1] is evicted:
                del self._newest[lineage(evicted_key)]
        return prepared

    def __len__(self) -> int:
        return len(self._schemas)
