"""The cache of generated data schemas, one per (tenant, metadata version, access).

Schemas are built lazily off the event loop, once per key even under concurrent
requests (single-flight), and evicted least-recently-used so one process can serve
many tenants with bounded memory. Other tenants' schemas are never rebuilt.
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema

from metadata.model import TenantModel

from ..permissions.access import Access
from ..singleflight import SingleFlight

SchemaBuilder = Callable[[TenantModel, Access, Any], GraphQLSchema]
"""(model, access, the tenant's plugins) -> schema; all three are fixed by the cache key."""


@dataclass
class PreparedSchema:
    """A schema plus the documents already parsed and validated against it."""

    schema: GraphQLSchema
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
        if len(self.operand_variables) >= self.max_documents:
            self.operand_variables.clear()
        self.operand_variables[key] = names

    def remember_document(self, query: str, document: DocumentNode) -> None:
        self.documents[query] = document
        if len(self.documents) > self.max_documents:
            self.documents.popitem(last=False)


class SchemaRegistry:
    def __init__(self, builder: SchemaBuilder, capacity: int = 256) -> None:
        self._builder = builder
        self.capacity = capacity
        self._schemas: OrderedDict[Hashable, PreparedSchema] = OrderedDict()
        self._flights: SingleFlight[PreparedSchema] = SingleFlight()
        self.builds = 0
        """How many schemas this process built (observability and tests)."""

    async def get(self, key: Hashable, model: TenantModel, access: Access, plugins: Any) -> PreparedSchema:
        prepared = self._schemas.get(key)
        if prepared is not None:
            self._schemas.move_to_end(key)
            return prepared
        return await self._flights.run(key, lambda: self._build(key, model, access, plugins))

    async def _build(self, key: Hashable, model: TenantModel, access: Access, plugins: Any) -> PreparedSchema:
        schema = await asyncio.to_thread(self._builder, model, access, plugins)
        self.builds += 1
        prepared = PreparedSchema(schema, compiled_reads=True)
        self._schemas[key] = prepared
        while len(self._schemas) > self.capacity:
            self._schemas.popitem(last=False)
        return prepared

    def __len__(self) -> int:
        return len(self._schemas)
