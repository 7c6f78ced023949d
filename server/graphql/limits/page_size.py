"""Page size limit: `first` above the maximum is QUERY_TOO_COMPLEX, below zero BAD_USER_INPUT.

Checked on the value `first` will have, so a variable cannot smuggle in a larger page.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLField, OperationDefinitionNode

from .arguments import int_argument, operation_variables
from .errors import bad_input, too_complex
from .fold import Children, OperationLimitRule, SelectionFold, total


class PageSizeLimitRule(OperationLimitRule):
    max_page_size = 500
    variables: dict[str, Any] | None = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._reported: set[int] = set()

    def check(self, operation: OperationDefinitionNode) -> None:
        values = operation_variables(operation, self.variables)

        def visit(node: FieldNode, _definition: GraphQLField | None, children: Children) -> int:
            first = int_argument(node, "first", values)
            if first is not None and id(node) not in self._reported:
                self._reported.add(id(node))
                if first < 0:
                    self.report_error(bad_input(f"first must not be negative, got {first}", node))
                elif first > self.max_page_size:
                    self.report_error(too_complex("page size", first, self.max_page_size, node))
            return children()

        SelectionFold(self.context, visit, total).operation(operation)
