"""The GraphQL errors a limit reports, so every limit speaks the same contract."""

from __future__ import annotations

from graphql import GraphQLError, Node

from metadata.errors import BAD_USER_INPUT, QUERY_TOO_COMPLEX


def too_complex(what: str, value: int, limit: int, node: Node | None = None) -> GraphQLError:
    """`query depth 14 exceeds the limit of 12`, with the numbers repeated for programs."""
    return GraphQLError(
        f"{what} {value} exceeds the limit of {limit}",
        node,
        extensions={"code": QUERY_TOO_COMPLEX, "value": value, "limit": limit},
    )


def bad_input(message: str, node: Node | None = None) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": BAD_USER_INPUT})
