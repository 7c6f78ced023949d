"""The GraphiQL page (strawberry's bundled IDE, with its header editor)."""
from __future__ import annotations

from functools import lru_cache

from strawberry.http.ides import get_graphql_ide_html


@lru_cache(maxsize=1)
def graphiql_html() -> str:
    return get_graphql_ide_html(graphql_ide="graphiql")
