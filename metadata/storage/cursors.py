"""Opaque, signed keyset cursors.

A cursor carries the sort values and id of the last row seen, signed with HMAC over the
app secret, the tenant, the object and the order spec: a cursor edited by hand, taken from
another tenant or object, or reused with another `orderBy` is refused as "invalid cursor".
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import fieldtypes
from ..errors import BadUserInput
from ..fieldtypes import CoercionError
from .ordering import SortKey

SIGNATURE_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorCodec:
    """Encodes and checks cursors for one (tenant, object, order spec)."""

    def __init__(self, secret: str, tenant_id: str, object_id: str, keys: Sequence[SortKey]) -> None:
        self.keys = tuple(keys)
        context = "\x00".join([tenant_id, object_id, ",".join(k.spec for k in self.keys)])
        self._mac = hmac.new(secret.encode(), context.encode(), hashlib.sha256)

    def _sign(self, payload: bytes) -> bytes:
        mac = self._mac.copy()
        mac.update(b"\x00" + payload)
        return mac.digest()[:SIGNATURE_BYTES]

    def encode(self, row: Mapping[str, Any]) -> str:
        values = [fieldtypes.json_value(row[k.name]) for k in self.keys]
        payload = json.dumps(values, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def decode(self, cursor: str) -> list[Any]:
        """The sort values in `cursor`; BadUserInput("invalid cursor") for anything else."""
        try:
            body, signature = cursor.split(".")
            payload = _unb64(body)
            if not hmac.compare_digest(_unb64(signature), self._sign(payload)):
                raise ValueError("signature")
            values = json.loads(payload)
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("shape")
            return [self._value(k, v) for k, v in zip(self.keys, values)]
        except (ValueError, binascii.Error, CoercionError, UnicodeDecodeError):
            raise BadUserInput("invalid cursor") from None

    @staticmethod
    def _value(key: SortKey, value: Any) -> Any:
        if value is None:
            if not key.nullable:
                raise ValueError("null")
            return None
        if fieldtypes.info(key.type).scalar == "String":
            if not isinstance(value, str):
                raise ValueError("text")
            return value
        return fieldtypes.coerce(key.type, value)
