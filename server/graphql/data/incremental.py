"""A tenant's next data schema, built from the previous one for the same caller access.

The schema registry keeps, per tenant and access, the last `DataSchema` it built and
hands it to the next build: unchanged objects keep their generated types (`reuse.py`),
and only types the previous schema did not have are validated (`validation.py`).
"""
from __future__ import annotations

from dataclasses import dataclass

from graphql import GraphQLSchema

from metadata.model import TenantModel
from server.permissions.access import Access

from .builder import assemble
from .catalog import Catalog
from .plugin_view import PluginView
from .reuse import kept_types
from .validation import validate_new_types


@dataclass(frozen=True)
class DataSchema:
    schema: GraphQLSchema
    catalog: Catalog
    """The generated types by object, for the next build to reuse."""


def build_next(model: TenantModel, access: Access, plugins: PluginView | None,
               previous: DataSchema | None = None) -> DataSchema:
    """A validated schema; from scratch without `previous`, else sharing what it can."""
    kept = kept_types(previous.catalog, model, access, plugins) if previous is not None else {}
    catalog = Catalog(model, access, plugins, kept)
    schema = assemble(catalog)
    validate_new_types(schema, previous.schema if previous is not None and kept else None)
    return DataSchema(schema, catalog)
