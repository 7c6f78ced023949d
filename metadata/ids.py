"""Record and metadata ids: UUID strings, and the physical names derived from them."""
from __future__ import annotations

import re
import uuid
from typing import Any

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def new_id() -> str:
    return str(uuid.uuid4())


def parse_uuid(value: Any) -> str | None:
    """The canonical text of a UUID, or None when `value` is not one."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    if _CANONICAL_UUID.fullmatch(value):
        return value  # the form ids are issued in: no need to parse
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def table_name_for(object_id: str) -> str:
    return "t_" + uuid.UUID(object_id).hex[:16]


def column_name_for(field_id: str, generation: int = 0) -> str:
    """`generation` moves a field to a fresh column when its type changes with data in place."""
    base = "c_" + uuid.UUID(field_id).hex[:16]
    return base if generation == 0 else f"{base}_{generation}"
