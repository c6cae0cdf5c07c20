"""The ring commands end to end on the small generated set."""
from __future__ import annotations

import json
import shutil

from tests.helpers import run_cli


def _json(*args):
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_detect_stores_ranked_rings_with_ids(detected):
    path, summary = detected
    rings = _json("rings", "--workspace", path, "--limit", "1000")
    assert summary["rings"] == len(rings) > 0
    assert [r["rank"] for r in rings] == list(range(1, len(rings) + 1))
    assert all(r["ring_id"].startswith("R-") for r in rings)
    scores = [r["score"] for r in rings]
    assert scores == sorted(scores, reverse=True)


def test_rings_filters_by_typology_and_amount(detected):
    path, _ = detected
    everything = _json("rings", "--workspace", path, "--limit", "1000")
    typology = everything[0]["typology"]
    same = _json("rings", "--workspace", path, "--typology", typology, "--limit", "1000")
    assert same and all(r["typology"] == typology for r in same)
    assert len(same) == sum(r["typology"] == typology for r in everything)
    bar = sorted(r["fund_pay_sumamt"] for r in everything)[len(everything) // 2]
    rich = _json("rings", "--workspace", path, "--min-amount", bar, "--limit", "1000")
    assert all(r["fund_pay_sumamt"] >= bar for r in rich) and len(rich) < len(everything) + 1


def test_ring_show_has_members_indicators_evidence_and_timeline(detected):
    path, summary = detected
    ring_id = summary["top"][0]["ring_id"]
    shown = _json("ring", "show", ring_id, "--workspace", path)
    assert shown["ring"]["ring_id"] == ring_id
    assert len(shown["members"]) == shown["ring"]["members"]
    assert abs(sum(i["contribution"] for i in shown["indicators"]) - shown["ring"]["score"]) < 0.05 * shown["ring"]["score"] + 0.01
    assert shown["evidence"] and all(e["src_file"] and e["src_line"] for e in shown["evidence"])
    times = [t["event_time"] for t in shown["timeline"]]
    assert times == sorted(times)
    text = run_cli("ring", "show", ring_id, "--workspace", path)
    assert text.exit_code == 0 and "Members" in text.output and "Timeline" in text.output


def test_unknown_ring_is_one_line_with_a_remedy(detected):
    path, _ = detected
    result = run_cli("ring", "show", "R-999999", "--workspace", path)
    assert result.exit_code == 2
    assert "graphfraud rings" in result.output and "Traceback" not in result.output


def test_why_names_the_ring_and_evidence_of_a_member(detected):
    path, summary = detected
    ring_id = summary["top"][0]["ring_id"]
    members = _json("ring", "show", ring_id, "--workspace", path)["members"]
    person = next(m for m in members if m["label"] == "Person")
    found = _json("why", person["key"], "--workspace", path)
    assert ring_id in [r["ring_id"] for r in found["rings"]]
    assert all(person["node_id"] in e["entities"].split(" ") for e in found["evidence"])
    assert found["evidence"]


def test_path_between_two_ring_members_and_kind_filter(detected):
    path, summary = detected
    members = _json("ring", "show", summary["top"][0]["ring_id"], "--workspace", path)["members"]
    a, b = [m["node_id"] for m in members[:2]]
    found = _json("path", a, b, "--workspace", path, "--max-hops", "6")
    assert found["paths"] and all(p[0] == a and p[-1] == b for p in found["paths"])
    lengths = {len(p) for p in found["paths"]}
    assert len(lengths) == 1  # all shortest
    only_ids = _json("path", a, b, "--workspace", path, "--kind", "HAS_IDENTIFIER", "--max-hops", "2")
    for p in only_ids["paths"]:
        assert all(n.startswith(("Person:", "Identifier:", "Institution:", "Practitioner:")) for n in p)


def test_expand_from_a_card_reaches_its_institutions_and_caps_hubs(detected):
    path, summary = detected
    members = _json("ring", "show", summary["top"][0]["ring_id"], "--workspace", path)["members"]
    seed = next(m["key"] for m in members if m["label"] == "Person")
    found = _json("expand", seed, "--workspace", path, "--max-cards", "30")
    assert found["seeds"] == [f"Person:{seed}"]
    assert any(c["seed"] and c["node_id"] == f"Person:{seed}" for c in found["cards"])
    assert found["institutions"]
    for inst in found["institutions"]:
        assert inst["capped"] == (inst["cards"] > 30)
    capped = {i["node_id"] for i in found["institutions"] if i["capped"]}
    assert {f"Institution:{c}" for c in found["params"]["capped_institutions"]} == capped


def test_rerun_keeps_ring_ids(detected, tmp_path):
    path, summary = detected
    copy = tmp_path / "again.duckdb"
    shutil.copy(path, copy)
    again = _json("detect", "--workspace", copy)
    assert [r["ring_id"] for r in again["top"]] == [r["ring_id"] for r in summary["top"]]
    assert set(again["changes"]) == {"same"}
