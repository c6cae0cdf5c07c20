"""The Neo4j store turns Arrow into pandas without DuckDB, yet with exactly DuckDB's dtypes."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from graphfraud.store.frames import arrow_to_pandas

TABLES = {
    "mixed": pa.table({"s": ["a", None], "i32": pa.array([1, None], pa.int32()), "i64": pa.array([1, 2], pa.int64()),
                       "f": [1.5, None], "t": pa.array([dt.datetime(2025, 1, 1), None], pa.timestamp("us"))}),
    "all_null": pa.table({"s": pa.array([None, None], pa.string()), "i": pa.array([None, None], pa.int64())}),
    "empty": pa.table({"s": pa.array([], pa.string()), "i": pa.array([], pa.int32())}),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_same_frame_as_duckdb(name: str) -> None:
    table = TABLES[name]
    pd.testing.assert_frame_equal(arrow_to_pandas(table), duckdb.from_arrow(table).df())
