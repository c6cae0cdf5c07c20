"""The audit log's hash chain: appended entries verify; edits, deletions and reorders are caught."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graphfraud.audit import Entry, append, check, entries
from graphfraud.audit.hook import redact
from graphfraud.audit.log import ENTRIES, HEAD
from graphfraud.store.base import GraphStore


def _log(store: GraphStore, n: int = 5) -> list[dict]:
    for i in range(n):
        append(store, Entry(operator=f"op{i % 2}", command="leads status", params={"lead_id": f"L-{i:06d}", "i": i},
                            subjects=[f"L-{i:06d}"]))
    return sorted(entries(store), key=lambda e: e["seq"])


def _rewrite(store: GraphStore, rows: list[dict]) -> None:
    """What a tamperer with write access to the workspace would do: replace the stored entries."""
    frame = pd.DataFrame([{**r, **{k: json.dumps(r[k], ensure_ascii=False) for k in ("params", "subjects", "result")}}
                          for r in rows])
    store.put_results(ENTRIES, frame, replace=True)


def test_appended_entries_chain_and_verify(store):
    rows = _log(store)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(rows, rows[1:]))
    verdict = check(store)
    assert verdict.ok and verdict.entries == 5 and verdict.head == rows[-1]["hash"]


@pytest.mark.parametrize("field,value", [("operator", "someone else"), ("params", {"lead_id": "L-999999"}),
                                         ("exit_code", 1), ("time", "2020-01-01T00:00:00+08:00")])
def test_an_edited_entry_is_detected(store, field, value):
    rows = _log(store)
    rows[2][field] = value
    _rewrite(store, rows)
    verdict = check(store)
    assert not verdict.ok
    assert any("entry 3" in p and "edited" in p for p in verdict.problems)


def test_a_removed_entry_is_detected(store):
    rows = _log(store)
    _rewrite(store, rows[:1] + rows[2:])
    verdict = check(store)
    assert not verdict.ok and any("entry 3" in p for p in verdict.problems)


def test_removing_the_last_entries_is_detected_by_the_head(store):
    rows = _log(store)
    _rewrite(store, rows[:-2])
    verdict = check(store)
    assert not verdict.ok and any("head" in p for p in verdict.problems)


def test_reordered_entries_are_detected(store):
    rows = _log(store)
    rows[1]["seq"], rows[3]["seq"] = rows[3]["seq"], rows[1]["seq"]  # swap positions 2 and 4
    _rewrite(store, rows)
    verdict = check(store)
    assert not verdict.ok and len(verdict.problems) >= 2


def test_a_rehashed_forgery_still_breaks_the_head(store):
    """Editing an entry and recomputing every later hash is caught by the separately kept head."""
    from graphfraud.audit.chain import GENESIS, seal

    rows = _log(store)
    rows[1]["operator"] = "forger"
    prev, forged = GENESIS, []
    for r in rows:
        body = {k: v for k, v in r.items() if k not in ("hash", "prev_hash")}
        forged.append(seal(body, prev))
        prev = forged[-1]["hash"]
    _rewrite(store, forged)
    assert not check(store).ok
    store.put_results(HEAD, pd.DataFrame({"seq": [5], "hash": [prev]}))  # a forger who also rewrites the head…
    assert check(store).ok  # …is only caught by a head written down elsewhere (audit verify --head)


def test_secrets_never_reach_the_log(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    params = {"neo4j_uri": "neo4j://admin:pw@127.0.0.1:7687", "password": "x", "api_token": "y",
              "note": "hunter2-secret", "workspace": "case.duckdb"}
    clean = redact(params)
    assert "password" not in clean and "api_token" not in clean
    assert clean["neo4j_uri"] == "neo4j://***@127.0.0.1:7687"
    assert clean["note"] == "***" and clean["workspace"] == "case.duckdb"
