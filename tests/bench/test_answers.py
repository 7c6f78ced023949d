"""Answers are compared value for value before anything is timed."""

from __future__ import annotations

from bench import compare


def test_identical_documents_are_exact() -> None:
    """The same JSON is an exact match."""
    doc = {"customers": {"edges": [{"node": {"id": "a", "annualRevenue": "10.50"}}]}}
    assert compare.compare(doc, doc) == compare.EXACT


def test_encodings_of_the_same_values_are_equivalent() -> None:
    """A decimal as number or string, a timestamp with Z or +00:00: equivalent, not exact."""
    got = {"c": {"annualRevenue": "10.50", "createdAt": "2020-01-01T00:00:00+00:00"}}
    expected = {"customer": {"revenue": 10.5, "created": "2020-01-01 00:00:00Z"}}
    assert compare.compare(got, expected) == compare.EQUIVALENT


def test_a_different_order_is_a_mismatch() -> None:
    """Pages must come in the same order as the SQL's."""
    assert compare.compare({"l": [1, 2]}, {"l": [2, 1]}) == compare.MISMATCH
    assert compare.compare({"l": [1, 2]}, {"l": [2, 1]}, unordered=True) == compare.EXACT


def test_an_empty_page_is_recognised() -> None:
    """Checks count empty answers, which prove little."""
    assert compare.is_empty({"customers": {"edges": []}})
    assert not compare.is_empty({"customer": {"id": "x"}})
