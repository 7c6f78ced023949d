"""Fixtures for the security suite."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from metadata.tables import RECORD_TABLE_PREFIX

RECORD_TABLE = re.compile(rf"\b{RECORD_TABLE_PREFIX}[0-9a-f]{{16}}\b")

Send = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def rejected_before_sql(api: Any, count_sql: Any) -> Send:
    """Send a data API request and check it ran no SQL beyond authenticating the caller.

    The baseline is `{ __typename }`, which resolves nothing: a request stopped by a limit
    must cost exactly that, and never touch a record table.
    """

    async def send(
        tenant: Any, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        await api.gql(tenant, "{ __typename }")
        with count_sql() as baseline:
            await api.gql(tenant, "{ __typename }")
        with count_sql() as counter:
            body: dict[str, Any] = await api.gql(tenant, query, variables)
        assert counter.count == baseline.count, counter.statements
        assert not [s for s in counter.statements if RECORD_TABLE.search(s)]
        return body

    return send


@pytest.fixture
def errors_of() -> Callable[[dict[str, Any]], list[str]]:
    """The `extensions.code` of every error in a response body."""

    def codes(body: dict[str, Any]) -> list[str]:
        return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]

    return codes
