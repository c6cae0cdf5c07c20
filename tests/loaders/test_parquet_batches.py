"""A Parquet file loads a batch at a time (issue 16): the same rows, counts and reject lines as in one go."""
from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from graphfraud.loaders import load_directory, parquetfile
from graphfraud.store.embedded import EmbeddedStore

ROWS = {
    "setl_id": ["S1", "S2", "S3", "S4", "S2", "S5", "S6", "S1"],  # S2 and S1 repeat in later batches
    "psn_no": ["P1", "P2", "P3", "P4", "P9", "P5", "P6", "P9"],
    "fixmedins_code": ["H1"] * 8,
    "setl_time": ["2025-07-01 10:00:00", "2025-07-02 10:00:00", "2025-07-03 10:00:00", "2025-13-45",
                  "2025-07-05 10:00:00", "2025-07-06 10:00:00", "", "2025-07-08 10:00:00"],
    "medfee_sumamt": ["10", "20", "30", "40", "50", "60x", "70", "80"],
}


def _load(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, batch_rows: int):
    data = tmp_path / name / "data"
    data.mkdir(parents=True)
    pq.write_table(pa.table(ROWS), data / "setl_d.parquet", row_group_size=2)
    monkeypatch.setattr(parquetfile, "BATCH_ROWS", batch_rows)
    with EmbeddedStore(tmp_path / name / "w.duckdb") as store:
        report = load_directory(store, data, tmp_path / name / "loads")
        kept = store.con.execute("SELECT setl_id, psn_no FROM setl_d ORDER BY setl_id").fetchall()
    with open(tmp_path / name / "loads" / report.rejects_file, encoding="utf-8") as fh:
        rejects = [(r["line"], r["reason"]) for r in csv.DictReader(fh)]
    return report, kept, rejects


def test_batches_give_the_same_load_as_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, whole_rows, whole_rejects = _load(tmp_path, "whole", monkeypatch, 1_000)
    parts, part_rows, part_rejects = _load(tmp_path, "parts", monkeypatch, 3)
    assert len(parts.files) == 1 and parts.files[0].file == "setl_d.parquet"  # one report line per file
    fields = ("rows_read", "loaded", "duplicates", "invalid", "rejected")
    assert [getattr(parts.files[0], f) for f in fields] == [getattr(whole.files[0], f) for f in fields]
    assert parts.files[0].duplicates == 2 and parts.files[0].rows_read == 8
    assert part_rows == whole_rows and ("S2", "P2") in part_rows  # the first row of a key wins across batches
    assert sorted(part_rejects) == sorted(whole_rejects) and whole_rejects
