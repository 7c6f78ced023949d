"""Record and metadata ids: UUID strings, and the physical names derived from them."""
from __future__ import annotations

import os
import re
import uuid
from typing import Any

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def new_id() -> str:
    return new_ids(1)[0]


def new_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs from one read of the system's random source: a
    bulk create issues a thousand at once, where `uuid4()` costs a read and an object each."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    hexes = (text[i:i + 32] for i in range(0, 32 * count, 32))
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in hexes]


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
