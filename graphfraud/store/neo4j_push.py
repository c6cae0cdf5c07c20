"""Copy an embedded workspace into Neo4j: stored rows, load history and every result collection.

The rows are read with ``table()`` (no source file is re-read) and written with the Neo4j store's
own batched loader, so a second push, or a push re-run after an interruption, inserts nothing twice.
Result collections (``graphfraud.store.collections``: runs and rings, leads and their events, the
audit log, refresh state) are copied whole. History is never overwritten: when Neo4j holds loads,
or rows of an append-only collection (audit entries, lead events…), that the workspace lacks, the
push copies nothing and reports them as conflicts.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import pyarrow as pa

from graphfraud.schema import TABLES
from graphfraud.store.base import GraphStore
from graphfraud.store.collections import REGISTRY, Collection
from graphfraud.store.neo4j_load import arrow_schema

ALL_LOADS = 1_000_000


@dataclass
class PushSummary:
    rows: dict[str, int] = field(default_factory=dict)
    inserted: dict[str, int] = field(default_factory=dict)
    loads: int = 0
    collections: list[str] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)  # load IDs Neo4j holds with other content
    history_conflicts: dict[str, int] = field(default_factory=dict)  # collection -> rows only Neo4j holds

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        del out["history_conflicts"]  # a push with conflicts ends in an error, never in this summary
        return out

    @property
    def refused(self) -> bool:
        return bool(self.conflicts or self.history_conflicts)


def push_workspace(source: GraphStore, target: GraphStore,
                   progress: Callable[[str, int, int], None] | None = None) -> PushSummary:
    summary = PushSummary()
    known = {r["load_id"]: r for r in target.load_history(ALL_LOADS)}
    history = source.load_history(ALL_LOADS)
    summary.conflicts = sorted(r["load_id"] for r in history
                               if r["load_id"] in known and known[r["load_id"]]["started"] != r["started"])
    summary.history_conflicts = {c.name: n for c in REGISTRY.values()
                                 if c.scope == "history" and (n := _only_in_target(c, source, target))}
    if summary.refused:
        return summary
    for done, table in enumerate(TABLES):
        if progress:
            progress(table, done, len(TABLES))
        rows = pa.Table.from_pandas(source.table(table), schema=arrow_schema(table), preserve_index=False)
        stored = target.existing_keys(table, rows.column("_key").to_pylist())
        fresh = rows.filter(pa.array([k not in stored for k in rows.column("_key").to_pylist()], pa.bool_()))
        summary.rows[table] = rows.num_rows
        summary.inserted[table] = target.insert_new(table, fresh) if fresh.num_rows else 0
    for report in sorted(history, key=lambda r: r["load_id"]):
        if report["load_id"] not in known:
            target.record_load(report)
            summary.loads += 1
    for spec in REGISTRY.values():  # runs first: rings copied next belong to its live run
        frame = source.get_results(spec.name)
        if len(frame.columns):
            target.put_results(spec.name, frame)
            summary.collections.append(spec.name)
    if progress:
        progress("", len(TABLES), len(TABLES))
    return summary


def _only_in_target(spec: Collection, source: GraphStore, target: GraphStore) -> int:
    """How many rows of ``spec`` the target holds that the source lacks (history rows never change,
    so a row under a known key but with other values, like a second entry numbered 7, counts too)."""
    theirs = target.get_results(spec.name)
    if theirs.empty:
        return 0
    ours = source.get_results(spec.name)
    columns = [c for c in theirs.columns if c in ours.columns]
    known = set(ours[columns].astype(str).itertuples(index=False, name=None)) if columns else set()
    return sum(row not in known for row in theirs[columns].astype(str).itertuples(index=False, name=None))
