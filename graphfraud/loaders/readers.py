"""Read one export file into Arrow tables of strings with canonical column names and source lines.

Nothing is typed here: every value stays the exact text of the file, so identifiers keep their
leading zeros and ``X`` check digits. Rows with the wrong number of fields are returned as
structural rejects with their raw text.
"""
from __future__ import annotations

import codecs
import datetime as dt
import functools
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphfraud.errors import InputError
from graphfraud.schema import TABLES, Table, aliases_for, table_for_file

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class RawBatch:
    """One table's rows from one file (or sheet), as strings, with the line each came from."""

    table: Table
    source: str
    data: pa.Table
    lines: np.ndarray
    raw_rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (line, reason, raw)
    extra_columns: list[str] = field(default_factory=list)
    encoding: str | None = None

    def raw_line(self, index: int) -> str:
        """A row's content for the rejects file, when the raw text is not at hand (XLSX, Parquet)."""
        return json.dumps({c: self.data.column(c)[index].as_py() for c in self.data.column_names}, ensure_ascii=False)


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def detect_encoding(path: Path, configured: str = "auto") -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else GB18030."""
    if configured != "auto":
        return configured
    stat = path.stat()
    return _detected(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _detected(path: Path, size: int, mtime_ns: int) -> str:
    """Cached by size and time: the header check and the reader both ask, and the answer costs a full scan."""
    with path.open("rb") as fh:
        if fh.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        fh.seek(0)
        return "utf-8" if _is_utf8(fh) else "gb18030"


def _is_utf8(fh: BinaryIO, size: int = 1 << 24) -> bool:
    """Strict UTF-8, as Python's decoder judges it, checked by Arrow's vectorised validator.

    Chunks end after a newline, which is never inside a UTF-8 character; a chunk without one
    (a 16 MB line) leaves the rest of the file to Python's incremental decoder.
    """
    while chunk := fh.read(size):
        end = chunk.rfind(b"\n") + 1 if len(chunk) == size else len(chunk)
        if end == 0:
            return _decodes(chunk, fh)
        part = memoryview(chunk)[:end]
        offsets = pa.py_buffer(np.array([0, end], dtype=np.int64))
        try:
            pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(part)]).cast(pa.large_string())
        except pa.ArrowInvalid:
            return False
        fh.seek(end - len(chunk), io.SEEK_CUR)
    return True


def _decodes(first: bytes, fh: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(first)
        while chunk := fh.read(1 << 22):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def map_header(table: Table, header: list[str], source: str) -> tuple[dict[int, str], list[str]]:
    """Column position -> canonical name; the unknown headers. The first of two synonyms wins."""
    accepted = aliases_for(table)
    mapping: dict[int, str] = {}
    extra: list[str] = []
    for pos, name in enumerate(header):
        canonical = accepted.get(name.strip().lstrip("\ufeff").lower())
        if canonical is None:
            extra.append(name.strip())
        elif canonical not in mapping.values():
            mapping[pos] = canonical
    return mapping, extra


def read_csv(path: Path, table: Table, encoding: str) -> RawBatch:
    with path.open("r", encoding=encoding, newline="") as fh:
        first = fh.readline().rstrip("\r\n")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header = first.split(delimiter)
    header = [h.strip().strip('"') for h in header]
    mapping, extra = map_header(table, header, path.name)
    data, bad = _parse_csv(path, encoding, delimiter, len(header), threads=True)
    if bad:  # only a single-threaded read knows the line numbers of bad rows
        data, bad = _parse_csv(path, encoding, delimiter, len(header), threads=False)
    # pyarrow counts lines from 1 with the skipped header as line 1; rows keep file order.
    total = data.num_rows + len(bad)
    rejected_lines = np.array(sorted(b[0] for b in bad), dtype=np.int64)
    lines = np.setdiff1d(np.arange(2, 2 + total, dtype=np.int64), rejected_lines, assume_unique=True)
    data = data.select([f"c{p}" for p in mapping]).rename_columns(list(mapping.values()))
    data, lines = _drop_blank_rows(data, lines)
    return RawBatch(table, path.name, data, lines, bad, extra, encoding)


def _parse_csv(path: Path, encoding: str, delimiter: str, width: int,
               threads: bool) -> tuple[pa.Table, list[tuple[int, str, str]]]:
    """All fields as strings, columns c0..cN; rows with the wrong field count as (line, reason, raw)."""
    names = [f"c{i}" for i in range(width)]
    bad: list[tuple[int, str, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, "bad_columns", row.text))
        return "skip"

    data = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=encoding, column_names=names, skip_rows=1, use_threads=threads),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return data, bad


def _drop_blank_rows(data: pa.Table, lines: np.ndarray) -> tuple[pa.Table, np.ndarray]:
    """Empty lines are not rows: pyarrow reads them as rows of empty strings."""
    if data.num_columns == 0 or data.num_rows == 0:
        return data, lines
    import pyarrow.compute as pc

    blank = pc.equal(pc.utf8_length(data.column(0)), 0)
    if not pc.any(blank).as_py():
        return data, lines  # the usual case: one column checked instead of all
    for column in data.columns[1:]:
        blank = pc.and_(blank, pc.equal(pc.utf8_length(column), 0))
    keep = pc.invert(blank)
    return data.filter(keep), lines[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]


def _cell_text(value: object, kind: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind == "time":  # an Excel serial date stored as a plain number
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).strftime("%Y-%m-%d %H:%M:%S")
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    return str(value)


def read_xlsx(path: Path, file_table: Table | None) -> list[RawBatch]:
    """Every sheet named after a table, else the first sheet as the file's table."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        named = [(ws, TABLES[ws.title.strip().lower()]) for ws in book.worksheets if ws.title.strip().lower() in TABLES]
        sheets = named or ([(book.worksheets[0], file_table)] if file_table else [])
        return [_read_sheet(path, ws, table, len(named) > 0) for ws, table in sheets]
    finally:
        book.close()


def _read_sheet(path: Path, ws: Any, table: Table, by_name: bool) -> RawBatch:
    rows = ws.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    mapping, extra = map_header(table, header, path.name)
    columns: dict[str, list[str | None]] = {name: [] for name in mapping.values()}
    lines: list[int] = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        lines.append(number)
        for pos, name in mapping.items():
            value = row[pos] if pos < len(row) else None
            columns[name].append(_cell_text(value, table.columns[name]))
    data = pa.table({n: pa.array(v, type=pa.string()) for n, v in columns.items()})
    source = f"{path.name}[{ws.title}]" if by_name else path.name
    return RawBatch(table, source, data, np.array(lines, dtype=np.int64), [], extra)


def read_parquet(path: Path, table: Table) -> RawBatch:
    data = pq.read_table(path)
    mapping, extra = map_header(table, data.column_names, path.name)
    arrays = []
    for pos, name in mapping.items():
        column = data.column(pos)
        if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            import pyarrow.compute as pc
            column = pc.strftime(column, format="%Y-%m-%d %H:%M:%S")
        arrays.append(column.cast(pa.string()))
    strings = pa.table(arrays, names=list(mapping.values())) if arrays else pa.table({})
    lines = np.arange(1, data.num_rows + 1, dtype=np.int64)
    return RawBatch(table, path.name, strings, lines, [], extra)


def read_file(path: Path, csv_encoding: str = "auto") -> list[RawBatch]:
    """All batches in one file. Raises InputError when the file cannot be read at all."""
    fmt = file_format(path)
    table = table_for_file(path.name)
    try:
        if fmt == "xlsx":
            return read_xlsx(path, table)
        if table is None:
            return []
        if fmt == "parquet":
            return [read_parquet(path, table)]
        return [read_csv(path, table, detect_encoding(path, csv_encoding))]
    except (OSError, pa.ArrowInvalid, UnicodeDecodeError, LookupError, ValueError, KeyError) as exc:
        raise InputError(f"{path.name}: cannot be read as {fmt}: {exc}",
                         "check the file is a complete export in CSV, XLSX or Parquet") from exc
