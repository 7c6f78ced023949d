"""Mutation batching limit: at most N mutation root fields per document, fragments expanded.

Each root field of a mutation is its own write; a document of hundreds of them is a bulk
job that should use the bulk mutations (whose size is limited separately).
"""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLField, OperationDefinitionNode, OperationType

from .errors import too_complex
from .fold import Children, OperationLimitRule, SelectionFold, total


def _writes(node: FieldNode, _definition: GraphQLField | None, _children: Children) -> int:
    return 0 if node.name.value.startswith("__") else 1


class MutationLimitRule(OperationLimitRule):
    max_mutations = 10

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._count = 0

    def check(self, operation: OperationDefinitionNode) -> None:
        if operation.operation == OperationType.MUTATION:
            self._count += SelectionFold(self.context, _writes, total).operation(operation)

    def leave_document(self, node: DocumentNode, *_args: Any) -> None:
        if self._count > self.max_mutations:
            self.report_error(
                too_complex("mutation field count", self._count, self.max_mutations, node)
            )
