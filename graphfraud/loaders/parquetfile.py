"""Parquet exports: every column read as the text it stands for, or the file refused before loading.

A column must be text, a whole number, a decimal, a date or a time. Floating-point columns are
refused where they hold identifiers: a 20-digit ``psn_no`` in a float64 column has lost its
digits (``3.4298438010683216e+19``) and no conversion gets them back. Lists and structs fit no
column of the input contract.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphfraud.loaders.readers import RawBatch, map_header
from graphfraud.schema import Table


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


def read_parquet(path: Path, table: Table) -> RawBatch:
    data = pq.read_table(path)
    mapping, extra = map_header(table, data.column_names, path.name)
    arrays = []
    for pos, name in mapping.items():
        column = data.column(pos)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            column = pc.strftime(column, format="%Y-%m-%d %H:%M:%S")
        arrays.append(column.cast(pa.string()))
    strings = pa.table(arrays, names=list(mapping.values())) if arrays else pa.table({})
    lines = np.arange(1, data.num_rows + 1, dtype=np.int64)
    return RawBatch(table, path.name, strings, lines, [], extra)
