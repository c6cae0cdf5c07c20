"""A ring member's second enrolment joins the ring as the same person, with its evidence in why."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.store.embedded import EmbeddedStore
from tests.helpers import run_cli

SECOND = "77777777777777777777"


def test_second_record_of_a_ring_member_is_in_the_ring(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    ws = tmp_path / "ws.duckdb"
    shutil.copy(detected[0], ws)
    ring = json.loads(run_cli("rings", "--workspace", ws, "--json").stdout)["rings"][0]["ring_id"]
    members = json.loads(run_cli("ring", "show", ring, "--workspace", ws, "--json").stdout)["members"]
    member = next(m["key"] for m in members if m["label"] == "Person")
    with EmbeddedStore(ws, read_only=True) as store:
        record = store.table("psn_info", ["psn_no", "certno", "psn_name", "gend", "brdy", "tel", "addr"])
    record = record[record.psn_no == member].copy()
    # enrolled again elsewhere: name in pinyin, ID number masked, another phone
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(record.psn_name.iloc[0])
    record["psn_no"], record["tel"] = SECOND, "13000000001"
    record["psn_name"] = f"{syllables[0]} {''.join(syllables[1:])}".upper()
    record["certno"] = record.certno.str[:6] + "********" + record.certno.str[-4:]
    record["brdy"] = pd.to_datetime(record.brdy).dt.strftime("%Y-%m-%d")
    extra = tmp_path / "extra"
    extra.mkdir()
    record.to_csv(extra / "psn_info.csv", index=False)
    assert run_cli("load", extra, "--workspace", ws).exit_code == 0

    linked = json.loads(run_cli("identity", "link", "--workspace", ws, "--json").stdout)
    assert [member, SECOND] in [sorted(g) for g in linked["groups"]] or sorted([member, SECOND]) in linked["groups"]
    assert run_cli("detect", "--workspace", ws).exit_code == 0
    found = json.loads(run_cli("ring", "show", ring, "--workspace", ws, "--json").stdout)["members"]
    second = [m for m in found if m["key"] == SECOND]
    assert second and "same_person" in second[0]["basis"]
    why = run_cli("why", SECOND, "--workspace", ws)
    assert why.exit_code == 0 and ring in why.output and "psn_info.csv:2" in why.output


def test_without_identity_links_detect_runs_and_links_nothing(detected: tuple[Path, dict[str, Any]]) -> None:
    with EmbeddedStore(detected[0], read_only=True) as store:
        evidence = store.get_results("ring_evidence")
    assert "same_person" not in set(evidence.indicator)
