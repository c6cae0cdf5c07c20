"""The head of the audit chain kept outside the store: a small file beside the workspace.

Whoever can edit the audit table can also rewrite the head kept in it (``audit_head``), so
removing the last entries and moving that head back left a log that verified. The anchor file
holds the last entry's sequence number and hash, and the highest sequence number ever issued, and
only ever moves forward: cutting entries off the end of the table, or rewriting them, no longer
matches it, and no sequence number is issued twice. It is written after the entry, so a crash in
between leaves it behind the table (still consistent), never ahead.

The anchor belongs to the embedded workspace. A Neo4j server is shared by a team and wiped on
purpose (``neo4j push --replace``), so its head stays in the store (``audit_head``, a collection
apart from the entries); there, as here, nothing is appended to a log that does not verify, which
is what stops a cut-off entry from being forgotten by the next command.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphfraud.store.spec import StoreSpec

SUFFIX = ".audit-head"


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    issued: int  # highest sequence number ever issued (never goes down)


def anchor_path(spec: StoreSpec) -> Path | None:
    """Where the anchor of this store's audit log lives (None for Neo4j).

    >>> anchor_path(StoreSpec("embedded", Path("case.duckdb")))
    PosixPath('case.duckdb.audit-head')
    """
    return spec.beside(SUFFIX) if spec.kind == "embedded" else None


def read(path: Path | None) -> Head | None:
    """The anchored head, or None when there is none yet (a log from before anchors, or no file)."""
    if path is None or not path.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return Head(int(data["seq"]), str(data["hash"]), int(data.get("issued", data["seq"])))
    except (OSError, ValueError, KeyError, TypeError):
        return Head(-1, "", -1)  # unreadable: verification reports it


def write(path: Path | None, seq: int, digest: str) -> None:
    """Move the anchor to (seq, digest): written to a temporary file and renamed, never backwards."""
    if path is None:
        return
    previous = read(path)
    issued = max(seq, previous.issued if previous else 0)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"seq": seq, "hash": digest, "issued": issued}) + "\n", encoding="utf-8")
    os.replace(partial, path)


def problems(head: Head | None, last: dict[int, str]) -> list[str]:
    """What the anchored head says is wrong with the stored entries (seq -> hash).

    >>> problems(Head(3, "c", 3), {1: "a", 2: "b"})
    ['log ends at entry 2, but the head kept beside the workspace says entry 3 (entries removed from the end)']
    >>> problems(Head(2, "x", 2), {1: "a", 2: "b"})
    ['entry 2 is not the entry the head kept beside the workspace names (rewritten)']
    >>> problems(Head(1, "a", 1), {1: "a", 2: "b"})
    []
    """
    if head is None:
        return []
    if head.seq < 0:
        return ["the head kept beside the workspace cannot be read (edited or damaged)"]
    top = max(last, default=0)
    if top < max(head.seq, head.issued):
        return [f"log ends at entry {top}, but the head kept beside the workspace says entry "
                f"{max(head.seq, head.issued)} (entries removed from the end)"]
    if head.seq and last.get(head.seq) != head.hash:
        return [f"entry {head.seq} is not the entry the head kept beside the workspace names (rewritten)"]
    return []
