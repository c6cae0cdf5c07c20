"""Turn a batch of strings into typed rows, or rejects with a reason code.

Folding (NFKC: full-width ＡＢＣ１２３ and spaces to half-width), trimming and the missing-value
tokens are applied to every column with Arrow compute, a column per thread; typing and the reason
of a reject are one DuckDB query, split into rows and rejects in Arrow, so a million rows cost
seconds, not minutes.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.loaders.keys import key_sql
from graphfraud.loaders.readers import RawBatch
from graphfraud.schema import Table

MISSING = pa.array(["", "NULL", "null", "Null", "\\N", "-", "None", "nan", "NaN"])
TIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d%H%M%S", "%Y%m%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S",
]
DEFAULTS = {"vali_flag": 1, "refd_setl_flag": 0, "trdn_flag": 0, "rx_circ_flag": 0,
            "sel_retn_flag": 0, "purc_retn_flag": 0, "resale_risk": 0}


@dataclass
class Normalised:
    rows: pa.Table  # typed columns of the table, plus _key, _line
    rejects: pa.Table  # _line, reason, column, value


def fold(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """NFKC-fold, trim, and turn the missing-value tokens into nulls."""
    if not pc.all(pc.string_is_ascii(column)).as_py():
        column = pc.utf8_normalize(column, form="NFKC")
    column = pc.utf8_trim_whitespace(column)
    missing = pc.is_in(column, value_set=MISSING)
    if not pc.any(missing).as_py():
        return column  # if_else would copy the whole column to change nothing
    return pc.if_else(missing, pa.scalar(None, pa.string()), column)


def _typed(column: str, kind: str) -> str:
    q = f'"{column}"'
    if kind == "time":
        formats = ", ".join(f"'{f}'" for f in TIME_FORMATS)
        return f"try_strptime({q}, [{formats}])"
    if kind == "num":
        return f"CASE WHEN isfinite(TRY_CAST({q} AS DOUBLE)) THEN TRY_CAST({q} AS DOUBLE) END"
    if kind == "flag":
        cast = f"TRY_CAST({q} AS INTEGER)"
        return f"COALESCE({cast}, {DEFAULTS[column]})" if column in DEFAULTS else cast
    return q


def _reason_sql(table: Table, present: list[str]) -> tuple[str, str]:
    """SQL for the first failing check of a row: its reason code and the offending column."""
    checks: list[tuple[str, str, str]] = [(f'"{k}" IS NULL', "missing_key", k) for k in table.key]
    for column in present:
        kind = table.columns[column]
        if kind in ("time", "num", "flag") and column not in table.key:
            reason = "bad_time" if kind == "time" else "bad_number"
            checks.append((f'"{column}" IS NOT NULL AND t_{column} IS NULL', reason, column))
        if kind == "time" and column in table.key:
            checks.append((f"t_{column} IS NULL", "bad_time", column))
    reason = "CASE " + " ".join(f"WHEN {c} THEN '{r}'" for c, r, _ in checks) + " END"
    col = "CASE " + " ".join(f"WHEN {c} THEN '{k}'" for c, _, k in checks) + " END"
    return reason, col


def normalise(con: duckdb.DuckDBPyConnection, batch: RawBatch) -> Normalised:
    table = batch.table
    present = [c for c in batch.data.column_names if c not in table.protected]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:  # Arrow kernels release the GIL
        folded = dict(zip(present, pool.map(fold, (batch.data.column(c) for c in present))))
    con.register("raw_batch", pa.table(folded | {"_line": pa.array(batch.lines)}))
    try:
        checked = con.sql(_checked_sql(table, present)).to_arrow_table()
    finally:
        con.unregister("raw_batch")
    return _split(_assemble(table, folded, checked, batch.lines))


def _text_columns(table: Table, present: list[str]) -> list[str]:
    """Text columns are stored as folded: they skip the trip through DuckDB and back."""
    return [c for c in present if table.columns[c] in ("id", "text")]


def _checked_sql(table: Table, present: list[str]) -> str:
    """Typed columns, key, reject reason (NULL when usable) and offending value of every row, in line order."""
    typed = ", ".join(
        f"{_typed(c, table.columns[c]) if c in present else _missing(c)} AS t_{c}" for c in table.stored_columns)
    reason, column = _reason_sql(table, present)
    key = key_sql([f"CAST(t_{k} AS VARCHAR)" for k in table.key])
    text = _text_columns(table, present)
    outputs = "".join(f", t_{c} AS \"{c}\"" for c in table.stored_columns if c not in text)
    checked = [c for c in present if c in table.key or c not in text]  # the columns a reason can name
    return (f"SELECT {key} AS _key{outputs}, _line, _reason, _reason_column, {_value_expr(checked)} AS _value "
            f"FROM (SELECT *, {reason} AS _reason, {column} AS _reason_column "
            f"FROM (SELECT raw_batch.*, {typed} FROM raw_batch))")


def _assemble(table: Table, folded: dict[str, pa.ChunkedArray], checked: pa.Table, lines: np.ndarray) -> pa.Table:
    """The stored columns in schema order, text from the folded Arrow arrays, the rest from DuckDB."""
    if not np.array_equal(checked.column("_line").to_numpy(), lines):
        checked = checked.sort_by("_line")  # never seen: DuckDB keeps scan order; lines ascend in a batch
    text = set(_text_columns(table, list(folded)))
    names = ["_key", *table.stored_columns, "_line", "_reason", "_reason_column", "_value"]
    return pa.table([folded[n] if n in text else checked.column(n) for n in names], names=names)


def _split(checked: pa.Table) -> Normalised:
    """Usable rows and rejects, each in line order."""
    usable = checked.column("_reason").null_count == checked.num_rows
    ok = pc.is_null(checked.column("_reason"))
    rows = checked if usable else checked.filter(ok)  # the usual case skips a copy of every column
    rejects = checked.slice(0, 0) if usable else checked.filter(pc.invert(ok))
    return Normalised(
        rows.drop_columns(["_reason", "_reason_column", "_value"]),
        rejects.select(["_line", "_reason", "_reason_column", "_value"]).rename_columns(
            ["_line", "reason", "column", "value"]))


def _missing(column: str) -> str:
    return str(DEFAULTS[column]) if column in DEFAULTS else "NULL"


def _value_expr(present: list[str]) -> str:
    if not present:
        return "NULL"
    cases = " ".join(f"WHEN '{c}' THEN CAST(\"{c}\" AS VARCHAR)" for c in present)
    return f"CASE _reason_column {cases} END"
