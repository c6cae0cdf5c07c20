"""Risk profiles, credit records and the stored, audited inspection plan on the example workspace."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphfraud.risk.config import load_config
from graphfraud.risk.profiles import SIGNAL_COLUMNS, profiles
from graphfraud.store.embedded import EmbeddedStore
from tests.helpers import run_cli


@pytest.fixture()
def ws(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    target = tmp_path / "ws.duckdb"
    shutil.copy(detected[0], target)
    return target


def _json(*args: Any) -> Any:
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_institutions_of_rings_rank_first_with_their_reasons(ws: Path) -> None:
    ranked = _json("risk", "institutions", "--workspace", ws, "--limit", "5")["ranked"]
    with EmbeddedStore(ws, read_only=True) as store:
        in_rings = set(store.get_results("ring_members").node_id)
    assert ranked and ranked[0]["node_id"] in in_rings
    assert any(r["reason"].startswith("团伙") for r in ranked[0]["reasons"])
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_points_halve_every_half_life() -> None:
    points = pd.DataFrame([["Institution:A", "2025-01", "tip", 8.0, "举报线索1"]], columns=SIGNAL_COLUMNS)

    class NoStore:
        def names(self, ids: list[str]) -> dict[str, str]:
            return {}

    p = profiles(NoStore(), "institutions", load_config(), as_of="2025-07", months=7, points=points)  # type: ignore[arg-type]
    assert p.series["Institution:A"]["2025-01"] == 8.0 and p.series["Institution:A"]["2025-07"] == 4.0
    assert p.reasons["Institution:A"] == [("举报线索1", 4.0)]


def test_confirmed_findings_become_credit_records_and_raise_the_score(ws: Path) -> None:
    lead = _json("leads", "list", "--workspace", ws)["leads"][0]["lead_id"]
    before = {r["node_id"]: r["score"] for r in _json("risk", "institutions", "--workspace", ws, "--limit", "500")["ranked"]}
    assert _json("credit", "records", "--workspace", ws)["records"] == []
    for status, note in (("investigating", ""), ("confirmed", "查实串通骗保"), ("referred", "移送市公安局经侦支队")):
        run_cli("leads", "assign", lead, "--to", "王五", "--workspace", ws)
        assert run_cli("leads", "status", lead, status, *(["--note", note] if note else []), "--workspace", ws).exit_code == 0
    records = _json("credit", "records", "--workspace", ws, "--export", ws.parent / "credit.xlsx")["records"]
    shown = {k: [s["key"] for s in v] for k, v in _json("leads", "show", lead, "--workspace", ws)["lead"].items()
             if k in ("persons", "institutions", "doctors")}
    assert {r["subject_code"] for r in records} == set(shown["persons"] + shown["institutions"] + shown["doctors"])
    assert all(r["stage"] == "referred" and r["finding"] == "查实串通骗保" for r in records)
    with zipfile.ZipFile(ws.parent / "credit.xlsx") as book:
        assert "查实串通骗保" in book.read("xl/worksheets/sheet1.xml").decode()
    after = {r["node_id"]: r["score"] for r in _json("risk", "institutions", "--workspace", ws, "--limit", "500")["ranked"]}
    for code in shown["institutions"]:
        assert after[f"Institution:{code}"] > before.get(f"Institution:{code}", 0)
    points = _json("credit", "points", "--workspace", ws)
    assert {p["dr_code"] for p in points["suggested"]} == set(shown["doctors"])
    assert all(p["points"] == 12 and "23号" in p["basis"] for p in points["suggested"])


def test_plan_is_stored_audited_and_later_plans_avoid_the_same_inspectors(ws: Path, tmp_path: Path) -> None:
    with EmbeddedStore(ws, read_only=True) as store:
        register = store.table("fixmedins", ["fixmedins_code", "admdvs"])
    districts = sorted(set(register.admdvs.astype(str)))
    rows = [{"inspector_id": f"I{i:02d}", "name": f"检查员{i}", "district": districts[i % len(districts)], "past": ""}
            for i in range(24)]
    inspectors = tmp_path / "inspectors.csv"
    pd.DataFrame(rows).to_csv(inspectors, index=False)
    n = len(register)
    first = _json("inspect", "plan", "--institutions", n, "--seed", 1, "--inspectors", inspectors,
                  "--xlsx", tmp_path / "plan.xlsx", "--workspace", ws)
    assert len({p["fixmedins_code"] for p in first["picks"]}) == n
    with zipfile.ZipFile(tmp_path / "plan.xlsx") as book:
        assert "风险原因" in book.read("xl/worksheets/sheet1.xml").decode()
    again = _json("inspect", "plan", "--institutions", n, "--seed", 1, "--inspectors", inspectors, "--workspace", ws)
    before = {(p["fixmedins_code"], i) for p in first["picks"] for i in p["inspectors"].split(";")}
    after = {(p["fixmedins_code"], i) for p in again["picks"] for i in p["inspectors"].split(";")}
    assert again["plan_id"] != first["plan_id"] and not before & after
    audit = _json("audit", "show", "--workspace", ws, "--limit", "20")
    assert first["plan_id"] in json.dumps(audit, ensure_ascii=False)
