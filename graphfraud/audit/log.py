"""The audit log as two result collections of a store: ``audit`` (the entries) and ``audit_head``.

Entries are only ever appended (``put_results(..., replace=False)``); ``audit_head`` holds the
last sequence number and hash, written after the entry (in one transaction where the store is
transactional, see ``store.base.atomic``), so that removing entries from the end is detected too.
Both work through the GraphStore interface, on either store.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphfraud.audit.chain import GENESIS, Verdict, canonical, seal, verify
from graphfraud.store.base import GraphStore, atomic

ENTRIES, HEAD = "audit", "audit_head"
JSON_FIELDS = ("params", "subjects", "result")


@dataclass
class Entry:
    """One command as the audit log records it (before it is sealed into the chain)."""

    operator: str
    command: str
    params: dict[str, Any] = field(default_factory=dict)
    exit_code: int = 0
    result_digest: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    subjects: list[str] = field(default_factory=list)
    time: str = field(default_factory=lambda: dt.datetime.now().astimezone().isoformat(timespec="seconds"))


def append(store: GraphStore, entry: Entry) -> dict[str, Any]:
    """Seal ``entry`` onto the end of the chain and store it; returns the stored entry."""
    with atomic(store):
        seq, prev = _head(store)
        # round-trip through canonical JSON so the hashed values are exactly what is stored
        body = json.loads(canonical({
            "seq": seq + 1, "time": entry.time, "operator": entry.operator, "command": entry.command,
            "params": entry.params, "exit_code": int(entry.exit_code), "result_digest": entry.result_digest,
            "result": entry.result, "subjects": sorted(set(entry.subjects))}))
        sealed = seal(body, prev)
        store.put_results(ENTRIES, _to_frame([sealed]), replace=False)
        store.put_results(HEAD, pd.DataFrame({"seq": [sealed["seq"]], "hash": [sealed["hash"]]}), replace=True)
    return sealed


def entries(store: GraphStore) -> list[dict[str, Any]]:
    """All stored entries in stored order, JSON fields parsed."""
    frame = store.get_results(ENTRIES)
    if frame.empty:
        return []
    rows = frame.to_dict("records")
    for row in rows:
        row["seq"], row["exit_code"] = int(row["seq"]), int(row["exit_code"])
        for name in JSON_FIELDS:
            row[name] = json.loads(row[name])
    return rows


def head(store: GraphStore) -> dict[str, Any] | None:
    frame = store.get_results(HEAD)
    return None if frame.empty else {"seq": int(frame["seq"].iloc[0]), "hash": str(frame["hash"].iloc[0])}


def check(store: GraphStore) -> Verdict:
    """Verify the whole chain and its head."""
    return verify(entries(store), head(store))


def _head(store: GraphStore) -> tuple[int, str]:
    """The last stored entry, read from the entries themselves: on a store without transactions a
    crash between writing an entry and its head leaves the head one behind, never ahead."""
    stored = entries(store)
    if not stored:
        return 0, GENESIS
    last = max(stored, key=lambda e: e["seq"])
    return last["seq"], last["hash"]


def _to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([{**r, **{k: canonical(r[k]) for k in JSON_FIELDS}} for r in rows])
    return frame.astype({"seq": "int64", "exit_code": "int64"})
