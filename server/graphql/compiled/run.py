"""Answer a query through the compiled path, or say it cannot (None): the caller then
runs the general path, which also produces every error the client should see."""
from __future__ import annotations

import logging
from typing import Any

import orjson
from graphql import DocumentNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode
from graphql.execution.values import VariableValues, get_variable_values

from metadata.errors import CRMError

from ...context import RequestContext
from ..registry import PreparedSchema
from ..data.resolvers.common import page_size, store
from .plan import Constant, Planner, RootPlan
from .selection import NotCompilable
from .shape import shape_connection, shape_node
from .statements import StatementBuilder

log = logging.getLogger("metacrm.compiled")


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


NOT_COMPILABLE = object()
"""Cached verdict for a request the compiled path leaves to the resolvers."""

Built = list[tuple[RootPlan | Constant, Any]]


async def try_compiled(prepared: PreparedSchema, query: str, document: DocumentNode,
                       variables: dict[str, Any] | None, operation_name: str | None,
                       context: RequestContext) -> dict[str, Any] | None:
    """The answer, or None when the general path must answer.

    Built statements are cached with the schema per (document, operation, caller,
    variables): the same request again costs one execution and no statement building.
    The schema is already specific to the tenant, metadata version and role set.
    """
    key = (query, operation_name, context.principal.user_id, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS))
    built = prepared.compiled_plans.get(key)
    if built is None:
        built = _build(prepared.schema, document, variables, operation_name, context)
        prepared.remember_plan(key, built)
    if built is NOT_COMPILABLE:
        return None
    answer = {"data": await _execute(built, context)}
    context.runtime.compiled_answers += 1
    return answer


def _build(schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None,
           operation_name: str | None, context: RequestContext) -> Built | object:
    operation = _operation(document, operation_name)
    if operation is None or operation.operation.value != "query":
        return NOT_COMPILABLE
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if not isinstance(coerced, VariableValues):
        return NOT_COMPILABLE
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    runtime = context.runtime
    dialect = runtime.engine.dialect.name
    try:
        roots = Planner(schema, context.model, fragments, coerced, dialect).roots(operation)
        builder = StatementBuilder(context.model, store(context).ctx, dialect, runtime.settings.secret,
                                   lambda first: page_size(context, first))
        return [(root, builder.root(root) if isinstance(root, RootPlan) else None) for root in roots]
    except (NotCompilable, CRMError) as exc:
        log.debug("general path for this query: %s", exc)
        return NOT_COMPILABLE


async def _execute(built: Built, context: RequestContext) -> dict[str, Any]:
    results: dict[str, Any] = {}
    statements = [(root, statement) for root, statement in built if statement is not None]
    if statements:
        async with context.runtime.engine.connect() as conn:
            for root, statement in statements:
                results[root.key] = (await conn.execute(statement)).one()
    data: dict[str, Any] = {}
    for root, _statement in built:
        if isinstance(root, Constant):
            data[root.key] = root.value
            continue
        row = results[root.key]
        if root.kind == "get":
            node = orjson.loads(row[0]) if row[0] is not None else None
            data[root.key] = shape_node(root.node, node) if node is not None and root.node is not None else None
        else:
            assert root.connection is not None
            total = int(row[1]) if root.connection.needs_total else None
            data[root.key] = shape_connection(root.connection, orjson.loads(row[0]), total)
    return data
