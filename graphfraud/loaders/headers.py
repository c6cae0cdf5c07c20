"""Header pre-pass: check every file's required columns before anything is written."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from graphfraud.loaders.readers import detect_encoding, file_format, map_header
from graphfraud.schema import TABLES, Table, table_for_file


def _headers(path: Path, csv_encoding: str) -> list[tuple[Table, list[str]]]:
    fmt = file_format(path)
    if fmt == "parquet":
        table = table_for_file(path.name)
        return [(table, pq.read_schema(path).names)] if table else []
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            named = [ws for ws in book.worksheets if ws.title.strip().lower() in TABLES]
            table = table_for_file(path.name)
            sheets = [(ws, TABLES[ws.title.strip().lower()]) for ws in named] or (
                [(book.worksheets[0], table)] if table else [])
            return [(t, [str(v) for v in next(ws.iter_rows(values_only=True, max_row=1), ()) if v is not None])
                    for ws, t in sheets]
        finally:
            book.close()
    table = table_for_file(path.name)
    if table is None:
        return []
    with path.open("r", encoding=detect_encoding(path, csv_encoding), newline="") as fh:
        first = fh.readline().rstrip("\r\n")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [(table, [h.strip().strip('"') for h in first.split(delimiter)])]


def missing_columns(path: Path, csv_encoding: str = "auto") -> list[str]:
    """Required columns (keys and essentials of input-format.md) absent from the file's header(s)."""
    missing: list[str] = []
    for table, header in _headers(path, csv_encoding):
        mapping, _ = map_header(table, header, path.name)
        present = set(mapping.values())
        missing += [c for c in table.required_columns if c not in present]
    return missing
