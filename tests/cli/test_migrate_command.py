"""`metacrm migrate` upgrades the system tables; other commands refuse an unmigrated database."""

from __future__ import annotations


async def test_migrate_upgrades_an_empty_database_and_is_idempotent(metacrm):
    """Running it twice succeeds both times and says the database is up to date."""
    first = await metacrm("migrate")
    second = await metacrm("migrate")
    assert (first.code, second.code) == (0, 0)
    assert first.out == second.out == "database is up to date\n"


async def test_commands_refuse_an_unmigrated_database(metacrm):
    """Before `migrate`, a command exits 1 and tells the operator what to run."""
    outcome = await metacrm("tenant", "create", "acme")
    assert outcome.code == 1
    assert outcome.out == ""
    assert "run `metacrm migrate`" in outcome.err
