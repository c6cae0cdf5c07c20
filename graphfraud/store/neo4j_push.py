"""Copy an embedded workspace into Neo4j: stored rows, load history and result collections.

The rows are read with ``table()`` (no source file is re-read) and written with the Neo4j store's
own batched loader, so a second push, or a push re-run after an interruption, inserts nothing twice.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import pyarrow as pa

from graphfraud.schema import TABLES
from graphfraud.store.base import GraphStore
from graphfraud.store.collections import COMMIT, collections_of
from graphfraud.store.neo4j_load import arrow_schema

ALL_LOADS = 1_000_000


@dataclass
class PushSummary:
    rows: dict[str, int] = field(default_factory=dict)
    inserted: dict[str, int] = field(default_factory=dict)
    loads: int = 0
    collections: list[str] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def push_workspace(source: GraphStore, target: GraphStore,
                   progress: Callable[[str, int, int], None] | None = None) -> PushSummary:
    summary = PushSummary()
    known = {r["load_id"]: r for r in target.load_history(ALL_LOADS)}
    history = source.load_history(ALL_LOADS)
    summary.conflicts = sorted(r["load_id"] for r in history
                               if r["load_id"] in known and known[r["load_id"]]["started"] != r["started"])
    if summary.conflicts:
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
    for collection in [COMMIT] + [c.name for c in collections_of("run") + collections_of("run_history")]:
        frame = source.get_results(collection)
        if not frame.empty:
            target.put_results(collection, frame)
            summary.collections.append(collection)
    if progress:
        progress("", len(TABLES), len(TABLES))
    return summary
