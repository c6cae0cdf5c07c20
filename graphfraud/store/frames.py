"""Arrow tables as pandas frames with the dtypes DuckDB gives, so both stores return identical frames.

DuckDB's ``.df()`` (the embedded store) makes a text column ``str`` when it holds a value and
``object`` when it holds none, and an integer column nullable (``Int32``, ``Int64``) only when it
has a null; pyarrow's own ``to_pandas`` differs (floats for nullable integers). The Neo4j store
converts its rows with :func:`arrow_to_pandas` to match, without importing DuckDB.

>>> import pyarrow as pa
>>> arrow_to_pandas(pa.table({"k": ["a", None], "n": pa.array([1, None], pa.int32())})).dtypes.astype(str).tolist()
['str', 'Int32']
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    columns: dict[str, Any] = {}
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            filled = column.null_count < len(column)
            columns[name] = column.to_pandas() if filled else pd.Series([None] * len(column), dtype=object)
        elif pa.types.is_integer(kind) and column.null_count:
            columns[name] = pd.array(column.to_pylist(), dtype=f"Int{kind.bit_width}")
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns, columns=table.column_names)


def strings_frame(rows: list[list[Any]], columns: list[str]) -> pd.DataFrame:
    """A frame of text columns from row lists, typed as the embedded store types its own."""
    return arrow_to_pandas(pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)}))
