"""Which variables can change the page-size and cost verdicts of a document."""

from __future__ import annotations

from graphql import ArgumentNode, DocumentNode, VariableNode, visit
from graphql.language import Visitor


class _FirstVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_argument(self, node: ArgumentNode, *_args: object) -> None:
        if node.name.value == "first" and isinstance(node.value, VariableNode):
            self.names.add(node.value.name.value)


def page_size_variables(document: DocumentNode) -> tuple[str, ...]:
    """Names of the variables passed as `first` anywhere in the document (sorted)."""
    visitor = _FirstVariables()
    visit(document, visitor)
    return tuple(sorted(visitor.names))
