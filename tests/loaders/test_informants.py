"""Informant fields of tip-offs (report_lead) reach no rejects file, load report or audit entry
(医保办发〔2022〕22号: the reporter's identity is kept from everyone not handling the report)."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.helpers import run_cli

NAMES = ("王举报", "李揭发")
PHONES = ("13912345678", "13587654321")
HEADER = "lead_id,received_time,subject_psn_no,content,informant_name,informant_tel\n"


def _everything_written(tmp_path: Path, ws: Path) -> str:
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in (tmp_path / "w.duckdb.loads").iterdir()]
    shown = run_cli("audit", "show", "--limit", "0", "--json", "--workspace", ws)
    return "\n".join(texts) + shown.output


def _assert_no_informant(text: str) -> None:
    for secret in NAMES + PHONES:
        assert secret not in text


def test_rejected_tip_off_rows_keep_the_informant_out_of_every_output(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "report_lead.csv").write_text(
        HEADER
        + f"L1,2025-07-01,0001,药店空刷,{NAMES[0]},{PHONES[0]}\n"
        + f"L2,not-a-time,0002,串换药品,{NAMES[1]},{PHONES[1]}\n"  # bad_time
        + f"L3,2025-07-03,0003,{NAMES[0]},{PHONES[0]}\n"  # one field short
        + f'L4,2025-07-04,0004,"open quote,{NAMES[1]},{PHONES[1]}\n'  # cannot be split
        + f",2025-07-05,0005,无编号,{NAMES[0]},{PHONES[1]}\n", encoding="utf-8")  # missing key
    ws = tmp_path / "w.duckdb"
    result = run_cli("load", data, "--workspace", ws, "--json")
    assert result.exit_code == 0, result.output
    _assert_no_informant(result.output)
    text = _everything_written(tmp_path, ws)
    assert "L2,not-a-time,0002,串换药品,***,***" in text  # the rest of the row stays as evidence
    assert text.count("(withheld:") == 2
    _assert_no_informant(text)


def test_rejected_xlsx_tip_offs_show_no_informant(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["lead_id", "received_time", "content", "informant_name", "informant_tel"])
    book.active.append(["L1", "bad time", "空刷", NAMES[0], PHONES[0]])
    book.active.append([None, "2025-07-01", "冒名", NAMES[1], PHONES[1]])
    book.save(data / "report_lead.xlsx")
    ws = tmp_path / "w.duckdb"
    assert run_cli("load", data, "--workspace", ws).exit_code == 0
    text = _everything_written(tmp_path, ws)
    assert "bad time" in text
    _assert_no_informant(text)
