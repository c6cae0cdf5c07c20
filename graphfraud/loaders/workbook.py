"""XLSX exports: every sheet named after a table, else the first sheet as the file's table.

Excel keeps numbers as 64-bit floats with 15 significant digits, so an 18-digit ID number typed
into a numeric cell has already lost its last digits (3.30102195803151E+17). Such a cell in an
identifier column is rejected (``bad_id``) instead of being stored as a made-up number.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from graphfraud.loaders.readers import RawBatch, StructuralReject, map_header
from graphfraud.schema import TABLES, Table

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EXACT_DIGITS = 10**15  # Excel's 15 significant digits: integers from here on may be rounded


class LostDigits(ValueError):
    """An identifier cell holds a number too large to have kept its digits."""


def cell_text(value: object, kind: str) -> str | None:
    """A cell as the text the export meant.

    >>> cell_text(45839, "time"), cell_text(12.0, "num"), cell_text("0012", "id")
    ('2025-07-01 00:00:00', '12', '0012')
    >>> cell_text(3.30102195803151e17, "id")
    Traceback (most recent call last):
    graphfraud.loaders.workbook.LostDigits: 3.30102195803151e+17
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind == "time":  # an Excel serial date stored as a plain number
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).strftime("%Y-%m-%d %H:%M:%S")
        if kind == "id" and isinstance(value, float) and abs(value) >= EXACT_DIGITS:
            raise LostDigits(repr(value))
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    return str(value)


def sheets_of(book: Any, file_table: Table | None) -> tuple[list[tuple[Any, Table]], bool]:
    """The sheets to read with their tables, and whether they were chosen by name."""
    named = [(ws, TABLES[ws.title.strip().lower()]) for ws in book.worksheets if ws.title.strip().lower() in TABLES]
    if named:
        return named, True
    return ([(book.worksheets[0], file_table)] if file_table and book.worksheets else []), False


def read_xlsx(path: Path, file_table: Table | None) -> list[RawBatch]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets, by_name = sheets_of(book, file_table)
        return [_read_sheet(path, ws, table, by_name) for ws, table in sheets]
    finally:
        book.close()


def _read_sheet(path: Path, ws: Any, table: Table, by_name: bool) -> RawBatch:
    rows = ws.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    mapping, extra = map_header(table, header, path.name)
    columns: dict[str, list[str | None]] = {name: [] for name in mapping.values()}
    lines: list[int] = []
    rejects: list[StructuralReject] = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        try:
            texts = {name: cell_text(row[pos] if pos < len(row) else None, table.columns[name])
                     for pos, name in mapping.items()}
        except LostDigits as exc:
            column = next(n for p, n in mapping.items() if p < len(row) and _lost(row[p], table.columns[n]))
            shown = {n: str(row[p]) for p, n in mapping.items() if p < len(row) and n not in table.protected}
            rejects.append((number, "bad_id", f"{column} is a number in Excel ({exc}): its digits are lost",
                            json.dumps(shown, ensure_ascii=False)))
            continue
        lines.append(number)
        for name, text in texts.items():
            columns[name].append(text)
    data = pa.table({n: pa.array(v, type=pa.string()) for n, v in columns.items()})
    source = f"{path.name}[{ws.title}]" if by_name else path.name
    return RawBatch(table, source, data, np.array(lines, dtype=np.int64), rejects, extra)


def _lost(value: object, kind: str) -> bool:
    try:
        cell_text(value, kind)
    except LostDigits:
        return True
    return False


def xlsx_headers(path: Path, file_table: Table | None) -> list[tuple[Table, list[str]]]:
    """Each sheet to be read, with its header row."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets, _ = sheets_of(book, file_table)
        return [(t, [str(v) for v in next(ws.iter_rows(values_only=True, max_row=1), ()) if v is not None])
                for ws, t in sheets]
    finally:
        book.close()
