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


async def try_compiled(schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None,
                       operation_name: str | None, context: RequestContext) -> dict[str, Any] | None:
    operation = _operation(document, operation_name)
    if operation is None or operation.operation.value != "query":
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if not isinstance(coerced, VariableValues):
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    try:
        dialect = context.runtime.engine.dialect.name
        roots = Planner(schema, context.model, fragments, coerced, dialect).roots(operation)
        answer = {"data": await _execute(roots, context)}
    except (NotCompilable, CRMError) as exc:
        log.debug("general path for this query: %s", exc)
        return None
    context.runtime.compiled_answers += 1
    return answer


async def _execute(roots: list[RootPlan | Constant], context: RequestContext) -> dict[str, Any]:
    runtime = context.runtime
    dialect = runtime.engine.dialect.name
    builder = StatementBuilder(context.model, store(context).ctx, dialect, runtime.settings.secret,
                               lambda first: page_size(context, first))
    statements = [(root, builder.root(root)) for root in roots if isinstance(root, RootPlan)]
    data: dict[str, Any] = {}
    results: dict[str, Any] = {}
    if statements:
        async with runtime.engine.connect() as conn:
            for root, statement in statements:
                results[root.key] = (await conn.execute(statement)).one()
    for root in roots:
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
