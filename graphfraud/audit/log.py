"""The audit log as two result collections of a store: ``audit`` (the entries) and ``audit_head``.

Entries are only ever appended (``put_results(..., replace=False)``); ``audit_head`` holds the
last sequence number and hash, written after the entry (in one transaction where the store is
transactional, see ``store.base.atomic``). Both work through the GraphStore interface, on either
store. Since an edit of the store can rewrite both, the head is also kept outside it (``anchor``:
a file beside the workspace), and an entry is appended only to a chain that verifies: a broken
log is never papered over by the next command, and no sequence number is issued twice.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pathlib import Path

from graphfraud.audit import anchor
from graphfraud.audit.chain import GENESIS, Verdict, canonical, seal, verify
from graphfraud.errors import IntegrityError
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


def append(store: GraphStore, entry: Entry, anchored: Path | None = None) -> dict[str, Any]:
    """Seal ``entry`` onto the end of the chain and store it; returns the stored entry.

    IntegrityError (exit 4) when the chain does not verify: the entry is not written, so the break
    stays visible to ``audit verify`` however many commands run after it.
    """
    with atomic(store):
        stored = entries(store)
        verdict = _verdict(stored, head(store), anchor.read(anchored))
        if not verdict.ok:
            raise IntegrityError(f"audit log broken ({verdict.problems[0]}); this command is not recorded",
                                 "run graphfraud audit verify and have the log examined")
        seq, prev = (stored[-1]["seq"], stored[-1]["hash"]) if stored else (0, GENESIS)
        # round-trip through canonical JSON so the hashed values are exactly what is stored
        body = json.loads(canonical({
            "seq": seq + 1, "time": entry.time, "operator": entry.operator, "command": entry.command,
            "params": entry.params, "exit_code": int(entry.exit_code), "result_digest": entry.result_digest,
            "result": entry.result, "subjects": sorted(set(entry.subjects))}))
        sealed = seal(body, prev)
        store.put_results(ENTRIES, _to_frame([sealed]), replace=False)
        store.put_results(HEAD, pd.DataFrame({"seq": [sealed["seq"]], "hash": [sealed["hash"]]}), replace=True)
    anchor.write(anchored, sealed["seq"], sealed["hash"])  # after the entry: behind on a crash, never ahead
    return sealed


def entries(store: GraphStore) -> list[dict[str, Any]]:
    """All stored entries in ``seq`` order, JSON fields parsed; IntegrityError when they cannot be read."""
    frame = store.get_results(ENTRIES)
    if frame.empty:
        return []
    try:
        rows = frame.to_dict("records")
        for row in rows:
            row["seq"], row["exit_code"] = int(row["seq"]), int(row["exit_code"])
            for name in JSON_FIELDS:
                row[name] = json.loads(row[name])
    except (KeyError, TypeError, ValueError) as exc:
        raise IntegrityError(f"the audit log cannot be read ({type(exc).__name__}: {exc})",
                             "have the log examined; it was altered outside graphfraud") from None
    return sorted(rows, key=lambda e: e["seq"])


def head(store: GraphStore) -> dict[str, Any] | None:
    frame = store.get_results(HEAD)
    return None if frame.empty else {"seq": int(frame["seq"].iloc[0]), "hash": str(frame["hash"].iloc[0])}


def check(store: GraphStore, anchored: Path | None = None) -> Verdict:
    """Verify the whole chain, the head kept in the store and the head kept beside it (``anchored``)."""
    try:
        stored = entries(store)
    except IntegrityError as exc:
        return Verdict(False, 0, "", [str(exc.args[0])])
    return _verdict(stored, head(store), anchor.read(anchored))


def _verdict(stored: list[dict[str, Any]], in_store: dict[str, Any] | None, kept: anchor.Head | None) -> Verdict:
    verdict = verify(stored, in_store)
    verdict.problems += anchor.problems(kept, {e["seq"]: e["hash"] for e in stored})
    verdict.ok = not verdict.problems
    return verdict


def _to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([{**r, **{k: canonical(r[k]) for k in JSON_FIELDS}} for r in rows])
    return frame.astype({"seq": "int64", "exit_code": "int64"})
