"""Record and metadata ids are random version-4 UUIDs in canonical text."""
from __future__ import annotations

import uuid

from metadata.ids import new_id, new_ids, parse_uuid


def test_issued_ids_are_canonical_random_uuids() -> None:
    ids = new_ids(5_000) + [new_id() for _ in range(100)]
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert parse_uuid(text) == text
    assert len(set(ids)) == len(ids)


def test_a_batch_of_none_is_empty() -> None:
    assert new_ids(0) == []
