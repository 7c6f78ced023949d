"""The bench's dataset is the perf anchor's, row for row."""

from __future__ import annotations

from bench import dataset

ANCHOR_TINY = dataset.Sizes(customers=60, leads=90, tickets=250, owners=7, seed=42)
ANCHOR_TINY_SHA256 = {
    "customer": "8a8282b51cbf36d65be47505daf5405f77e82dbccb40ac9bb184c4b89a7bc66c",
    "lead": "e6eada85ef3694e724d91cb804bdfa95a607048acd4a1c0360394209c5f603e2",
    "ticket": "75cd744a54afdec4be82a2f2ba0cbeeeea085d0e80e56be8723b44d12359a853",
}
"""What the anchor's own generator prints with `--hash-only` for these sizes."""


def test_generator_reproduces_the_anchor_copy_text() -> None:
    """Same seed and sizes give byte-identical tables to the anchor's generator."""
    assert dataset.fingerprints(dataset.generate(ANCHOR_TINY)) == ANCHOR_TINY_SHA256


def test_customer_prefix_does_not_depend_on_table_size() -> None:
    """The first n customers are the same at every size, so Q2-by-size compares like with like."""
    small = dataset.generate(dataset.Sizes(50, 1, 1, 200, 42)).customers
    large = dataset.generate(dataset.Sizes(500, 1, 1, 200, 42)).customers
    assert large[:50] == small


def test_scaled_sizes_keep_owners_and_shape() -> None:
    """--scale shrinks every table alike and keeps the 200 owners of Q4."""
    assert dataset.Sizes().scaled(0.1) == dataset.Sizes(10_000, 20_000, 50_000, 200, 42)


def test_variable_sets_follow_the_anchor() -> None:
    """Q1 draws 1000 customer numbers, Q2/Q3 share 48 industry x revenue pairs, Q4 every owner once."""
    p = dataset.params(ANCHOR_TINY)
    assert len(p["q1"]) == 1000 and all(1 <= v["id"] <= 60 for v in p["q1"])
    assert p["q2"] is p["q3"] and len(p["q2"]) == len(dataset.INDUSTRIES) * len(
        dataset.MIN_REVENUES
    )
    assert sorted(v["ownerId"] for v in p["q4"]) == list(range(1, 8))
