"""The load and status commands as a user runs them: one-line errors, JSON, a busy workspace."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from graphfraud.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures" / "loaders"


def test_load_json_then_status_json(tmp_path):
    ws = tmp_path / "w.duckdb"
    runner = CliRunner()
    result = runner.invoke(main, ["load", str(FIXTURES / "month1"), "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["totals"] == {"rows_read": 15, "loaded": 9, "duplicates": 1, "invalid": 2, "rejected": 5}
    status = json.loads(runner.invoke(main, ["status", "--workspace", str(ws), "--json"]).stdout)
    assert status["counts"]["nodes"]["Claim"] == 5
    assert status["counts"]["relationships"]["HAS_LINE"] == 4  # F0001-F0004 find their claims; F0005 was rejected
    assert status["loads"][0]["totals"]["loaded"] == 9


def test_missing_columns_is_one_line_without_traceback(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "fee_list_d.csv").write_text("bkkp_sn,setl_id\nB1,S1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(data), "--workspace", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: required columns missing")
    assert "fee_list_d.csv: missing psn_no, med_list_codg" in lines[0]
    assert "Traceback" not in result.output


def test_status_of_missing_workspace_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["status", "--workspace", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
    assert "load data first" in result.output


def test_busy_workspace_gives_clear_error(tmp_path):
    ws = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from graphfraud.store.embedded import EmbeddedStore
        s = EmbeddedStore({str(ws)!r})
        print("held", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(main, ["load", str(FIXTURES / "month1"), "--workspace", str(ws)])
        assert result.exit_code == 3
        assert "in use by another graphfraud process" in result.output
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
