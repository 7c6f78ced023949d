"""The data API, generated per tenant model and caller access with graphql-core types."""
from .builder import build_data_schema

__all__ = ["build_data_schema"]
