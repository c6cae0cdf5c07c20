"""Read one export file into Arrow tables of strings with canonical column names and source lines.

Nothing is typed here: every value stays the exact text of the file, so identifiers keep their
leading zeros and ``X`` check digits. Records that cannot be split into fields are returned as
structural rejects with their line and raw text (see ``csvfile``). Raw text of a table with
protected columns (the informant of a tip-off) never leaves this module with those fields in it.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.errors import InputError
from graphfraud.loaders.csvfile import read_pieces
from graphfraud.loaders.lines import LineText
from graphfraud.schema import Table, aliases_for

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
LOCK_PREFIX = "~$"  # Excel's owner file beside an open workbook: not data
WITHHELD = "(withheld: this row could not be split into fields, and its table holds informant fields)"
HEAD_BYTES = 1 << 20
StructuralReject = tuple[int, str, str, str]  # (line, reason, what is wrong, raw text)


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str
    width: int
    protected: tuple[int, ...] = ()  # header positions of protected columns


@dataclass
class RawBatch:
    """One table's rows from one file (or sheet), as strings, with the line each came from."""

    table: Table
    source: str
    data: pa.Table
    lines: np.ndarray
    raw_rejects: list[StructuralReject] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    spans: np.ndarray | None = None  # physical lines of each row (CSV)
    text: LineText | None = None  # the file's lines (CSV)
    layout: CsvLayout | None = None

    def raw_texts(self, wanted: list[int]) -> dict[int, str]:
        """Raw text of the rows starting on the given lines, for the rejects file (protected fields withheld)."""
        if not wanted:
            return {}
        where = np.searchsorted(self.lines, np.array(wanted, dtype=np.int64))
        if self.text is not None and self.spans is not None and self.layout is not None:
            return {line: withhold(self.text.range_text(line, int(self.spans[at])), self.layout)
                    for line, at in zip(wanted, where)}
        shown = [c for c in self.data.column_names if c not in self.table.protected]
        return {line: json.dumps({c: self.data.column(c)[int(at)].as_py() for c in shown}, ensure_ascii=False)
                for line, at in zip(wanted, where)}


def withhold(raw: str, layout: CsvLayout) -> str:
    """``raw`` with its protected fields replaced by ``***``; all of it withheld if it cannot be split.

    >>> withhold("L1,2025-07-01,王举报,13912345678", CsvLayout(",", 4, (2, 3)))
    'L1,2025-07-01,***,***'
    >>> withhold('L1,"2025,王举报', CsvLayout(",", 4, (2, 3))).startswith("(withheld")
    True
    """
    if not layout.protected:
        return raw
    try:
        parsed = list(csv.reader(io.StringIO(raw + "\n", newline=""), delimiter=layout.delimiter, strict=True))
    except csv.Error:
        return WITHHELD
    if len(parsed) != 1 or len(parsed[0]) != layout.width:
        return WITHHELD
    fields = [("***" if value else "") if at in layout.protected else value for at, value in enumerate(parsed[0])]
    out = io.StringIO()
    csv.writer(out, delimiter=layout.delimiter, lineterminator="").writerow(fields)
    return out.getvalue()


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


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


def csv_header(path: Path, encoding: str) -> tuple[str, list[str]]:
    """The delimiter (comma or tab) and the column names of a CSV file's first line."""
    with path.open("rb") as fh:
        line = fh.read(HEAD_BYTES).split(b"\n", 1)[0].rstrip(b"\r")
    if b"\x00" in line:
        raise InputError(f"{path.name} is not a text file (it holds binary data)",
                         "export the table again as CSV, XLSX or Parquet, or move the file out of the folder")
    first = line.decode(encoding, "replace").lstrip("\ufeff")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    names = next(csv.reader([first], delimiter=delimiter), [])
    return delimiter, [h.strip().strip('"') for h in names]


def read_csv(path: Path, table: Table, encoding: str) -> Iterator[RawBatch]:
    """The file's rows, a piece of the file at a time (see ``csvfile.read_pieces``)."""
    delimiter, header = csv_header(path, encoding)
    mapping, extra = map_header(table, header, path.name)
    layout = CsvLayout(delimiter, len(header), tuple(p for p, c in mapping.items() if c in table.protected))
    for records in read_pieces(path, encoding, delimiter, len(header)):
        keep = _not_blank(records.data)
        data = records.data.select([f"c{p}" for p in mapping]).rename_columns(list(mapping.values()))
        lines, spans = records.lines, records.spans
        if keep is not None:
            data, lines, spans = data.filter(pa.array(keep)), lines[keep], spans[keep]
        rejects = [(line, reason, detail, withhold(raw, layout)) for line, reason, detail, raw in records.rejects]
        yield RawBatch(table, path.name, data, lines, rejects, extra, encoding, spans, records.text, layout)


def _not_blank(data: pa.Table) -> np.ndarray | None:
    """Rows with any value (None when all have one): an empty line is not a row."""
    if data.num_columns == 0 or data.num_rows == 0:
        return None
    blank = pc.equal(pc.binary_length(data.column(0)), 0)
    if not pc.any(blank).as_py():
        return None  # the usual case: one column checked instead of all
    for column in data.columns[1:]:
        blank = pc.and_(blank, pc.equal(pc.binary_length(column), 0))
    return ~np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
