"""Turning exceptions into the contract's error objects: every error carries a code.

Only `CRMError`s speak to the client in their own words; anything unexpected becomes a
generic INTERNAL_SERVER_ERROR (logged server-side) so SQL, stack traces and other
tenants' data never leave the process.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

from metadata.errors import (
    BAD_USER_INPUT,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_SERVER_ERROR,
    CRMError,
)

log = logging.getLogger("metacrm.errors")

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions}}


def format_error(error: GraphQLError, default_code: str, hide_suggestions: bool) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, CRMError):
        body: dict[str, Any] = {"message": original.message, "extensions": original.as_extensions()}
    elif original is not None and not isinstance(original, GraphQLError):
        log.error("internal error at %s", error.path, exc_info=original)
        body = error_body("Internal server error", INTERNAL_SERVER_ERROR)
    else:
        code = (error.extensions or {}).get("code") or default_code
        message = _SUGGESTION.sub("", error.message) if hide_suggestions else error.message
        body = {"message": message, "extensions": {**(error.extensions or {}), "code": code}}
    if error.locations:
        body["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        body["path"] = list(error.path)
    return body


def execution_error_code(error: GraphQLError) -> str:
    """Errors raised while executing; the ones without a path come from variable coercion."""
    if error.path is None and error.message.startswith("Unknown operation named"):
        return GRAPHQL_VALIDATION_FAILED
    if error.path is None:
        return BAD_USER_INPUT
    return INTERNAL_SERVER_ERROR
