"""Query limits (SPEC §4), each a graphql-core validation rule in its own module.

Over a limit is QUERY_TOO_COMPLEX, reported before any resolver (and so any SQL) runs.
How a request pipeline uses them::

    document = graphql.parse(query, max_tokens=limits.max_tokens)
    errors = validate(schema, document, validation_rules(limits, variables))

The token limit is the parser's own `max_tokens` (graphql-core abandons the parse at the
limit, so a flood costs no more than the limit); the pipeline reports that syntax error as
QUERY_TOO_COMPLEX. `document_rules` depend on the document alone, so their verdict could be
cached with the parsed document; `variable_rules` read the request's variables (a
`first: $n` must not pass a cached check made with another `$n`) and run on every request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphql import ASTValidationRule

from server.settings import Limits

from .aliases import AliasLimitRule
from .cost import CostLimitRule
from .depth import DepthLimitRule
from .mutations import MutationLimitRule
from .page_size import PageSizeLimitRule
from .page_variables import page_size_variables

__all__ = [
    "AliasLimitRule",
    "CostLimitRule",
    "DepthLimitRule",
    "MutationLimitRule",
    "PageSizeLimitRule",
    "document_rules",
    "page_size_variables",
    "validation_rules",
    "variable_rules",
]


@lru_cache(maxsize=16)
def document_rules(limits: Limits) -> tuple[type[ASTValidationRule], ...]:
    """Depth, alias and mutation-count rules configured with `limits` (built once per Limits)."""
    return (
        type("DepthLimit", (DepthLimitRule,), {"max_depth": limits.max_depth}),
        type("AliasLimit", (AliasLimitRule,), {"max_aliases": limits.max_aliases}),
        type("MutationLimit", (MutationLimitRule,), {"max_mutations": limits.max_mutations}),
    )


def variable_rules(
    limits: Limits, variables: dict[str, Any] | None
) -> list[type[ASTValidationRule]]:
    """Page-size and cost rules bound to this request's variables."""
    return [
        type(
            "PageSizeLimit",
            (PageSizeLimitRule,),
            {"max_page_size": limits.max_page_size, "variables": variables},
        ),
        type(
            "CostLimit",
            (CostLimitRule,),
            {
                "max_cost": limits.max_cost,
                "default_page_size": limits.default_page_size,
                "variables": variables,
            },
        ),
    ]


def validation_rules(
    limits: Limits, variables: dict[str, Any] | None
) -> list[type[ASTValidationRule]]:
    """Every limit rule for one request."""
    return [*document_rules(limits), *variable_rules(limits, variables)]
