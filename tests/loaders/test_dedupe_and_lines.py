"""Which row of a repeated key is kept, what a reload counts, and exact line numbers in big CSVs."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore

SETL_HEADER = ["setl_id", "psn_no", "fixmedins_code", "setl_time", "medfee_sumamt", "vali_flag"]
FEE_HEADER = ["bkkp_sn", "setl_id", "psn_no", "med_list_codg", "cnt"]


@pytest.fixture()
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "w.duckdb") as s:
        yield s


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _settlements(n: int, vali: str = "1") -> list[list[str]]:
    return [[f"S{i:07d}", f"P{i % 97:05d}", "P33052200672", "2025-07-03 10:15:00", f"{i % 500}.25", vali]
            for i in range(n)]


def test_first_row_of_a_repeated_key_is_kept(store, tmp_path):
    rows = _settlements(3) + [["S0000001", "P99999", "P33052200672", "2025-07-09 10:00:00", "1.00", "1"]]
    _write(tmp_path / "d" / "setl_d.csv", SETL_HEADER, rows)
    _write(tmp_path / "d" / "fee_list_d.csv", FEE_HEADER, [["F1", "S0000001", "P00001", "X1", "1"]])
    report = load_directory(store, tmp_path / "d", tmp_path / "loads")
    setl = report.files[1]
    assert (setl.rows_read, setl.loaded, setl.duplicates) == (4, 3, 1)
    kept = store.table("setl_d").set_index("_key").loc["S0000001"]
    assert (kept["psn_no"], kept["_src_line"]) == ("P00001", 3)


def test_reload_counts_stored_invalid_rows_as_duplicates_not_invalid(store, tmp_path):
    _write(tmp_path / "d" / "setl_d.csv", SETL_HEADER, _settlements(5, vali="0"))
    _write(tmp_path / "d" / "fee_list_d.csv", FEE_HEADER, [["F1", "S0000001", "P00001", "X1", "1"]])
    first = load_directory(store, tmp_path / "d", tmp_path / "loads")
    again = load_directory(store, tmp_path / "d", tmp_path / "loads")
    assert first.totals()["invalid"] == 5
    assert (again.totals()["invalid"], again.totals()["loaded"], again.totals()["duplicates"]) == (0, 0, 6)


def test_bad_rows_deep_in_a_multi_block_csv_keep_their_line_numbers(store, tmp_path):
    rows = _settlements(40_000)  # ≈ 2.5 MB: several blocks for a threaded CSV reader
    rows[30_000] = rows[30_000][:3]  # too few fields
    rows[35_000][3] = "not-a-time"
    _write(tmp_path / "d" / "setl_d.csv", SETL_HEADER, rows)
    _write(tmp_path / "d" / "fee_list_d.csv", FEE_HEADER, [["F1", "S0000001", "P00001", "X1", "1"]])
    report = load_directory(store, tmp_path / "d", tmp_path / "loads")
    with Path(report.rejects_file).open(encoding="utf-8-sig", newline="") as fh:
        rejects = {(r["line"], r["reason"]): r["raw"] for r in csv.DictReader(fh)}
    assert set(rejects) == {("30002", "bad_columns"), ("35002", "bad_time")}  # data row i is line i + 2
    assert rejects[("35002", "bad_time")].startswith("S0035000,")
    assert store.table("setl_d", ["_key", "_src_line"]).set_index("_key").loc["S0039999", "_src_line"] == 40_001
