"""Benchmark data: exactly N fee lines (with their settlements) as CSV and as Parquet.

One clean generated set is the seed; larger sizes repeat it with a copy number appended to every
settlement, visit and fee-line ID, so the keys stay unique and fee lines still point at their
settlement. Parquet files hold the very same strings as the CSV files (all columns strings).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphfraud.schema import table_for_file

TABLES = ("setl_d", "fee_list_d")
REKEYED = ("setl_id", "mdtrt_id", "bkkp_sn")  # IDs made unique per copy; persons and institutions repeat
BASE_PERSONS = 10_000  # ≈ 100 k fee lines, generated once and repeated for bigger sizes
SEED = 7


@dataclass
class BenchData:
    fee_lines: int
    settlements: int
    dirs: dict[str, Path]  # format ("csv", "parquet") -> data directory


def base_tables(workdir: Path) -> dict[str, pa.Table]:
    """The generated seed set's settlements and fee lines, every column a string."""
    base = workdir / "base"
    if not (base / ".done").exists():
        from graphfraud.generate import generate

        generate(base, persons=BASE_PERSONS, seed=SEED, messy=False)
        (base / ".done").write_text("ok")
    parts: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
    for path in sorted(base.glob("*.csv")):
        table = table_for_file(path.name)
        if table is not None and table.name in TABLES:
            parts[table.name].append(read_strings(path))
    return {t: pa.concat_tables(p) for t, p in parts.items()}


def read_strings(path: Path) -> pa.Table:
    header = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={n: pa.string() for n in header}, strings_can_be_null=False))


def copy_of(table: pa.Table, number: int, columns: tuple[str, ...] = REKEYED) -> pa.Table:
    """Copy ``number`` of a table: its IDs in ``columns`` suffixed with ``-number`` (copy 0 is the table itself)."""
    if number == 0:
        return table
    import pyarrow.compute as pc

    suffix = f"-{number}"
    for name in columns:
        if name in table.column_names:
            column = table.column(name)
            rekeyed = pc.if_else(pc.equal(column, ""), column, pc.binary_join_element_wise(column, suffix, ""))
            table = table.set_column(table.column_names.index(name), name, rekeyed)
    return table


def prepare(workdir: Path, fee_lines: int) -> BenchData:
    """Write (once) a data directory per format holding exactly ``fee_lines`` fee lines."""
    base = base_tables(Path(workdir))
    fee, setl = base["fee_list_d"], base["setl_d"]
    copies = math.ceil(fee_lines / fee.num_rows)
    root = Path(workdir) / f"lines-{fee_lines}"
    dirs = {"csv": root / "csv", "parquet": root / "parquet"}
    if not (root / ".done").exists():
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        _write(dirs, "setl_d", (copy_of(setl, n) for n in range(copies)))
        _write(dirs, "fee_list_d", (copy_of(fee, n).slice(0, fee_lines - n * fee.num_rows) for n in range(copies)))
        (root / ".done").write_text("ok")
    return BenchData(fee_lines, setl.num_rows * copies, dirs)


def _write(dirs: dict[str, Path], name: str, parts) -> None:
    """Stream the copies into one CSV and one Parquet file, so 1e7 lines never sit in memory at once."""
    csv_writer = parquet_writer = None
    try:
        for part in parts:
            if csv_writer is None:
                csv_writer = pacsv.CSVWriter(dirs["csv"] / f"{name}.csv", part.schema,
                                             write_options=pacsv.WriteOptions(quoting_style="needed"))
                parquet_writer = pq.ParquetWriter(dirs["parquet"] / f"{name}.parquet", part.schema)
            csv_writer.write_table(part)
            parquet_writer.write_table(part, row_group_size=128 * 1024)
    finally:
        for writer in (csv_writer, parquet_writer):
            if writer is not None:
                writer.close()
