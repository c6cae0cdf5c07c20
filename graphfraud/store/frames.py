"""Arrow tables as pandas frames with the dtypes DuckDB gives, so both stores return identical frames.

DuckDB's ``.df()`` makes a text column ``str`` when it holds a value and ``object`` when it holds
none, and an integer column nullable (``Int32``, ``Int64``) only when it has a null; pyarrow's own
``to_pandas`` differs (floats for nullable integers). Both stores read through
:func:`arrow_to_pandas`: the Neo4j store its rows, without importing DuckDB, the embedded store its
query results (faster than ``.df()``).

>>> import pyarrow as pa
>>> arrow_to_pandas(pa.table({"k": ["a", None], "n": pa.array([1, None], pa.int32())})).dtypes.astype(str).tolist()
['str', 'Int32']
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa


_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
             pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
             pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype()}


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """The frame DuckDB's ``.df()`` makes of ``table``. The embedded store reads its results through
    Arrow too: ``.df()`` spends most of a text-heavy frame's time building Python strings that pandas
    then turns back into Arrow strings.

    An integer or boolean column with NULLs is pandas' nullable one, a DECIMAL (DuckDB's integer
    sums) is float64, a DATE is datetime64[us], a text column of NULLs only is object holding None.

    >>> from decimal import Decimal
    >>> arrow_to_pandas(pa.table({"d": pa.array([Decimal("2.5"), None], pa.decimal128(4, 1)),
    ...                           "b": pa.array([True, None])})).dtypes.astype(str).tolist()
    ['float64', 'boolean']
    """
    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_decimal(kind):
            column, kind = column.cast(pa.float64()), pa.float64()
        elif pa.types.is_date(kind):
            column, kind = column.cast(pa.timestamp("us")), pa.timestamp("us")
        if (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and column.null_count == len(column):
            columns.append(pd.Series([None] * len(column), dtype=object))
        elif kind in _NULLABLE and column.null_count:
            columns.append(column.to_pandas(types_mapper=_NULLABLE.get))
        else:
            columns.append(column.to_pandas())
    frame = pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(table.num_rows))
    frame.columns = pd.Index(table.column_names)
    return frame


def strings_frame(rows: list[list[Any]], columns: list[str]) -> pd.DataFrame:
    """A frame of text columns from row lists, typed as the embedded store types its own."""
    return arrow_to_pandas(pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)}))
