"""Cells a spreadsheet would run as formulas (=, +, -, @, tab, CR first) are written with a leading
apostrophe in every CSV and XLSX a user opens: evidence tables, lists, rejects (issue 12 item 9)."""
from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pytest

from graphfraud.case import read_bundle
from tests.case.case_synthetic import EXPORT_TIME, store_ring, write_data

EVIL = '=HYPERLINK("http://evil.example","点我")'
NAME = "@SUM(1+1)*cmd"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cells_starting_with_a_trigger(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row
            if c.startswith(TRIGGERS) and not _number(c)]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def evil_bundle(tmp_path_factory, key_dir):
    from graphfraud.case import export_case
    from graphfraud.keys import load_signing_key
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("evil")
    synthetic = write_data(root)
    fees = pd.read_csv(root / "data" / "fee_list_d.csv", dtype=str, keep_default_na=False)
    fees.loc[0, "hilist_name"] = EVIL
    fees.to_csv(root / "data" / "fee_list_d.csv", index=False)
    people = pd.read_csv(root / "data" / "psn_info.csv", dtype=str, keep_default_na=False)
    people.loc[0, "psn_name"] = NAME
    people.to_csv(root / "data" / "psn_info.csv", index=False)
    ws = root / "ws.duckdb"
    with EmbeddedStore(ws) as store:
        load_directory(store, synthetic.data_dir, root / "loads")
        store_ring(store, synthetic)
    with EmbeddedStore(ws, read_only=True) as store:
        export_case(store, synthetic.ring_id, root / "bundle", load_signing_key(key_dir), "police", "zh",
                    export_time=EXPORT_TIME)
    return read_bundle(root / "bundle")


def test_evidence_csvs_hold_no_cell_a_spreadsheet_would_run(evil_bundle):
    tables = {n: d.decode("utf-8-sig") for n, d in evil_bundle.items() if n.endswith(".csv")}
    cells = {c for row in csv.reader(io.StringIO(tables["data/tables/fee_lines.csv"])) for c in row}
    assert "'" + EVIL in cells
    for name, text in tables.items():
        assert not _cells_starting_with_a_trigger(text), name


def test_the_workbook_holds_them_as_text_with_the_apostrophe(evil_bundle):
    with zipfile.ZipFile(io.BytesIO(evil_bundle["data/tables/evidence_tables.xlsx"])) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "'=HYPERLINK(" in xml and "<f>" not in xml
    assert ">=HYPERLINK(" not in xml and ">@SUM" not in xml


def test_rejects_file_neutralises_formula_cells(tmp_path):
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    data = tmp_path / "data"
    data.mkdir()
    (data / "setl_d.csv").write_text("setl_id,psn_no,fixmedins_code,setl_time\n"
                                     'S1,P1,M1,"=cmd|\' /C calc\'!A0"\n', encoding="utf-8")
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, data, tmp_path / "loads")
    text = open(report.rejects_file, encoding="utf-8-sig").read()
    assert "'=cmd" in text and not _cells_starting_with_a_trigger(text)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_risk_and_inspection_files_neutralise_formula_cells(tmp_path, suffix):
    """Institution names from the data go into the risk lists and inspection plans a user opens."""
    from graphfraud.commands.risk import _write

    target = tmp_path / f"plan{suffix}"
    _write(target, [{"name": EVIL, "score": -1.5}], {"name": "名称", "score": "分数"})
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert rows[1] == ["'" + EVIL, "-1.5"]
    else:
        sheet = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
        assert "'=HYPERLINK(" in sheet
