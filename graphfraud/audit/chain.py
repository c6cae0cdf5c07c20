"""The hash chain of the audit log: canonical JSON, entry hashes, and verification.

Each entry's ``hash`` is SHA-256 over the previous entry's hash and the entry's canonical JSON
(sorted keys, no whitespace, UTF-8), so editing, removing or reordering any entry breaks every
hash after it. 法发〔2016〕22号 art. 5 asks for an integrity check value on electronic evidence;
the last hash (the head) is that value for the whole log and can be written into a 笔录.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

GENESIS = "0" * 64
FIELDS = ("seq", "time", "operator", "command", "params", "exit_code", "result_digest", "result", "subjects",
          "prev_hash")


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, compact separators, non-ASCII kept.

    >>> canonical({"b": 1, "a": ["x", "运"]})
    '{"a":["x","运"],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the previous hash followed by the canonical JSON of the entry's fields."""
    body = {k: entry[k] for k in FIELDS}
    return hashlib.sha256((entry["prev_hash"] + canonical(body)).encode("utf-8")).hexdigest()


def seal(entry: dict[str, Any], prev_hash: str) -> dict[str, Any]:
    """The entry with ``prev_hash`` and its own ``hash`` set."""
    sealed = {**entry, "prev_hash": prev_hash}
    sealed["hash"] = entry_hash(sealed)
    return sealed


@dataclass
class Verdict:
    """Outcome of a verification: ``ok``, how many entries were checked, the head, and what broke."""

    ok: bool
    entries: int
    head: str
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head": self.head, "problems": self.problems}


def verify(entries: Iterable[dict[str, Any]], expected_head: dict[str, Any] | None = None) -> Verdict:
    """Walk the entries in stored ``seq`` order and report every break in the chain.

    An edited entry fails its own hash; a removed one leaves a gap in ``seq`` and a ``prev_hash``
    that no longer matches; a reordered one (seq values swapped) fails both. ``expected_head``
    ({"seq", "hash"}, kept apart from the entries) catches removal of the last entries.
    """
    ordered = sorted(entries, key=lambda e: int(e["seq"]))
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    for entry in ordered:
        seq = int(entry["seq"])
        if seq != expected_seq:
            problems.append(f"entry {seq}: expected entry {expected_seq} here (entries removed or renumbered)")
        if entry["prev_hash"] != prev:
            problems.append(f"entry {seq}: does not follow the entry before it (removed or reordered)")
        if entry_hash(entry) != entry["hash"]:
            problems.append(f"entry {seq}: content does not match its hash (edited)")
        prev, expected_seq = entry["hash"], seq + 1
    if expected_head is not None and not _head_matches(ordered, expected_head):
        last_seq = int(ordered[-1]["seq"]) if ordered else 0
        problems.append(f"log ends at entry {last_seq}, but its head says entry {expected_head['seq']} "
                        "(entries removed from the end)")
    return Verdict(not problems, len(ordered), prev, problems)


def _head_matches(ordered: list[dict[str, Any]], head: dict[str, Any]) -> bool:
    """The head names the last entry, or (a crash between writing an entry and its head) the one before."""
    tail = [(int(e["seq"]), e["hash"]) for e in ordered[-2:]]
    return (int(head["seq"]), head["hash"]) in tail[-1:] or (len(tail) == 2 and (int(head["seq"]), head["hash"]) == tail[0])
