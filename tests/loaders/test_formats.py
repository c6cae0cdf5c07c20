"""XLSX and Parquet exports, header aliases and Excel dates, built from the golden CSV rows."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore


@pytest.fixture()
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "w.duckdb") as s:
        yield s


def _sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]]) -> None:
    ws = book.create_sheet(title)
    for row in rows:
        ws.append(row)


def test_xlsx_sheets_named_after_tables_and_excel_dates(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "psn_info", [["PSN_NO", "姓名", "CERTNO", "BRDY", "DEATH_DATE"],
                              ["00012345678901234567", "张三", "33052219500101123X", dt.datetime(1950, 1, 1), 45839],
                              [None, "无编号", None, None, None],
                              ["０００９", "李四", "330522195001011234", "1950-01-01", None]])
    _sheet(book, "fixmedins", [["定点医药机构编号", "机构名称", "legal_rep_certno"], ["P33052200672", "仁和大药房", "330522197001011234"]])
    _sheet(book, "notes", [["anything"], [1]])
    book.save(data / "master_data.xlsx")
    report = load_directory(store, data, tmp_path / "loads")
    by_file = {f.file: f for f in report.files}
    assert set(by_file) == {"master_data.xlsx[psn_info]", "master_data.xlsx[fixmedins]"}
    persons = by_file["master_data.xlsx[psn_info]"]
    assert (persons.rows_read, persons.loaded, persons.rejected["missing_key"]) == (3, 2, 1)
    psn = store.table("psn_info").set_index("_key")
    assert psn.loc["00012345678901234567", "psn_name"] == "张三"
    assert str(psn.loc["00012345678901234567", "death_date"]) == "2025-07-01 00:00:00"  # serial 45839
    assert psn.loc["0009", "psn_name"] == "李四"
    assert store.table("fixmedins").fixmedins_name.tolist() == ["仁和大药房"]


def test_xlsx_first_sheet_belongs_to_the_file_table(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["MED_LIST_CODG", "REG_NAME", "RESALE_RISK", "PRIC_UPLMT"])
    book.active.append(["XB01AAD021A001010203491", "他克莫司", 1, 61.5])
    book.save(data / "drug_catalog.xlsx")
    load_directory(store, data, tmp_path / "loads")
    row = store.table("drug_catalog").iloc[0]
    assert (row.med_list_codg, row.resale_risk, row.pric_uplmt) == ("XB01AAD021A001010203491", 1, 61.5)


def test_parquet_string_and_typed_columns(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(pa.table({
        "medins_prod_sel_no": ["X1", "X2", "X3"],
        "fixmedins_code": ["P33052200672"] * 3,
        "hilist_code": ["XB01AAD021A001010203491"] * 3,
        "mdtrt_sn": ["M1", "M2", "M3"],
        "sel_retn_cnt": ["2", "oops", "1"],
        "sel_retn_time": pa.array([dt.datetime(2025, 7, 1, 8), dt.datetime(2025, 7, 2), None]),
    }), data / "inv_sale.part1.parquet")
    report = load_directory(store, data, tmp_path / "loads")
    f = report.files[0]
    assert (f.rows_read, f.loaded, f.rejected["bad_number"]) == (3, 2, 1)
    sale = store.table("inv_sale").set_index("_key")
    assert sale.loc["X1", "mdtrt_id"] == "M1" and str(sale.loc["X1", "sel_retn_time"]) == "2025-07-01 08:00:00"
    assert sale.loc["X1", "med_list_codg"] == "XB01AAD021A001010203491"


def test_protected_informant_columns_are_never_stored(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "report_lead.csv").write_text(
        "lead_id,received_time,subject_psn_no,content,informant_name,informant_tel\n"
        "L1,2025-07-01,0001,药店空刷,王举报,13912345678\n", encoding="utf-8")
    load_directory(store, data, tmp_path / "loads")
    lead = store.table("report_lead")
    assert "informant_name" not in lead.columns and "informant_tel" not in lead.columns
    dump = "\n".join(str(r) for r in store.con.execute("SELECT * FROM report_lead").fetchall())
    assert "王举报" not in dump and "13912345678" not in dump
