"""Cutting entries off the end of the audit log, with its in-store head moved back to match, stays
detected however many commands run afterwards; no sequence number is issued twice; and the log
verifies on a read-only workspace (issue 12 item 3). Library cases run on both stores."""
from __future__ import annotations

import json
import os

import duckdb
import pandas as pd
import pytest

from graphfraud.audit import Entry, append, check, entries
from graphfraud.audit.log import ENTRIES, HEAD
from graphfraud.errors import IntegrityError
from tests.ledger.test_audit_cli import _workspace, run


def _cut_last(store) -> dict:
    """A tamperer with write access to the store: drop the last entry and move the stored head back."""
    rows = entries(store)
    kept, last = rows[:-1], rows[-1]
    frame = pd.DataFrame([{**r, **{k: json.dumps(r[k], ensure_ascii=False) for k in ("params", "subjects", "result")}}
                          for r in kept])
    store.put_results(ENTRIES, frame, replace=True)
    store.put_results(HEAD, pd.DataFrame({"seq": [kept[-1]["seq"]], "hash": [kept[-1]["hash"]]}), replace=True)
    return last


def test_a_cut_off_last_entry_is_caught_by_the_anchor_and_blocks_appending(store, tmp_path):
    anchor = tmp_path / "ws.duckdb.audit-head"
    for i in range(4):
        append(store, Entry(operator="op", command="leads list", params={"i": i}), anchor)
    assert check(store, anchor).ok
    removed = _cut_last(store)
    assert removed["seq"] == 4
    for _ in range(2):  # a second look says the same: nothing moved the anchor back
        verdict = check(store, anchor)
        assert not verdict.ok and "entries removed from the end" in verdict.problems[0]
        with pytest.raises(IntegrityError, match="audit log broken"):
            append(store, Entry(operator="op", command="status"), anchor)
    assert [e["seq"] for e in entries(store)] == [1, 2, 3]  # seq 4 was not issued again


def test_without_an_anchor_a_cut_entry_still_blocks_every_later_append(store):
    """Neo4j keeps its head in the store only: the entry cut from the table stays missing from the head."""
    for i in range(3):
        append(store, Entry(operator="op", command="leads list", params={"i": i}))
    rows = entries(store)
    frame = pd.DataFrame([{**r, **{k: json.dumps(r[k], ensure_ascii=False) for k in ("params", "subjects", "result")}}
                          for r in rows[:-1]])
    store.put_results(ENTRIES, frame, replace=True)  # the head in audit_head is left as it was
    for _ in range(2):
        assert not check(store).ok
        with pytest.raises(IntegrityError):
            append(store, Entry(operator="op", command="status"))
    assert [e["seq"] for e in entries(store)] == [1, 2]


def test_a_rewritten_last_entry_with_a_new_head_is_caught(store, tmp_path):
    anchor = tmp_path / "ws.duckdb.audit-head"
    for i in range(3):
        append(store, Entry(operator="op", command="leads list", params={"i": i}), anchor)
    _cut_last(store)
    append(store, Entry(operator="forger", command="leads list"))  # appended with no anchor: seq 3 again
    verdict = check(store, anchor)
    assert not verdict.ok and "entry 3 is not the entry the head kept beside the workspace names" in verdict.problems[0]


def _tamper(ws, sql: list[str]) -> None:
    con = duckdb.connect(str(ws))
    for statement in sql:
        con.execute(statement).fetchall()
    con.close()


def test_cli_truncation_fails_verify_twice_and_refuses_every_command(tmp_path):
    ws = _workspace(tmp_path)
    for _ in range(3):
        assert run("leads", "list", "--workspace", ws).exit_code == 0
    _tamper(ws, ["DELETE FROM res_audit WHERE seq = 3",
                 "UPDATE res_audit_head SET seq = 2, hash = (SELECT hash FROM res_audit WHERE seq = 2)"])
    for _ in range(2):
        verify = run("audit", "verify", "--workspace", ws)
        assert verify.exit_code == 4 and "entries removed from the end" in verify.output
    refused = run("leads", "list", "--workspace", ws)
    assert refused.exit_code == 4 and "Traceback" not in refused.output
    assert refused.output.strip().splitlines() == [refused.output.strip()]
    assert refused.output.startswith("Error: audit log broken") and "nothing was done" in refused.output
    shown = json.loads(run("audit", "show", "--workspace", ws, "--json", "--limit", "0").output.split("\nWarning")[0])
    assert [e["seq"] for e in shown["entries"]] == [1, 2]


def test_verify_runs_on_a_read_only_workspace(tmp_path, monkeypatch):
    ws = _workspace(tmp_path)
    assert run("leads", "list", "--workspace", ws).exit_code == 0
    os.chmod(ws, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        if os.access(ws, os.W_OK):  # root ignores permission bits: refuse writes the way the OS would
            real_connect, real_access = duckdb.connect, os.access
            monkeypatch.setattr(os, "access", lambda p, mode, **k: False if mode == os.W_OK and str(p).startswith(
                str(tmp_path)) else real_access(p, mode, **k))

            def connect(database=":memory:", read_only=False, **kwargs):
                if str(database).startswith(str(tmp_path)) and not read_only:
                    raise duckdb.IOException(f'Cannot open file "{database}": Permission denied')
                return real_connect(database, read_only=read_only, **kwargs)

            monkeypatch.setattr(duckdb, "connect", connect)
        verify = run("audit", "verify", "--workspace", ws)
        assert verify.exit_code == 0, verify.output
        assert "audit log intact: 1 entries" in verify.output and "read-only" in verify.output
        assert run("audit", "show", "--workspace", ws).exit_code == 0
    finally:
        os.chmod(tmp_path, 0o755)
        os.chmod(ws, 0o644)
