"""Error codes of the contract (SPEC §4) and the exceptions that carry them.

They live at the bottom layer so storage, metadata changes and the API raise the same errors.
"""
from __future__ import annotations

from typing import Any

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
VALIDATION_FAILED = "VALIDATION_FAILED"
CONFLICT = "CONFLICT"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


class CRMError(Exception):
    """An error meant for the client: its message and extensions are shown as they are."""

    code = INTERNAL_SERVER_ERROR

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions

    def as_extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.extensions}


class Unauthenticated(CRMError):
    code = UNAUTHENTICATED


class Forbidden(CRMError):
    code = FORBIDDEN


class NotFound(CRMError):
    code = NOT_FOUND


class BadUserInput(CRMError):
    code = BAD_USER_INPUT


class Conflict(CRMError):
    code = CONFLICT


class QueryTooComplex(CRMError):
    code = QUERY_TOO_COMPLEX


class ValidationFailed(CRMError):
    """Record values that break their field rules; `fields` lists each problem."""

    code = VALIDATION_FAILED

    def __init__(self, problems: list[dict[str, str]], message: str | None = None) -> None:
        summary = message or "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        super().__init__(summary or "validation failed", fields=problems)
        self.problems = problems
