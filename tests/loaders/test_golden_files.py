"""Golden fixture files (tests/fixtures/loaders/) with every bad-input class and exact expected counts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphfraud.errors import SchemaError
from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "loaders"

# file -> (read, loaded, duplicates, invalid, {reason: n})
EXPECTED_MONTH1 = {
    "setl_d_2025-07.csv": (10, 5, 1, 1, {"missing_key": 1, "bad_time": 1, "bad_number": 1, "bad_columns": 1}),
    "fee_list_d_2025-07.csv": (5, 4, 0, 1, {"bad_time": 1}),
}


@pytest.fixture()
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "w.duckdb") as s:
        yield s


def _by_file(report):
    return {f.file: (f.rows_read, f.loaded, f.duplicates, f.invalid, {r: n for r, n in f.rejected.items() if n})
            for f in report.files}


def test_every_bad_input_class_is_counted_exactly(store, tmp_path):
    report = load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    assert _by_file(report) == EXPECTED_MONTH1
    assert all(f.balanced for f in report.files)
    assert {s["file"] for s in report.skipped} == {"notes.txt", "unknown_table.csv"}


def test_rejects_file_holds_file_line_reason_and_raw_text(store, tmp_path):
    report = load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    with open(report.rejects_file, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    got = {(r["file"], int(r["line"]), r["reason"]) for r in rows}
    assert got == {
        ("setl_d_2025-07.csv", 6, "missing_key"), ("setl_d_2025-07.csv", 7, "bad_time"),
        ("setl_d_2025-07.csv", 8, "bad_number"), ("setl_d_2025-07.csv", 9, "bad_columns"),
        ("fee_list_d_2025-07.csv", 6, "bad_time"),
    }
    raw = {r["line"]: r["raw"] for r in rows if r["file"] == "setl_d_2025-07.csv"}
    assert raw["7"].startswith("S0006,00000000000000000006,") and "2025-13-45" in raw["7"]  # decoded from GB18030
    assert raw["8"].endswith('"12,3x",5.00,5.00,5.00,0.00,0,1,330522,330522')
    assert raw["9"] == "S0008,00000000000000000008,P33052200672,41,20250709101500"


def test_identifiers_stay_exact_strings_and_full_width_folds(store, tmp_path):
    load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    setl = store.table("setl_d").set_index("_key")
    assert setl.loc["S0001", "psn_no"] == "00012345678901234567"
    assert setl.loc["S0002", "psn_no"] == "0001234567890123456X"
    assert setl.loc["S0003", "psn_no"] == "PSN0003"
    fee = store.table("fee_list_d").set_index("_key")
    assert fee.loc["F0004", "psn_no"] == "PSN0003"  # same person whichever width the export used


def test_values_are_typed_refunds_kept_and_missing_tokens_null(store, tmp_path):
    load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    setl = store.table("setl_d").set_index("_key")
    assert setl.loc["S0004", "refd_setl_flag"] == 1 and setl.loc["S0004", "fund_pay_sumamt"] == -90.0
    assert str(setl.loc["S0004", "setl_time"]) == "2025-07-06 10:20:00"
    assert str(setl.loc["S0001", "setl_time"]) == "2025-07-03 10:15:00"
    assert setl.loc["S0003", "vali_flag"] == 0
    assert all(setl.loc["S0009", c] != setl.loc["S0009", c] for c in ("psn_no", "hifp_pay", "fund_pay_sumamt"))
    valid_fund = setl[setl.vali_flag == 1].fund_pay_sumamt.sum()
    assert valid_fund == pytest.approx(90.0 + 220.0 - 90.0)  # refund nets out; invalid row not counted


def test_reload_changes_nothing(store, tmp_path):
    load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    before = store.counts()
    again = load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    assert again.totals()["loaded"] == 0
    assert again.totals()["duplicates"] == 5 + 1 + 4
    assert store.counts() == before


def test_next_month_adds_only_new_rows(store, tmp_path):
    load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    report = load_directory(store, FIXTURES / "month2", tmp_path / "loads")
    assert _by_file(report) == {
        "setl_d_2025-08.csv": (3, 2, 1, 0, {}),
        "fee_list_d_2025-08.csv": (2, 2, 0, 0, {}),
    }
    assert report.files[0].encoding == "utf-8-sig"
    assert len(store.table("setl_d")) == 7
    fee = store.table("fee_list_d").set_index("_key")
    assert fee.loc["F0101", "fixmedins_code"] == "P33052200999"  # alias medins_code, tab-separated


def test_missing_required_columns_fail_whole_load_naming_file_and_columns(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "setl_d.csv").write_text("setl_id,psn_no\nS1,P1\n", encoding="utf-8")
    (data / "fee_list_d.csv").write_text((FIXTURES / "month1" / "fee_list_d_2025-07.csv").read_text("utf-8"), "utf-8")
    with pytest.raises(SchemaError) as err:
        load_directory(store, data, tmp_path / "loads")
    assert "setl_d.csv: missing fixmedins_code, setl_time" in str(err.value)
    assert len(store.table("fee_list_d")) == 0 and store.load_history() == []


def test_load_report_is_saved_and_recorded(store, tmp_path):
    report = load_directory(store, FIXTURES / "month1", tmp_path / "loads")
    saved = tmp_path / "loads" / f"load-{report.load_id:04d}-report.json"
    assert saved.exists()
    history = store.load_history()
    assert history[0]["totals"] == report.totals()
