"""One GraphQL request from decoded JSON body to response body.

parse (token limit) -> validate (cached per schema and document) -> limit rules
(before any SQL) -> the compiled read path when it can answer -> execute. The same
pipeline serves the data and the metadata API.
"""
from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSyntaxError,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

from metadata.errors import (
    BAD_USER_INPUT,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    QUERY_TOO_COMPLEX,
)

from ..settings import Limits
from .coercion import Variable
from .compiled import try_compiled
from .errors import error_body, execution_error_code, format_error
from .limits import document_rules, page_size_variables, variable_rules
from .precoerced import PrecoercedExecutor, list_variables, precoerce
from .registry import PreparedSchema

Body = dict[str, Any]


def _request_parts(payload: Any) -> tuple[str, dict[str, Any] | None, str | None] | Body:
    if not isinstance(payload, dict):
        return _errors(error_body("Batched requests are not supported; send one JSON object", BAD_USER_INPUT))
    query, variables, operation = payload.get("query"), payload.get("variables"), payload.get("operationName")
    if not isinstance(query, str) or not query.strip():
        return _errors(error_body("The request has no query", BAD_USER_INPUT))
    if variables is not None and not isinstance(variables, dict):
        return _errors(error_body("`variables` must be a JSON object", BAD_USER_INPUT))
    if operation is not None and not isinstance(operation, str):
        return _errors(error_body("`operationName` must be a string", BAD_USER_INPUT))
    return query, variables, operation


def _errors(*errors: Body) -> Body:
    return {"errors": list(errors)}


def _document(prepared: PreparedSchema, query: str, limits: Limits, hide_suggestions: bool) -> DocumentNode | Body:
    document = prepared.cached_document(query)
    if document is not None:
        return document
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as exc:
        if "tokens" in exc.message and "Parsing aborted" in exc.message:
            return _errors(error_body(f"The query has more than {limits.max_tokens} tokens", QUERY_TOO_COMPLEX))
        return _errors(format_error(exc, GRAPHQL_PARSE_FAILED, hide_suggestions))
    problems = validate(prepared.schema, document, specified_rules)
    if problems:
        return _errors(*(format_error(e, GRAPHQL_VALIDATION_FAILED, hide_suggestions) for e in problems))
    over_limit = validate(prepared.schema, document, document_rules(limits))
    if over_limit:
        return _errors(*(format_error(e, QUERY_TOO_COMPLEX, hide_suggestions) for e in over_limit))
    prepared.remember_document(query, document)
    return document


def _over_variable_limits(prepared: PreparedSchema, query: str, document: DocumentNode, limits: Limits,
                          variables: dict[str, Any] | None) -> list[GraphQLError]:
    """Page-size and cost limits depend on the variables only through `first`: their
    verdict is cached per document and the values of the variables `first` reads."""
    names = prepared.page_variables.get(query)
    if names is None:
        names = prepared.page_variables[query] = page_size_variables(document)
    key = (query, tuple((name, repr((variables or {}).get(name))) for name in names))
    verdict = prepared.limit_verdicts.get(key)
    if verdict is None:
        verdict = validate(prepared.schema, document, variable_rules(limits, variables))
        prepared.remember_verdict(key, verdict)
    return verdict


def _list_variables(prepared: PreparedSchema, query: str, document: DocumentNode,
                    operation: str | None) -> tuple[Variable, ...]:
    key = (query, operation)
    found = prepared.list_variables.get(key)
    if found is None:
        found = list_variables(prepared.schema, get_operation_ast(document, operation))
        prepared.remember_list_variables(key, found)
    return found


async def run_request(
    prepared: PreparedSchema, payload: Any, context: Any, limits: Limits, hide_suggestions: bool
) -> Body:
    parts = _request_parts(payload)
    if isinstance(parts, dict):
        return parts
    query, variables, operation = parts
    document = _document(prepared, query, limits, hide_suggestions)
    if isinstance(document, dict):
        return document
    over_limit = _over_variable_limits(prepared, query, document, limits, variables)
    if over_limit:
        return _errors(*(format_error(e, QUERY_TOO_COMPLEX, hide_suggestions) for e in over_limit))
    if prepared.compiled_reads and context.runtime.compiled_reads:
        answer = await try_compiled(prepared, query, document, variables, operation, context)
        if answer is not None:
            return answer
    for_graphql, precoerced = precoerce(_list_variables(prepared, query, document, operation), variables)
    result = execute(
        prepared.schema, document, variable_values=for_graphql, operation_name=operation, context_value=context,
        executor_class=PrecoercedExecutor, precoerced=precoerced,
    )
    if not isinstance(result, ExecutionResult):
        result = await result
    return _response(result, hide_suggestions)


def _response(result: ExecutionResult, hide_suggestions: bool) -> Body:
    body: Body = {}
    if result.errors:
        body["errors"] = [format_error(e, execution_error_code(e), hide_suggestions) for e in result.errors]
    body["data"] = result.data
    if result.data is None and result.errors and all(e.path is None for e in result.errors):
        del body["data"]
    return body


__all__ = ["run_request"]
