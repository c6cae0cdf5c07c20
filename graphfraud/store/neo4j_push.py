"""Copy an embedded workspace into Neo4j: stored rows, load history and every result collection.

Two ways. ``push_workspace`` writes the rows with the Neo4j store's own batched loader (only the
keys Neo4j lacks), so a second push, or a push re-run after an interruption, inserts nothing twice.
``bulk_push`` replaces the whole database with Neo4j's import tool (``neo4j_bulk``, run by the
tools/neo4j launcher, ``neo4j_import``), then creates constraints and indexes and copies the
history and results the same way. Result collections (``graphfraud.store.collections``: runs and
rings, leads and their events, the audit log, refresh state) are copied whole. History is never
overwritten by a plain push: when Neo4j holds loads, or rows of an append-only collection (audit
entries, lead events…), that the workspace lacks, it copies nothing and reports them as conflicts.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Callable

import pyarrow as pa

from graphfraud.errors import IntegrityError
from graphfraud.schema import TABLES
from graphfraud.store.base import GraphStore
from graphfraud.store.collections import REGISTRY, Collection
from graphfraud.store.neo4j_load import arrow_schema

if TYPE_CHECKING:
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_store import Neo4jStore

ALL_LOADS = 1_000_000
INDEX_WAIT_S = 3600
IMPORT_JAVA_OPTIONS = ["-Xmx1g", "-XX:+UseParallelGC"]
Progress = Callable[[str, int, int], None]


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


def push_workspace(source: GraphStore, target: GraphStore, progress: Progress | None = None,
                   rows: bool = True) -> PushSummary:
    """Copy rows (unless ``rows`` is False: a bulk import wrote them), load history and result collections."""
    summary = PushSummary()
    known = {r["load_id"]: r for r in target.load_history(ALL_LOADS)}
    history = source.load_history(ALL_LOADS)
    summary.conflicts = sorted(r["load_id"] for r in history
                               if r["load_id"] in known and known[r["load_id"]]["started"] != r["started"])
    summary.history_conflicts = {c.name: n for c in REGISTRY.values()
                                 if c.scope == "history" and (n := _only_in_target(c, source, target))}
    if summary.refused:
        return summary
    for done, table in enumerate(TABLES if rows else ()):
        if progress:
            progress(table, done, len(TABLES))
        keys = source.table(table, columns=["_key"])["_key"].tolist()
        stored = target.existing_keys(table, keys)
        summary.rows[table] = len(keys)
        summary.inserted[table] = 0
        if len(stored) < len(keys):
            frame = source.table(table)
            fresh = pa.Table.from_pandas(frame[~frame["_key"].isin(stored)], schema=arrow_schema(table),
                                         preserve_index=False)
            summary.inserted[table] = target.insert_new(table, fresh)
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


@dataclass
class BulkSummary:
    nodes: int = 0
    relationships: int = 0
    replaced_nodes: int = 0  # nodes the database held before (all deleted)
    seconds: dict[str, float] = field(default_factory=dict)  # files, stop, import, start, schema, results, total
    push: PushSummary = field(default_factory=PushSummary)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["push"] = self.push.to_dict()
        return out


def bulk_push(source: EmbeddedStore, connect: Callable[[], Neo4jStore], uri: str, replace: bool,
              progress: Progress | None = None) -> BulkSummary:
    """Replace the database of the tools/neo4j server at ``uri`` (``connect()`` opens it) with the workspace, through
    Neo4j's import tool: files written, Neo4j stopped, imported, started, constraints and indexes
    created and online, then load history and result collections copied. Refuses a database that holds
    anything unless ``replace``."""
    from graphfraud.store.neo4j_bulk import export_files
    from graphfraud.store.neo4j_import import launcher_home, run_import

    started = time.perf_counter()
    out = BulkSummary()
    target = connect()
    try:
        out.replaced_nodes = int(target.runner.run("admin", "count_all")[0]["n"])
        if out.replaced_nodes and not replace:
            raise IntegrityError(f"the Neo4j database holds {out.replaced_nodes:,} nodes; a bulk import replaces "
                                 "the whole database (graph, load history, rings, leads, audit log)",
                                 "add --replace to delete them all, or use `graphfraud neo4j push` to add rows")
        home = launcher_home(target.runner, uri)
    finally:
        target.close()
    folder = home / "import" / "graphfraud-bulk"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        files = export_files(source.con, folder, progress=_stage(progress, "writing files"))
        out.nodes, out.relationships = files.nodes, files.relationships
        out.seconds["files"] = files.seconds
        result = run_import(home, files.arguments(base=home, overwrite=True), IMPORT_JAVA_OPTIONS,
                            progress=_stage(progress, "import"))
        out.seconds.update(result.seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    clock = time.perf_counter()
    target = _reconnect(connect)  # creates constraints and indexes on the imported store
    try:
        target.runner.run("admin", "await_indexes", seconds=INDEX_WAIT_S)
        out.seconds["schema"] = time.perf_counter() - clock
        clock = time.perf_counter()
        out.push = push_workspace(source, target, progress=_stage(progress, "results"), rows=False)
        out.seconds["results"] = time.perf_counter() - clock
    finally:
        target.close()
    out.seconds["total"] = time.perf_counter() - started
    out.seconds = {k: round(v, 2) for k, v in out.seconds.items()}
    return out


def _reconnect(connect: Callable[[], Neo4jStore], timeout: float = 120) -> Neo4jStore:
    """The store once the restarted server takes Bolt sessions again."""
    from graphfraud.errors import StoreUnavailable

    deadline = time.monotonic() + timeout
    while True:
        try:
            return connect()
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _stage(progress: Progress | None, name: str) -> Progress | None:
    if progress is None:
        return None
    return lambda label, done, total: progress(f"{name}: {label}" if label else name, done, total)

