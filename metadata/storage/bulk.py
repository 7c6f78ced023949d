"""Many rows in one INSERT whose text does not grow with the number of rows.

On PostgreSQL the rows travel as one array per column and `unnest` turns them back into
rows: a short statement, prepared once and reused for any batch size, where a VALUES
list of 1,000 rows is a 20,000-parameter statement to build, parse and plan. Columns
with the same value in every row are single parameters. `WITH ORDINALITY` keeps the
rows in input order, so generated keys (the audit log's id) follow it. SQLite, in
process and without a planner round trip, gets SQLAlchemy's multi-row insert.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

ORDINAL = "ordinal"


class BulkInsert:
    """The INSERT of any number of rows into `table`: `varying` columns get one value per
    row, `constant` ones a single value for all. Built once, executed with `params`;
    with `returning`, PostgreSQL returns rows in input order and SQLite is asked to."""

    def __init__(self, dialect: str, table: sa.Table, varying: Sequence[str], constant: Sequence[str],
                 returning: Sequence[sa.ColumnElement[Any]] = ()) -> None:
        self.unnest = dialect == "postgresql"
        self.json_columns = frozenset(name for name in varying if isinstance(table.c[name].type, sa.JSON))
        self.statement = self._unnest(table, varying, constant) if self.unnest else table.insert()
        if returning:
            self.statement = (self.statement.returning(*returning) if self.unnest
                              else self.statement.returning(*returning, sort_by_parameter_order=True))

    def _unnest(self, table: sa.Table, varying: Sequence[str], constant: Sequence[str]) -> sa.Insert:
        arrays = [
            sa.bindparam(f"v_{name}", type_=postgresql.ARRAY(sa.Text if name in self.json_columns
                                                             else table.c[name].type))
            for name in varying
        ]
        rows = sa.func.unnest(*arrays).table_valued(*varying, with_ordinality=ORDINAL).render_derived()
        source = sa.select(
            *(sa.bindparam(f"k_{name}", type_=table.c[name].type) for name in constant),
            *(sa.cast(rows.c[name], postgresql.JSONB) if name in self.json_columns else rows.c[name]
              for name in varying),
        ).order_by(rows.c[ORDINAL])
        return table.insert().from_select([*constant, *varying], source)

    def params(self, varying: Mapping[str, Sequence[Any]], constant: Mapping[str, Any]) -> Any:
        """Parameters for the rows whose columns are `varying` (equal lengths), in the
        order of the names the statement was built with."""
        if not self.unnest:
            names = list(varying)
            return [{**dict(zip(names, values)), **constant} for values in zip(*varying.values())]
        return {
            **{f"v_{name}": _json_texts(values) if name in self.json_columns else list(values)
               for name, values in varying.items()},
            **{f"k_{name}": value for name, value in constant.items()},
        }


def _json_texts(values: Sequence[Any]) -> list[str | None]:
    """JSON values as text for a `text[]` parameter (an array of lists would read as a
    two-dimensional array); None stays SQL NULL, as for every JSON column here."""
    return [None if value is None else _json_text(value) for value in values]


def _json_text(value: Any) -> str:
    """orjson where it can (several times faster); `json` for what it refuses (integers
    beyond 64 bits), which is what SQLAlchemy would have used. jsonb keeps the value, not
    the spelling, so both store the same."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)
