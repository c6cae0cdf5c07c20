"""Every Finding keeps the contract of detectors/base.py, and the two stores find the same things."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphfraud.detectors import DETECTORS
from graphfraud.detectors.base import EVIDENCE_COLUMNS, FLAG_COLUMNS, LINK_COLUMNS


def test_every_detector_reports(findings: dict) -> None:
    assert set(findings) == set(DETECTORS)


@pytest.mark.parametrize("name", list(DETECTORS))
def test_finding_shape_and_evidence(findings: dict, name: str) -> None:
    f = findings[name]
    assert list(f.links.columns) == LINK_COLUMNS and list(f.flags.columns) == FLAG_COLUMNS
    assert list(f.evidence.columns) == EVIDENCE_COLUMNS
    assert (f.links.src < f.links.dst).all(), "links are spelled one way: src < dst"
    assert (f.links.weight > 0).all() and (f.flags.weight > 0).all()
    cited = set(f.links.evidence_id) | set(f.flags.evidence_id)
    assert cited <= set(f.evidence.evidence_id), "every link and flag names evidence that exists"
    assert f.evidence.row_key.notna().all() and f.evidence.src_file.notna().all()
    assert (f.evidence.indicator == name).all()
    assert "weight" in f.params or "rule_weight" in f.params


def test_evidence_amounts_are_those_of_valid_settlements(findings: dict, small_workspace: Path) -> None:
    from graphfraud.store.embedded import EmbeddedStore

    evidence = pd.concat([f.evidence for f in findings.values()], ignore_index=True)
    evidence = evidence[evidence.setl_id.notna()].drop_duplicates("setl_id")
    with EmbeddedStore(small_workspace, read_only=True) as store:
        setl = store.table("setl_d", ["_key", "vali_flag", "fund_pay_sumamt", "acct_pay"])
    joined = evidence.merge(setl.rename(columns={"_key": "setl_id"}), on="setl_id", suffixes=("", "_stored"))
    valid = joined.vali_flag == 1
    assert (joined.fund_pay_sumamt[valid] == joined.fund_pay_sumamt_stored[valid].fillna(0)).all()
    assert (joined.fund_pay_sumamt[~valid] == 0).all() and (joined.acct_pay[~valid] == 0).all()


def _frames(store: Any) -> dict[str, Any]:
    from graphfraud.detectors import run_detectors

    return {f.indicator: f for f in run_detectors(store)}


@pytest.mark.neo4j
@pytest.mark.slow
def test_same_findings_on_both_stores(neo4j_store: Any, small_data: Path, findings: dict, tmp_path: Path) -> None:
    from graphfraud.loaders import load_directory

    load_directory(neo4j_store, small_data, tmp_path / "loads")
    _assert_same(findings, _frames(neo4j_store))


def _assert_same(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Links and flags equal, and the same evidence IDs, detector by detector."""
    for name, f in ours.items():
        g = theirs[name]
        for part in ("links", "flags"):
            a = getattr(f, part).sort_values(list(getattr(f, part).columns)).reset_index(drop=True)
            b = getattr(g, part).sort_values(list(getattr(g, part).columns)).reset_index(drop=True)
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{name}.{part}")
        assert sorted(f.evidence.evidence_id.unique()) == sorted(g.evidence.evidence_id.unique()), name


@pytest.mark.neo4j
@pytest.mark.slow
def test_same_findings_on_a_varied_world(neo4j_store: Any, tmp_path: Path) -> None:
    """A small random-variant world exercises what the fixed one lacks (visits during stays, back-filled
    prescriptions, coded purchases, doctors sharing a pharmacy's phone); both stores must agree there too."""
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    data = tmp_path / "varied"
    generate(data, persons=3000, seed=3, messy=False, variant="random")
    with EmbeddedStore(tmp_path / "varied.duckdb") as embedded:
        load_directory(embedded, data, tmp_path / "loads-e")
        ours = _frames(embedded)
    load_directory(neo4j_store, data, tmp_path / "loads-n")
    theirs = _frames(neo4j_store)
    busy = [name for name, f in ours.items() if len(f.links) or len(f.flags)]
    assert {"trace_reuse", "impersonation", "collusion", "backdated_rx", "switched_drug"} <= set(busy), busy
    assert ours["impersonation"].params["visits_in_stays"] > 0
    _assert_same(ours, theirs)
