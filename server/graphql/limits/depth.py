"""Depth limit: every field level counts, fragments expanded.

`{ customers { edges { node { name } } } }` has depth 4. The subtrees of `__schema` and
`__type` are left to graphql-core's MaxIntrospectionDepthRule (a standard rule): GraphiQL's
own introspection query nests type references deeper than any sensible data query limit.
"""

from __future__ import annotations

from graphql import FieldNode, GraphQLField, OperationDefinitionNode

from .errors import too_complex
from .fold import Children, OperationLimitRule, SelectionFold, deepest

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def _level(node: FieldNode, _definition: GraphQLField | None, children: Children) -> int:
    if node.name.value in INTROSPECTION_ROOTS:
        return 1
    return 1 + children()


class DepthLimitRule(OperationLimitRule):
    max_depth = 12

    def check(self, operation: OperationDefinitionNode) -> None:
        depth = SelectionFold(self.context, _level, deepest).operation(operation)
        if depth > self.max_depth:
            self.report_error(too_complex("query depth", depth, self.max_depth, operation))
