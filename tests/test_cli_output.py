"""Terminal output for people: data is text (never markup), tables fit 80 columns without splitting
a token, long sections are summarised first, names stand beside codes, progress never runs into a
result line (issue 11, and item 8 of issue 12)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from rich.text import Text

from graphfraud.cli import main

HOSTILE_ID = "[/]"
LINK = "[link=http://evil.example]x[/link]"


def run(*args: Any, width: int = 80) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": str(width)})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose IDs and names are terminal markup, in a stored ring."""
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "data"
    data.mkdir()
    (data / "psn_info.csv").write_text(
        "psn_no,psn_name,certno,tel\n" f"{HOSTILE_ID},\"{LINK}\",330522196001010011,13800000001\n"
        "P2,[bold]王某[/bold],330522196001010022,13800000001\n", encoding="utf-8")
    (data / "setl_d.csv").write_text(
        "setl_id,mdtrt_id,psn_no,fixmedins_code,med_type,setl_time,medfee_sumamt,hifp_pay,fund_pay_sumamt,acct_pay,"
        "psn_cash_pay,refd_setl_flag,vali_flag\n"
        f"S1,V1,{HOSTILE_ID},P33052200001,41,2025-01-05 09:10:00,100,80,80,20,0,0,1\n"
        "S2,V2,P2,P33052200001,41,2025-01-05 09:20:00,100,80,80,20,0,0,1\n", encoding="utf-8")
    (data / "fixmedins.csv").write_text("fixmedins_code,fixmedins_name\nP33052200001,[red]药店[/red]\n", encoding="utf-8")
    ws = folder / "ws.duckdb"
    with EmbeddedStore(ws) as store:
        load_directory(store, data, folder / "loads")
        ring = {"ring_id": "R-000001", "run_id": "run-0001", "rank": 1, "score": 7.0, "typology": "resale", "members": 3,
                "persons": 2, "institutions": 1, "doctors": 0, "fund_pay_sumamt": 160.0, "acct_pay": 40.0,
                "hifp_pay": 160.0, "medfee_sumamt": 200.0, "amount_class": "", "summary": LINK,
                "period_start": pd.Timestamp("2025-01-05"), "period_end": pd.Timestamp("2025-01-05")}
        store.put_results("rings", pd.DataFrame([ring]))
        store.put_results("ring_members", pd.DataFrame([
            {"ring_id": "R-000001", "node_id": f"Person:{HOSTILE_ID}", "label": "Person", "key": HOSTILE_ID, "name": LINK,
             "role": "card_holder", "score": 1.0},
            {"ring_id": "R-000001", "node_id": "Person:P2", "label": "Person", "key": "P2", "name": "[bold]王某[/bold]",
             "role": "card_holder", "score": 1.0}]))
        store.put_results("ring_evidence", pd.DataFrame([
            {"ring_id": "R-000001", "indicator": "shared_identifiers", "evidence_id": "E1",
             "entities": f"Person:{HOSTILE_ID} Person:P2", "table": "psn_info", "row_key": HOSTILE_ID,
             "src_file": "psn_info.csv", "src_line": 2, "setl_id": "S1", "fund_pay_sumamt": 80.0, "hifp_pay": 80.0,
             "acct_pay": 20.0, "medfee_sumamt": 100.0, "event_time": pd.Timestamp("2025-01-05 09:10:00"),
             "detail": json.dumps({"ident_type": "tel", "ident_value": "13800000001", "psn_no": HOSTILE_ID})}]))
    return ws


@pytest.mark.parametrize("args", [["ring", "show", "R-000001"], ["why", HOSTILE_ID],
                                  ["path", HOSTILE_ID, "P2", "--through-hubs"], ["rings"], ["expand", HOSTILE_ID]])
def test_data_prints_as_text_never_as_markup(hostile: Path, args: list[str]) -> None:
    result = run(*args, "--workspace", hostile, width=200)
    assert result.exit_code == 0, result.output
    assert "\x1b]8;" not in result.output  # no terminal hyperlink
    if args[0] != "rings":
        assert HOSTILE_ID in result.output
    if args[0] in ("ring", "why", "path", "expand"):
        assert LINK in result.output or "[bold]王某[/bold]" in result.output or "[red]药店[/red]" in result.output


def test_control_characters_in_data_are_shown_escaped() -> None:
    from graphfraud import ui

    assert ui.plain("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_tables_fit_80_columns_and_never_split_a_token(detected: tuple[Path, dict[str, Any]]) -> None:
    path, _ = detected
    rings = json.loads(run("rings", "--workspace", path, "--json").stdout)["rings"]
    shown = run("rings", "--workspace", path)
    assert shown.exit_code == 0
    assert all(Text(line).cell_len <= 80 for line in _lines(shown.stdout))
    for ring in rings:
        line = next(l for l in _lines(shown.stdout) if ring["ring_id"] in l.split())
        assert f"{ring['fund_pay_sumamt']:,.2f}" in line.split()  # the amount whole, on the ring's line
        if ring["amount_class"]:
            assert ring["amount_class"].removeprefix("数额") in line.split()
    wide = run("rings", "--workspace", path, "--wide")
    assert "account yuan" in wide.stdout and "account yuan" not in shown.stdout


def test_ring_show_and_why_summarise_first(detected: tuple[Path, dict[str, Any]]) -> None:
    path, summary = detected
    ring_id = summary["top"][0]["ring_id"]
    short = run("ring", "show", ring_id, "--workspace", path)
    assert short.exit_code == 0
    lines = _lines(short.stdout)
    assert lines[0].startswith(ring_id) and "What was found" in short.stdout
    assert len(lines) < 150 and "--all for every row" in short.stdout
    assert all(Text(line).cell_len <= 80 for line in lines)
    everything = run("ring", "show", ring_id, "--workspace", path, "--all")
    assert len(_lines(everything.stdout)) > len(lines)
    member = json.loads(run("ring", "show", ring_id, "--workspace", path, "--json").stdout)["members"][0]["key"]
    why = run("why", member, "--workspace", path, "--limit", "5")
    assert why.exit_code == 0 and len(_lines(why.stdout)) < 60 and ring_id in why.stdout
    # the first evidence rows take turns by check: the ring's main check is among them
    main = json.loads(run("ring", "show", ring_id, "--workspace", path, "--json").stdout)["findings"][0]["title"]
    assert main


def test_names_beside_codes_and_relationship_types_on_paths(detected: tuple[Path, dict[str, Any]]) -> None:
    path, summary = detected
    shown = json.loads(run("ring", "show", summary["top"][0]["ring_id"], "--workspace", path, "--json").stdout)
    persons = [m for m in shown["members"] if m["label"] == "Person" and m["name"]]
    a, b = persons[0], persons[1]
    found = run("path", a["key"], b["key"], "--workspace", path, "--through-hubs", width=120)
    assert found.exit_code == 0 and a["name"] in found.stdout and b["name"] in found.stdout
    assert re.search(r"[↓↑] (SETTLED|AT|HAS_IDENTIFIER|HAS_LINE|HAS_TRACE|SOLD|TO_PERSON|FOR_CLAIM)", found.stdout)
    expanded = json.loads(run("expand", a["key"], "--workspace", path, "--json").stdout)
    assert expanded["cards"][0]["name"] and expanded["institutions"][0]["name"]
    lead = json.loads(run("leads", "show", "L-000001", "--workspace", path, "--json").stdout)["lead"]
    assert all(p["name"] for p in lead["persons"])
    text = run("leads", "show", "L-000001", "--workspace", path, width=100).stdout
    assert lead["persons"][0]["name"] in text


def test_path_steps_around_super_nodes_unless_told(detected: tuple[Path, dict[str, Any]]) -> None:
    path, summary = detected
    shown = json.loads(run("ring", "show", summary["top"][0]["ring_id"], "--workspace", path, "--json").stdout)
    a, b = [m["node_id"] for m in shown["members"] if m["label"] == "Person"][:2]
    for args in ([], ["--through-hubs"]):
        found = json.loads(run("path", a, b, "--workspace", path, "--json", *args).stdout)
        for p in found["paths"]:
            inner = p["nodes"][1:-1]
            if not args:
                assert not [n for n in inner if n.startswith("Drug:")]


def test_progress_and_titles_stay_on_their_own_lines(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    copy = tmp_path / "ws.duckdb"
    shutil.copy(detected[0], copy)
    result = run("detect", "--workspace", copy, "--top", "3")
    assert result.exit_code == 0
    assert any(line.startswith("Top 3 rings") for line in _lines(result.stdout))
    assert all(line.startswith("detecting: ") for line in _lines(result.stderr) if "detecting" in line)
