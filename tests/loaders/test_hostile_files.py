"""Files that are not what their names say, and a disk that fills up: one line, the right exit code,
nothing half-written; never a traceback."""
from __future__ import annotations

import errno
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from graphfraud.errors import InputError
from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore
from tests.helpers import FIXTURES, run_cli

MONTH1 = FIXTURES / "loaders" / "month1"


def _data(tmp_path: Path, with_month1: bool = True) -> Path:
    data = tmp_path / "data"
    if with_month1:
        shutil.copytree(MONTH1, data)
    else:
        data.mkdir()
    return data


def _one_line_error(result, code: int) -> str:
    """The error line; besides it only progress lines ("loading: FILE") may have been printed."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.strip().splitlines() if not line.startswith("loading: ")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def _random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 12)


def _elf(path: Path) -> None:
    path.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(57) + b"\xd8\xff" * 500)


def _junk_xlsx(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is no workbook" * 40)


def _truncated_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["bkkp_sn", "setl_id", "psn_no", "med_list_codg"])
    book.save(path)
    path.write_bytes(path.read_bytes()[:1500])


def _empty_parquet(path: Path) -> None:
    path.write_bytes(b"")


def _list_parquet(path: Path) -> None:
    pq.write_table(pa.table({"bkkp_sn": ["F1"], "setl_id": ["S1"], "psn_no": [[1, 2]], "med_list_codg": ["X1"]}), path)


@pytest.mark.parametrize("name, make, says", [
    ("fee_list_d.csv", _random_bytes, "fee_list_d.csv is not a text file"),
    ("fee_list_d_bin.csv", _elf, "fee_list_d_bin.csv is not a text file"),
    ("fee_list_d.xlsx", _junk_xlsx, "fee_list_d.xlsx: cannot be read as XLSX"),
    ("fee_list_d_cut.xlsx", _truncated_xlsx, "fee_list_d_cut.xlsx: cannot be read as XLSX"),
    ("fee_list_d.parquet", _empty_parquet, "fee_list_d.parquet: cannot be read as PARQUET"),
    ("fee_list_d_list.parquet", _list_parquet, "column psn_no is list<element: int64>: not a single value per row"),
])
def test_broken_files_are_one_line_and_nothing_is_loaded(tmp_path, name, make, says):
    data = _data(tmp_path)
    make(data / name)
    ws = tmp_path / "w.duckdb"
    line = _one_line_error(run_cli("load", data, "--workspace", ws), 2)
    assert says in line and "nothing loaded" in line
    with EmbeddedStore(ws, read_only=True) as store:
        assert store.load_history() == []


def test_float_identifiers_in_parquet_are_refused_naming_the_column(tmp_path):
    data = _data(tmp_path, with_month1=False)
    pq.write_table(pa.table({"setl_id": ["S1", "S2"], "psn_no": [3.4298438010683216e19, 1.0],
                             "fixmedins_code": ["P1", "P1"], "setl_time": ["2025-07-01", "2025-07-02"]}),
                   data / "setl_d.parquet")
    line = _one_line_error(run_cli("load", data, "--workspace", tmp_path / "w.duckdb"), 2)
    assert "setl_d.parquet: column psn_no is double" in line and "e+19" not in line


def test_excel_numbers_in_identifier_columns_are_rejected_not_rounded(tmp_path):
    data = _data(tmp_path, with_month1=False)
    book = openpyxl.Workbook()
    book.active.title = "psn_info"
    for row in (["psn_no", "certno", "psn_name"], [3.30102195803151e17, "330102195803151234", "甲"],
                ["33010219580315123X", 3.30102195803151e17, "乙"], [12345, None, "丙"]):
        book.active.append(row)
    book.save(data / "people.xlsx")
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, data, tmp_path / "loads")
        stored = store.table("psn_info")
    f = report.files[0]
    assert (f.rows_read, f.loaded, f.rejected["bad_id"], f.balanced) == (3, 1, 2, True)
    assert stored.psn_no.tolist() == ["12345"]
    assert "330102195803151000" not in Path(report.rejects_file).read_text(encoding="utf-8-sig")


def test_excel_lock_files_are_skipped_with_a_note(tmp_path):
    data = _data(tmp_path)
    (data / "~$fee_list_d.xlsx").write_bytes(b"\x08owner\x00" * 20)
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, data, tmp_path / "loads")
    assert {"file": "~$fee_list_d.xlsx", "reason": "an Excel lock file (the workbook is open in Excel), not data"} \
        in report.skipped
    assert report.totals()["loaded"] == 9


@pytest.mark.parametrize("encoding, says", [("foo", "unknown encoding 'foo'"), ("utf-16", "cannot be read")])
def test_a_bad_encoding_option_is_one_line(tmp_path, encoding, says):
    line = _one_line_error(run_cli("load", MONTH1, "--workspace", tmp_path / "w.duckdb", "--encoding", encoding), 2)
    assert says in line


def test_a_bad_encoding_setting_is_one_line(tmp_path):
    result = run_cli("load", MONTH1, "--workspace", tmp_path / "w.duckdb", env={"GRAPHFRAUD_CSV_ENCODING": "nope"})
    assert "unknown encoding 'nope'" in _one_line_error(result, 2)


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_while_writing_the_rejects_leaves_nothing(tmp_path, monkeypatch):
    from graphfraud.loaders import outputs as load_outputs

    written = []
    stage = load_outputs.Outputs._stage

    def fill_up(self, target, data):
        stage(self, target, data[: len(data) // 2])  # half of it reaches the disk, then it is full
        written.append(target)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(load_outputs.Outputs, "_stage", fill_up)
    ws = tmp_path / "w.duckdb"
    line = _one_line_error(run_cli("load", MONTH1, "--workspace", ws), 3)
    assert "no space left on the disk" in line and "nothing was loaded" in line
    assert written and not any(p for p in (tmp_path / "w.duckdb.loads").glob("*"))  # no partial file left
    with EmbeddedStore(ws, read_only=True) as store:
        assert store.load_history() == [] and store.table("setl_d").empty


def test_full_disk_inside_the_database_is_one_line(tmp_path, monkeypatch):
    def insert_fails(self, table, rows):
        raise duckdb.IOException("Could not write file \"w.duckdb.wal\": No space left on device")

    monkeypatch.setattr(EmbeddedStore, "insert_new", insert_fails)
    line = _one_line_error(run_cli("load", MONTH1, "--workspace", tmp_path / "w.duckdb"), 3)
    assert "free space" in line
    assert not (tmp_path / "w.duckdb.loads").exists() or not any((tmp_path / "w.duckdb.loads").iterdir())


def test_library_raises_out_of_space_not_oserror(tmp_path, monkeypatch):
    from graphfraud.errors import OutOfSpace
    from graphfraud.loaders import outputs as load_outputs

    monkeypatch.setattr(load_outputs.os, "fsync", _disk_full)
    with EmbeddedStore(tmp_path / "w.duckdb") as store, pytest.raises(OutOfSpace):
        load_directory(store, MONTH1, tmp_path / "loads")
    assert isinstance(OutOfSpace("x"), InputError) is False
