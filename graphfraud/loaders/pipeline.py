"""Load a data directory into a store: discover, check headers, read, normalise, de-duplicate, insert, report.

Invariant for every file: rows read = rows loaded + rows rejected + duplicates skipped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.errors import InputError, OutOfSpace, is_out_of_space
from graphfraud.loaders.encoding import check_codec
from graphfraud.loaders.headers import check_files
from graphfraud.loaders.keys import KEY_FORMAT, migrate_keys
from graphfraud.loaders.normalise import normalise
from graphfraud.loaders.outputs import Outputs
from graphfraud.loaders.files import read_file
from graphfraud.loaders.readers import LOCK_PREFIX, RawBatch, file_format
from graphfraud.schema import REJECT_REASONS, REQUIRED_TABLES, table_for_file
from graphfraud.store.base import GraphStore, atomic

Progress = Callable[[str, int, int], None]


@dataclass
class FileReport:
    file: str
    table: str
    rows_read: int = 0
    loaded: int = 0
    duplicates: int = 0
    invalid: int = 0
    rejected: dict[str, int] = field(default_factory=lambda: {r: 0 for r in REJECT_REASONS})
    encoding: str | None = None
    extra_columns: list[str] = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.loaded + self.rejected_total + self.duplicates

    def add(self, part: FileReport) -> None:
        """Count in another batch of the same file."""
        for name in ("rows_read", "loaded", "duplicates", "invalid"):
            setattr(self, name, getattr(self, name) + getattr(part, name))
        for reason, n in part.rejected.items():
            self.rejected[reason] += n


@dataclass
class LoadReport:
    load_id: int
    data_dir: str
    started: str
    files: list[FileReport] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejects_file: str | None = None
    key_format: int = KEY_FORMAT  # how composite keys are encoded (loaders.keys)

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "loaded", "duplicates", "invalid")
        out = {k: sum(getattr(f, k) for f in self.files) for k in keys}
        out["rejected"] = sum(f.rejected_total for f in self.files)
        return out

    def per_table(self) -> dict[str, dict[str, object]]:
        tables: dict[str, dict[str, object]] = {}
        for f in self.files:
            t = tables.setdefault(f.table, {"rows_read": 0, "loaded": 0, "duplicates": 0, "invalid": 0,
                                            "rejected": {r: 0 for r in REJECT_REASONS}})
            for k in ("rows_read", "loaded", "duplicates", "invalid"):
                t[k] += getattr(f, k)
            for r, n in f.rejected.items():
                t["rejected"][r] += n  # type: ignore[index]
        return tables

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["totals"] = self.totals()
        return out


def discover(data_dir: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """Data files in name order, and the files skipped with the reason."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir} is not a directory", "give the folder that holds the exported files")
    files, skipped = [], []
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        name = path.relative_to(data_dir).as_posix()
        if path.name.startswith(LOCK_PREFIX):
            skipped.append({"file": name, "reason": "an Excel lock file (the workbook is open in Excel), not data"})
        elif file_format(path) is None:
            skipped.append({"file": name, "reason": "not a CSV, XLSX or Parquet file"})
        elif file_format(path) != "xlsx" and table_for_file(path.name) is None:
            skipped.append({"file": name, "reason": "file name starts with no known table name"})
        else:
            files.append(path)
    return files, skipped


def load_directory(store: GraphStore, data_dir: Path, rejects_dir: Path, csv_encoding: str = "auto",
                   progress: Progress | None = None) -> LoadReport:
    """Load every file of ``data_dir`` in one all-or-nothing step (embedded store); the rejects file and
    the load report appear beside the workspace only once the load is committed."""
    if csv_encoding != "auto":
        check_codec(csv_encoding)
    data_dir = Path(data_dir)
    files, skipped = discover(data_dir)
    check_files(files, csv_encoding)
    outputs = Outputs(Path(rejects_dir))
    try:
        report = _load(store, files, skipped, data_dir, outputs, csv_encoding, progress)
        outputs.publish()
    except BaseException as exc:
        outputs.discard()
        if is_out_of_space(exc):
            raise OutOfSpace(f"no space left on the disk while loading {data_dir}; nothing was loaded") from exc
        raise
    return report


def _load(store: GraphStore, files: list[Path], skipped: list[dict[str, str]], data_dir: Path, outputs: Outputs,
          csv_encoding: str, progress: Progress | None) -> LoadReport:
    load_id = store.next_load_id()
    report = LoadReport(load_id, str(data_dir), dt.datetime.now().isoformat(timespec="seconds"), skipped=skipped)
    rejects: list[list[object]] = []
    con = duckdb.connect()
    with atomic(store):  # all-or-nothing on the embedded store; idempotent batches on Neo4j
        migrate_keys(store)
        for done, path in enumerate(files):
            if progress:
                progress(path.name, done, len(files))
            parts: dict[str, FileReport] = {}  # a file (or sheet) read in several batches is reported once
            for batch in read_file(path, csv_encoding):
                part = _load_batch(store, con, batch, load_id, rejects)
                if batch.source in parts:
                    parts[batch.source].add(part)
                else:
                    parts[batch.source] = part
                    report.files.append(part)
            if not parts:
                report.skipped.append({"file": path.name, "reason": "no sheet named after a table"})
        if progress:
            progress("", len(files), len(files))
        seen = {f.table for f in report.files}
        report.warnings += [f"no {t} file in this directory" for t in REQUIRED_TABLES if t not in seen]
        report.rejects_file = outputs.rejects(load_id, rejects)
        outputs.report(report.load_id, report.to_dict())
        store.record_load(report.to_dict())
    return report


def _load_batch(store: GraphStore, con: duckdb.DuckDBPyConnection, batch: RawBatch, load_id: int,
                rejects: list[list[object]]) -> FileReport:
    fr = FileReport(batch.source, batch.table.name, encoding=batch.encoding, extra_columns=batch.extra_columns)
    norm = normalise(con, batch)
    fr.rows_read = batch.data.num_rows + len(batch.raw_rejects)
    for line, reason, detail, raw in batch.raw_rejects:
        fr.rejected[reason] += 1
        rejects.append([batch.source, line, reason, "", detail, raw])
    raw_text = batch.raw_texts(norm.rejects.column("_line").to_pylist())
    for row in norm.rejects.to_pylist():
        fr.rejected[row["reason"]] += 1
        rejects.append([batch.source, row["_line"], row["reason"], row["column"], row["value"] or "",
                        raw_text[row["_line"]]])
    rows = _first_per_key(norm.rows)
    unique = rows.append_column("_src_file", pa.repeat(pa.scalar(batch.source), rows.num_rows)).append_column(
        "_load_id", pa.repeat(pa.scalar(load_id, pa.int32()), rows.num_rows))
    unique = unique.rename_columns([("_src_line" if c == "_line" else c) for c in unique.column_names])
    fr.invalid = _new_invalid(store, batch.table.name, unique)
    fr.loaded = store.insert_new(batch.table.name, unique)  # the store skips the keys it already holds
    fr.duplicates = norm.rows.num_rows - fr.loaded
    return fr


def _first_per_key(rows: pa.Table) -> pa.Table:
    """Each key's first row (lowest line); its later repeats in the same file are duplicates."""
    if pc.count_distinct(rows.column("_key")).as_py() == rows.num_rows:
        return rows  # the usual case, decided by one hash pass instead of a group-by
    first = rows.group_by("_key", use_threads=False).aggregate([("_line", "min")]).column("_line_min")
    return rows.filter(pc.is_in(rows.column("_line"), value_set=first))


def _new_invalid(store: GraphStore, table: str, rows: pa.Table) -> int:
    """Invalidated rows (vali_flag = 0) among those the store does not hold yet; asked before inserting."""
    if "vali_flag" not in rows.column_names:
        return 0
    keys = rows.filter(pc.equal(rows.column("vali_flag"), 0)).column("_key").to_pylist()
    return len(keys) - len(store.existing_keys(table, keys))  # few keys: invalidated rows are rare
