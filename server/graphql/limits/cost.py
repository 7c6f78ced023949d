"""Cost limit: each field costs 1, and a connection multiplies its subtree by its page size.

A field is a connection when its definition takes a `first` argument; its page size is the
value `first` will have (a literal, the request's variable or the variable's default), or
the default page size when omitted. Cost therefore bounds the rows a query can touch, which
depth and alias limits alone do not: `customers { edges { node { tickets { ... } } } }`
is shallow but reads 50 × 50 rows.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLField, OperationDefinitionNode

from .arguments import int_argument, operation_variables
from .errors import too_complex
from .fold import Children, OperationLimitRule, SelectionFold, total


def is_connection(node: FieldNode, definition: GraphQLField | None) -> bool:
    if definition is not None:
        return "first" in definition.args
    return any(argument.name.value == "first" for argument in node.arguments or ())


class CostLimitRule(OperationLimitRule):
    max_cost = 50_000
    default_page_size = 50
    variables: dict[str, Any] | None = None

    def check(self, operation: OperationDefinitionNode) -> None:
        values = operation_variables(operation, self.variables)

        def cost(node: FieldNode, definition: GraphQLField | None, children: Children) -> int:
            if not is_connection(node, definition):
                return 1 + children()
            first = int_argument(node, "first", values)
            page = self.default_page_size if first is None else max(first, 0)
            return 1 + page * children()

        value = SelectionFold(self.context, cost, total).operation(operation)
        if value > self.max_cost:
            self.report_error(too_complex("query cost", value, self.max_cost, operation))
