"""Leads from detection, by hand, and from grown amounts; the README flow ends with a ledger (issue 11)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
from click.testing import CliRunner

from graphfraud.cli import main
from graphfraud.refresh.report import Growth, ring_diff
from graphfraud.store.embedded import EmbeddedStore

ROOT = Path(__file__).parents[2]


def run(*args: Any) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_readme_flow_load_detect_rings_leads_ends_with_leads(tmp_path: Path) -> None:
    ws = tmp_path / "graphfraud.duckdb"
    assert run("load", ROOT / "examples/data", "--workspace", ws).exit_code == 0
    detected = run("detect", "--workspace", ws, "--json")
    assert detected.exit_code == 0
    summary = json.loads(detected.stdout)
    assert run("rings", "--workspace", ws).exit_code == 0
    leads = json.loads(run("leads", "list", "--workspace", ws, "--json").stdout)["leads"]
    assert leads and [lead["lead_id"] for lead in leads] == summary["leads_opened"]
    assert all(lead["score"] >= summary["lead_threshold"] for lead in leads)
    again = json.loads(run("detect", "--workspace", ws, "--json").stdout)
    assert again["leads_opened"] == []  # idempotent: the same rings keep their one lead
    assert len(json.loads(run("leads", "list", "--workspace", ws, "--json").stdout)["leads"]) == len(leads)


def test_leads_add_a_tip_once_and_a_finding(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    ws = tmp_path / "ws.duckdb"
    shutil.copy(detected[0], ws)
    args = ["leads", "add", "--tip", "JB-2026-0007", "--subject", "P33030400721", "--summary", "举报：药店收购医保药",
            "--workspace", ws, "--json"]
    first = json.loads(run(*args).stdout)
    second = json.loads(run(*args).stdout)
    assert first["opened"] and not second["opened"] and first["lead"]["lead_id"] == second["lead"]["lead_id"]
    assert first["lead"]["source"] == "tip" and first["lead"]["institutions"] == [{"key": "P33030400721", "name": None}]
    ring = detected[1]["top"][0]["ring_id"]
    finding = json.loads(run("leads", "add", "--ring", ring, "--summary", "死亡后仍有购药记录", "--workspace", ws,
                             "--json").stdout)["lead"]
    assert finding["ring_id"] == ring and finding["fund_pay_sumamt"] > 0 and finding["persons"]
    assert finding["previous_leads"]  # the ring's detection lead is named
    unknown = run("leads", "add", "--subject", "nobody-here", "--summary", "x", "--workspace", ws)
    assert unknown.exit_code == 2 and "nobody-here" in unknown.output
    no_subject = run("leads", "add", "--summary", "x", "--workspace", ws)
    assert no_subject.exit_code == 2 and "--subject" in no_subject.output


def test_leads_export_does_not_overwrite_without_force(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    target = tmp_path / "ledger.xlsx"
    assert run("leads", "export", target, "--workspace", detected[0]).exit_code == 0
    again = run("leads", "export", target, "--workspace", detected[0])
    assert again.exit_code == 2 and "--force" in again.output
    assert run("leads", "export", target, "--workspace", detected[0], "--force").exit_code == 0


def test_a_ring_whose_fund_grew_is_grown_not_same(tmp_path: Path) -> None:
    """Same members, pooled fund 60,917.49 -> 66,906.71 yuan (the issue's case): reported grown;
    a lead only when the growth passes the threshold."""
    with EmbeddedStore(tmp_path / "ws.duckdb") as store:
        store.publish_run({"run_id": "run-0002"}, {
            "rings": pd.DataFrame([{"ring_id": "R-000007", "run_id": "run-0002", "members": 12, "fund_pay_sumamt": 66_906.71}]),
            "ring_lineage": pd.DataFrame([{"run_id": "run-0002", "ring_id": "R-000007", "previous_ring_ids": '["R-000007"]',
                                           "change": "same"}])})
        for growth, lead in ((Growth.parse("5%"), True), (Growth.parse("10%"), False), (Growth.parse("5000"), True)):
            diff = ring_diff(store, "run-0002", {"R-000007": 12}, {"R-000007": 60_917.49}, growth)
            assert not diff["same"] and diff["grown"] == [{
                "ring_id": "R-000007", "members": 12, "fund_pay_sumamt": 66_906.71, "members_before": 12,
                "fund_pay_sumamt_before": 60_917.49, "grown_in": "amount", "lead": lead}]
        unchanged = ring_diff(store, "run-0002", {"R-000007": 12}, {"R-000007": 66_906.71}, Growth.parse("5%"))
        assert [r["ring_id"] for r in unchanged["same"]] == ["R-000007"]


def test_smaller_items(tmp_path: Path, detected: tuple[Path, dict[str, Any]]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    loaded = run("load", empty, "--workspace", tmp_path / "w.duckdb")
    assert loaded.exit_code == 2 and "no data files" in loaded.output and "setl_d" in loaded.output
    from graphfraud.keys import init_keys

    init_keys(tmp_path / "keys")
    out = tmp_path / "case.tar.gz"
    exported = run("case", "export", detected[1]["top"][0]["ring_id"], "--out", out, "--key-dir", tmp_path / "keys",
                   "--workspace", detected[0])
    assert exported.exit_code == 2 and ".zip" in exported.output and not out.exists()
