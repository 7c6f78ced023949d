"""Reading and changing tenant metadata: objects, fields, templates, export and import."""

from .facade import MetadataService, utcnow
from .rules import ComputedKind, ComputedKinds

__all__ = ["ComputedKind", "ComputedKinds", "MetadataService", "utcnow"]
