"""Answer a query through the compiled path, or say it cannot (None): the caller then
runs the general path, which also produces every error the client should see."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import orjson
from graphql import DocumentNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode, get_operation_ast
from graphql.execution.values import VariableValues, get_variable_values

from metadata.database import single_statement_reads
from metadata.errors import CRMError
from metadata.storage.parameters import CLOCK, NotParameterizable, Param, Parameters

from ...context import RequestContext
from ..coercion import Variable, operation_variables, variable_values
from ..registry import PreparedSchema
from ..data.resolvers.common import page_size, store
from .plan import Constant, Planner, RootPlan
from .selection import NotCompilable
from .driver import DriverStatement, fetch_all
from .shape import shape_aggregates, shape_connection, shape_node
from .statements import StatementBuilder
from .variables import operand_variables

log = logging.getLogger("metacrm.compiled")


NOT_COMPILABLE = object()
"""Cached verdict for a request the compiled path leaves to the resolvers."""


@dataclass
class Plan:
    """The statements of one operation, with `Param` operands bound by name."""

    roots: list[tuple[RootPlan | Constant, Any]]
    parameters: Parameters
    operation: OperationDefinitionNode
    driver: list[DriverStatement] | None = None
    """The statements as driver text (PostgreSQL), in the order of `statements`."""
    variables: tuple[Variable, ...] | None = None
    """The operation's variables with their coercers (None: graphql-core coerces them)."""

    def __post_init__(self) -> None:
        self.statements = [(root, statement) for root, statement in self.roots if isinstance(root, RootPlan)]
        """The roots that run a statement (the others are constants)."""
        self.reads_variables = any(name != CLOCK for _key, name, _convert in self.parameters.binds)
        """Whether binding needs this request's variables (not only its clock)."""


async def try_compiled(prepared: PreparedSchema, query: str, document: DocumentNode,
                       variables: dict[str, Any] | None, operation_name: str | None,
                       context: RequestContext) -> dict[str, Any] | None:
    """The answer, or None when the general path must answer.

    Statements are built once per (document, operation, caller, shaping variables) and
    cached with the schema, which is already specific to the tenant, metadata version
    and role set. Variables that only supply comparison values (a record id, a filter
    operand) are bind parameters, so requests differing only in them share a statement.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation.value != "query":
        return None
    operands = prepared.operand_variables.get((query, operation_name))
    if operands is None:
        operands = operand_variables(prepared.schema, document, operation)
        prepared.remember_operands((query, operation_name), operands)
    given = variables or {}
    shaping = {k: (True if k in operands and v is not None else v) for k, v in given.items()}
    key = (query, operation_name, context.principal.user_id, orjson.dumps(shaping, option=orjson.OPT_SORT_KEYS))
    plan = prepared.compiled_plans.get(key)
    if plan is None:
        plan = _build(prepared.schema, document, operation, operands, given, context)
        if plan is None:
            return None
        prepared.remember_plan(key, plan)
    if plan is NOT_COMPILABLE:
        return None
    assert isinstance(plan, Plan)
    values = _bind_values(prepared.schema, plan, given, context.now) if plan.parameters.binds else {}
    if values is None:
        return None
    answer = {"data": await _execute(plan, values, context)}
    context.runtime.compiled_answers += 1
    return answer


def _bind_values(schema: GraphQLSchema, plan: Plan, given: dict[str, Any], now: Any) -> dict[str, Any] | None:
    """This request's operands (variables, its clock) as bind parameters; None when one is
    not acceptable (the general path then reports it exactly as it would any bad input)."""
    operands = {CLOCK: now}
    if plan.reads_variables:
        coerced = variable_values(schema, plan.operation, plan.variables, given)
        if coerced is None:
            return None
        operands.update(coerced)
    try:
        return plan.parameters.values(operands)
    except (NotCompilable, CRMError):
        return None


def _build(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
           operands: frozenset[str], variables: dict[str, Any], context: RequestContext) -> Plan | object | None:
    """The plan, NOT_COMPILABLE (the document and shaping variables can't be compiled) or
    None (this request's operand values are rejected: don't cache, let the resolvers say why)."""
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if not isinstance(coerced, VariableValues):
        return None
    coerced.coerced.update({name: Param(name, value) for name, value in coerced.coerced.items()
                            if name in operands and value is not None})
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    runtime = context.runtime
    dialect = runtime.engine.dialect.name
    try:
        roots = Planner(schema, context.model, fragments, coerced, dialect).roots(operation)
    except (NotCompilable, CRMError) as exc:
        log.debug("general path for this query: %s", exc)
        return NOT_COMPILABLE
    parameters = Parameters()
    ctx = replace(store(context).ctx, parameters=parameters)
    builder = StatementBuilder(context.model, ctx, dialect, runtime.settings.secret,
                               lambda first: page_size(context, first))
    try:
        built = [(root, builder.root(root) if isinstance(root, RootPlan) else None) for root in roots]
    except NotParameterizable as exc:
        log.debug("general path for this query: %s", exc)
        return NOT_COMPILABLE
    except (NotCompilable, CRMError) as exc:
        log.debug("general path for this request: %s", exc)
        return None if parameters.binds or operands else NOT_COMPILABLE
    plan = Plan(built, parameters, operation, variables=operation_variables(schema, operation))
    changing = {key for key, _name, _convert in parameters.binds}
    driver = [DriverStatement.compile(statement, runtime.engine.dialect, changing) for _root, statement in plan.statements]
    if driver and all(driver):
        plan.driver = [d for d in driver if d is not None]
    return plan


async def _rows(plan: Plan, values: dict[str, Any], context: RequestContext) -> dict[str, Any]:
    """Per root key: the one row of a get/list statement, all rows (as mappings) of an aggregate."""
    results: dict[str, Any] = {}
    if not plan.statements:
        return results
    runtime = context.runtime
    if plan.driver is not None and runtime.read_pool is not None:
        fetched = await fetch_all(runtime.read_pool, plan.driver, values)
        for (root, _statement), rows in zip(plan.statements, fetched):
            results[root.key] = rows if root.kind == "aggregate" else rows[0]
        return results
    async with single_statement_reads(runtime.engine).connect() as conn:
        for root, statement in plan.statements:
            result = await conn.execute(statement, values)
            results[root.key] = result.mappings().all() if root.kind == "aggregate" else result.one()
    return results


async def _execute(plan: Plan, values: dict[str, Any], context: RequestContext) -> dict[str, Any]:
    results = await _rows(plan, values, context)
    data: dict[str, Any] = {}
    for root, _statement in plan.roots:
        if isinstance(root, Constant):
            data[root.key] = root.value
            continue
        row = results[root.key]
        if root.kind == "aggregate":
            assert root.aggregate is not None
            data[root.key] = shape_aggregates(root.aggregate, row)
        elif root.kind == "get":
            node = orjson.loads(row[0]) if row[0] is not None else None
            data[root.key] = shape_node(root.node, node) if node is not None and root.node is not None else None
        elif root.connection is not None and root.connection.finished_in_sql:
            data[root.key] = orjson.Fragment(row[0])
        else:
            assert root.connection is not None
            total = int(row[1]) if root.connection.needs_total else None
            data[root.key] = shape_connection(root.connection, orjson.loads(row[0]), total)
    return data
