"""A Python model of the filter language, the reference the SQL compiler is checked against."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from metadata.storage.patterns import ANY, ONE, parse_like


def like_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = [".*" if t is ANY else "." if t is ONE else re.escape(str(t)) for t in parse_like(pattern)]
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def matches_op(value: Any, op: str, operand: Any) -> bool:
    if op == "isNull":
        return (value is None) == operand
    if op == "isEmpty":
        return (not value) == operand
    if op == "containsAny":
        return bool(set(value or ()) & set(operand))
    if op == "containsAll":
        return set(operand) <= set(value or ())
    if value is None:
        return False
    if op == "eq":
        return bool(value == operand)
    if op == "neq":
        return bool(value != operand)
    if op == "gt":
        return bool(value > operand)
    if op == "gte":
        return bool(value >= operand)
    if op == "lt":
        return bool(value < operand)
    if op == "lte":
        return bool(value <= operand)
    if op == "in":
        return value in operand
    if op == "nin":
        return value not in operand
    if op in ("like", "ilike"):
        return like_regex(operand, op == "ilike").fullmatch(value) is not None
    if op == "startsWith":
        return bool(value.startswith(operand))
    if op == "contains":
        return operand in value
    raise AssertionError(op)


def evaluate(row: Mapping[str, Any], ast: Mapping[str, Any], related: Mapping[str, Any] | None = None) -> bool:
    """`related`: relation name -> function(row) giving the live related row or None."""
    for key, value in ast.items():
        if key == "and":
            ok = all(evaluate(row, sub, related) for sub in value)
        elif key == "or":
            ok = any(evaluate(row, sub, related) for sub in value)
        elif key == "not":
            ok = not evaluate(row, value, related)
        elif related and key in related:
            target = related[key](row)
            ok = target is not None and evaluate(target, value)
        else:
            ok = all(matches_op(row[key], op, operand) for op, operand in value.items())
        if not ok:
            return False
    return True
