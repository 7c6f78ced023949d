"""Answer equivalence: a GraphQL `data` document against the SQL's JSON, before timing.

`exact` means identical JSON; `equivalent` means the same scalar values in the same
order once encodings are normalised (a Decimal as string or number, a timestamp with
`Z` or `+00:00`), the anchor's rule for servers whose field names differ.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

_TS = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_NUM = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")

EXACT, EQUIVALENT, MISMATCH = "exact", "equivalent", "mismatch"


def norm_scalar(v: Any) -> Any:
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return Decimal(str(v)).normalize()
    if isinstance(v, str):
        if _TS.match(v):
            s = v.replace(" ", "T").replace("Z", "+00:00")
            if re.search(r"[+-]\d{2}$", s):
                s += ":00"
            try:
                d = dt.datetime.fromisoformat(s)
                return "ts:" + (d.astimezone(dt.timezone.utc) if d.tzinfo else d).isoformat()
            except ValueError:
                pass
        if _NUM.match(v):
            try:
                return Decimal(v).normalize()
            except InvalidOperation:
                pass
    return v


def leaves(x: Any, unordered: bool = False) -> list[Any]:
    """Scalar leaves in document order, names ignored; list items sorted when unordered."""
    if isinstance(x, dict):
        return [leaf for v in x.values() for leaf in leaves(v, unordered)]
    if isinstance(x, list):
        parts = [leaves(i, unordered) for i in x]
        if unordered:
            parts.sort(key=repr)
        return [("[",)] + [p for part in parts for p in (*part, (",",))] + [("]",)]
    return [norm_scalar(x)]


def canonical(x: Any, unordered: bool = False) -> Any:
    if isinstance(x, dict):
        return {k: canonical(v, unordered) for k, v in x.items()}
    if isinstance(x, list):
        items = [canonical(i, unordered) for i in x]
        if unordered:
            items.sort(key=lambda i: json.dumps(i, sort_keys=True, default=str))
        return items
    return x


def compare(got: Any, expected: Any, unordered: bool = False) -> str:
    if canonical(got, unordered) == canonical(expected, unordered):
        return EXACT
    if leaves(got, unordered) == leaves(expected, unordered):
        return EQUIVALENT
    return MISMATCH


def is_empty(doc: Any) -> bool:
    """True when an answer holds no scalar at all (a page with no rows)."""
    return not [leaf for leaf in leaves(doc) if not isinstance(leaf, tuple)]
