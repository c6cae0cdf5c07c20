"""Parquet exports: every column read as the text it stands for, or the file refused before loading.

A column must be text, a whole number, a decimal, a date or a time. Floating-point columns are
refused where they hold identifiers: a 20-digit ``psn_no`` in a float64 column has lost its
digits (``3.4298438010683216e+19``) and no conversion gets them back. Lists and structs fit no
column of the input contract.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphfraud.loaders.readers import RawBatch, map_header
from graphfraud.schema import Table

BATCH_ROWS = 1_000_000  # rows of a Parquet file loaded at a time (about 1 GB of strings at most)


def column_problems(table: Table, schema: pa.Schema) -> list[str]:
    """Why a mapped column of this Parquet schema cannot be loaded, one message per column.

    >>> from graphfraud.schema import TABLES
    >>> column_problems(TABLES["psn_info"], pa.schema([("psn_no", pa.float64()), ("gend", pa.list_(pa.int8()))]))
    ['column psn_no is double: identifiers in floating point have lost digits; export it as text', \
'column gend is list<item: int8>: not a single value per row; export it as text']
    """
    mapping, _ = map_header(table, schema.names, "")
    problems = []
    for pos, name in mapping.items():
        kind, dtype = table.columns[name], schema.field(pos).type
        if pa.types.is_floating(dtype) and kind == "id":
            problems.append(f"column {name} is {dtype}: identifiers in floating point have lost digits; "
                            "export it as text")
        elif not _scalar(dtype):
            problems.append(f"column {name} is {dtype}: not a single value per row; export it as text")
    return problems


def _scalar(dtype: pa.DataType) -> bool:
    return (pa.types.is_string(dtype) or pa.types.is_large_string(dtype) or pa.types.is_integer(dtype)
            or pa.types.is_floating(dtype) or pa.types.is_decimal(dtype) or pa.types.is_temporal(dtype)
            or pa.types.is_boolean(dtype) or pa.types.is_null(dtype) or pa.types.is_dictionary(dtype)
            and _scalar(dtype.value_type))


def read_parquet(path: Path, table: Table, rows: int | None = None) -> Iterator[RawBatch]:
    """The file's rows in batches of at most ``rows`` (``BATCH_ROWS``), line numbers counting on.

    A batch at a time bounds the loader's memory by the batch, not the file: a year of fee lines in
    one Parquet file (1e7 rows) held as strings and then typed needed over 8 GB at once. A file
    without rows gives one empty batch, so it is still reported.
    """
    parquet = pq.ParquetFile(path)
    mapping, extra = map_header(table, parquet.schema_arrow.names, path.name)
    first = 1
    for batch in parquet.iter_batches(batch_size=rows or BATCH_ROWS):
        yield RawBatch(table, path.name, _strings(batch, mapping),
                       np.arange(first, first + batch.num_rows, dtype=np.int64), [], extra)
        first += batch.num_rows
    if first == 1:
        yield RawBatch(table, path.name, _strings(parquet.schema_arrow.empty_table(), mapping),
                       np.zeros(0, dtype=np.int64), [], extra)


def _strings(data: pa.Table | pa.RecordBatch, mapping: dict[int, str]) -> pa.Table:
    """The mapped columns as text under their canonical names."""
    arrays = []
    for pos in mapping:
        column = data.column(pos)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            column = pc.strftime(column, format="%Y-%m-%d %H:%M:%S")
        arrays.append(column.cast(pa.string()))
    return pa.table(arrays, names=list(mapping.values())) if arrays else pa.table({})
