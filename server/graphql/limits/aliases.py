"""Alias limit: aliases counted as they execute, so a fragment spread twice counts twice.

Aliases let one request repeat a field (a login mutation, an expensive lookup) hundreds of
times; hiding them in fragments must not get around the count.
"""

from __future__ import annotations

from graphql import FieldNode, GraphQLField, OperationDefinitionNode

from .errors import too_complex
from .fold import Children, OperationLimitRule, SelectionFold, total


def _aliases(node: FieldNode, _definition: GraphQLField | None, children: Children) -> int:
    return (1 if node.alias else 0) + children()


class AliasLimitRule(OperationLimitRule):
    max_aliases = 100

    def check(self, operation: OperationDefinitionNode) -> None:
        count = SelectionFold(self.context, _aliases, total).operation(operation)
        if count > self.max_aliases:
            self.report_error(too_complex("alias count", count, self.max_aliases, operation))
