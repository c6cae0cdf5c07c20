"""Detection for a refresh: keep the previous run's findings wherever the new rows cannot have changed
them, recompute the rest, so the rings are those a full run gives on the same data.

Per detector, in this order:

1. **reused**: none of the input tables it read last time holds other rows now. What it read is
   recorded while it runs (the tables behind every named frame and table it asks the store for),
   so this needs no declaration and stays right when a detector changes what it reads;
2. **partitions**: it declares a ``SCOPE`` (``graphfraud.detectors.scope.Partition``) and every
   changed table it read is one its partitions absorb: it runs again on just the rows of the
   partitions the new rows reach (DuckDB temporary views over the input tables), and those
   partitions' findings replace the old ones;
3. **full**: anything else — no scope, another table changed, a new detector, first run.

Settlement amounts in reused evidence are read again for settlements that arrived since (a fee line
may precede its settlement), the only way new rows change an old evidence row. The previous findings
are kept per workspace (``findings/`` beside the refresh reports) with what they were computed
from: run ID, code and configuration hashes and a fingerprint (count, XOR of key hashes) of every
input table; any mismatch there means a full detection. Findings are put in one canonical row order
before rings are assembled, so the order in which parts were joined cannot change a ring.
Crash safety: the cache of a run is written aside before the run is published and swapped in
after, so a killed refresh leaves either the previous run with its cache or a cache it can promote.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, cast

import pandas as pd

from graphfraud.detectors import DETECTORS
from graphfraud.detectors.base import EVIDENCE_COLUMNS, FLAG_COLUMNS, LINK_COLUMNS, Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.scope import Partition
from graphfraud.refresh import frame_files
from graphfraud.schema import TABLES
from graphfraud.store.base import GraphStore
from graphfraud.store.sql_files import sql

AMOUNTS_FRAME = "det_setl_amounts"  # settlement amounts for evidence: patched, not a dependency
AMOUNTS = ["fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt"]
PARTS = {"links": LINK_COLUMNS, "flags": FLAG_COLUMNS, "evidence": EVIDENCE_COLUMNS}
ORDER = {"links": ["src", "dst", "evidence_id", "weight"], "flags": ["node", "evidence_id", "weight"],
         "evidence": ["evidence_id", "table", "row_key", "setl_id"]}
SOURCES = ("detectors", "store/sql")  # the code a cached finding was computed by
Progress = Callable[[str, int, int], None]


@dataclass
class Detection:
    findings: list[Finding]
    modes: dict[str, str]  # detector -> "reused", "partitions: N <key>s", "full: why"
    cache: dict[str, Any] = field(default_factory=dict)  # what to store for the next refresh


def canonical(finding: Finding) -> Finding:
    """The same finding with its rows in one fixed order (links, flags, evidence sorted by their keys)."""
    parts = {}
    for part, columns in PARTS.items():
        frame = getattr(finding, part)
        keys = [c for c in ORDER[part] if c in frame.columns]
        parts[part] = frame.sort_values(keys, kind="mergesort", na_position="first").reset_index(drop=True) \
            if len(frame) else frame.reset_index(drop=True)
    return Finding(finding.indicator, parts["links"], parts["flags"], parts["evidence"], finding.params)


# -- what a detector reads ---------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _views() -> dict[str, set[str]]:
    """Input tables behind each graph view (``g_trace`` …), resolved through views built on views."""
    text = sql("graph_views").lower()
    # each view's text runs to the next view (a ';' may sit inside a quoted pattern)
    bodies = dict(re.findall(r"create or replace view (g_\w+) as(.*?)(?=create or replace view|\Z)", text, flags=re.S))
    out: dict[str, set[str]] = {}

    def tables(view: str, seen: frozenset[str]) -> set[str]:
        words = set(re.findall(r"[a-z_][a-z0-9_]*", bodies[view]))
        found = words & set(TABLES)
        for other in (words & set(bodies)) - seen - {view}:
            found |= tables(other, seen | {view})
        return found

    for view in bodies:
        out[view] = tables(view, frozenset())
    return out


@lru_cache(maxsize=None)
def frame_tables(name: str) -> frozenset[str]:
    """Input tables a named frame reads: every table or graph view its SQL names (a superset is safe).

    >>> sorted(frame_tables("det_trace_purchases"))  # g_trace: fee lines, sales and purchases
    ['fee_list_d', 'inv_purc', 'inv_sale']
    """
    words = set(re.findall(r"[a-z_][a-z0-9_]*", sql(name).lower()))
    found = words & set(TABLES)
    for view, tables in _views().items():
        if view in words:
            found |= tables
    return frozenset(found)


class Reads:
    """A store as a detector sees it, recording what it reads. Anything but frames, tables and
    results makes the detector ``opaque``: its reads are then unknown and it is never reused."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.tables: set[str] = set()
        self.opaque = False

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        if name != AMOUNTS_FRAME:
            self.tables |= frame_tables(name)
        return self._store.frame(name, **params)

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        self.tables.add(name)
        return self._store.table(name, columns)

    def get_results(self, name: str) -> pd.DataFrame:
        self.tables.add("results:" + name)
        return self._store.get_results(name)

    def __getattr__(self, name: str) -> Any:
        self.opaque = True
        return getattr(self._store, name)


# -- fingerprints ------------------------------------------------------------------------------------
def fingerprints(store: GraphStore, names: set[str]) -> dict[str, str]:
    """Per input table: row count and XOR of key hashes (rows load by key and are never rewritten, so
    this changes exactly when rows were added or re-keyed); per results collection a hash of its rows."""
    out = {}
    for name in sorted(names):
        if name.startswith("results:"):
            frame = store.get_results(name.split(":", 1)[1])
            digest = pd.util.hash_pandas_object(frame.astype(str), index=False).sum() if len(frame) else 0
            out[name] = f"{len(frame)}:{int(digest) & ((1 << 64) - 1)}"
        else:
            count, xor = _con(store).execute(f"SELECT count(*), bit_xor(hash(_key)) FROM {name}").fetchall()[0]
            out[name] = f"{count}:{xor}"
    return out


def _con(store: GraphStore) -> Any:
    return store.con  # type: ignore[attr-defined]


def code_hash() -> str:
    """The detectors, their queries and the libraries they compute with: findings of other code are stale."""
    import duckdb
    import numpy

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{pd.__version__} {numpy.__version__} {duckdb.__version__}".encode())
    for path in [root / "schema.py", *(p for folder in SOURCES for p in sorted((root / folder).glob("*.*")))]:
        if path.suffix in (".py", ".sql", ".toml"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def config_hash(config: DetectorConfig) -> str:
    return hashlib.sha256(json.dumps(config.as_dict(), sort_keys=True, default=str).encode()).hexdigest()[:16]


# -- the previous findings ---------------------------------------------------------------------------
def read_cache(folder: Path, run_id: str | None, code: str, config: str) -> dict[str, Any] | None:
    """The stored findings of ``run_id`` if they were computed by this code and configuration."""
    meta_path = folder / "meta.json"
    if run_id is None or not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError:  # damaged: only costs a full detection
        return None
    if meta.get("run_id") != run_id or meta.get("code") != code or meta.get("config") != config:
        return None
    return cast(dict[str, Any], meta)


def load_finding(folder: Path, name: str, params: dict[str, Any]) -> Finding:
    parts = {part: frame_files.read(folder / f"{name}.{part}.arrow") for part in PARTS}
    return Finding(name, parts["links"], parts["flags"], parts["evidence"], params)


def write_cache(folder: Path, detection: Detection, run_id: str) -> None:
    """Write the findings of ``run_id`` to ``folder`` (replaced whole; a partial folder is never read)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for finding in detection.findings:
        paths = [folder / f"{finding.indicator}.{part}.arrow" for part in PARTS]
        if not all(frame_files.write(getattr(finding, part), path) for part, path in zip(PARTS, paths)):
            for path in paths:  # not storable exactly: this detector runs in full next time
                path.unlink(missing_ok=True)
    meta = {**detection.cache, "run_id": run_id}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, default=str, sort_keys=True),
                                      encoding="utf-8")


def promote(partial: Path, target: Path, run_id: str | None) -> None:
    """Swap in the findings written aside for ``run_id`` once that run is published (idempotent)."""
    meta = partial / "meta.json"
    try:
        if run_id is None or json.loads(meta.read_text(encoding="utf-8")).get("run_id") != run_id:
            return
    except (OSError, ValueError):  # none written aside, or not whole: the next refresh detects in full
        return
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# -- detection -----------------------------------------------------------------------------------------
def detect(store: GraphStore, config: DetectorConfig, cache: Path, progress: Progress | None = None) -> Detection:
    """Every detector's findings on ``store`` as a full run would give them, reusing ``cache``."""
    code, conf = code_hash(), config_hash(config)
    meta = read_cache(cache, store.live_run(), code, conf)
    names = list(DETECTORS)
    now = fingerprints(store, set(TABLES) | {r for m in (meta or {}).get("detectors", {}).values()
                                             for r in m["reads"] if r.startswith("results:")})
    last_load = _last_load(store)
    findings: list[Finding] = []
    modes: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    for done, name in enumerate(names):
        if progress:
            progress(name, done, len(names))
        before = (meta or {}).get("detectors", {}).get(name)
        finding, mode, reads = _one(store, config, name, before, meta, now, cache)
        findings.append(canonical(finding))
        modes[name] = mode
        records[name] = {"reads": sorted(reads.tables), "opaque": reads.opaque, "params": finding.params} \
            if isinstance(reads, Reads) else {**reads, "params": finding.params}
    if progress:
        progress("done", len(names), len(names))
    wanted = {str(r) for rec in records.values() for r in rec["reads"]}
    extra = fingerprints(store, {r for r in wanted if r not in now})
    state = {"code": code, "config": conf, "load_id": last_load, "fingerprints": {**now, **extra},
             "detectors": records}
    return Detection(findings, modes, state)


def _one(store: GraphStore, config: DetectorConfig, name: str, before: dict[str, Any] | None,
         meta: dict[str, Any] | None, now: dict[str, str], cache: Path) -> tuple[Finding, str, Reads | dict[str, Any]]:
    """One detector: (finding, how it was obtained, what it read)."""
    why = _unusable(name, before, meta, cache)
    if not why and before is not None and meta is not None:
        previous = load_finding(cache, name, before["params"])
        changed = sorted(t for t in before["reads"] if meta["fingerprints"].get(t) != now.get(t))
        scope = getattr(_module(name), "SCOPE", None)
        if not changed:
            return _patch_amounts(store, previous, meta), "reused", before
        if not isinstance(scope, Partition):
            why = f"no partitions declared; new rows in {', '.join(changed)}"
        elif set(changed) - set(scope.keys):
            why = f"new rows in {', '.join(sorted(set(changed) - set(scope.keys)))}, outside its partitions"
        else:
            merged = _partitions(store, config, name, scope, previous, changed, meta)
            if merged is not None:
                return merged[0], merged[1], before
            why = "new rows could not be told apart from the old ones"
    reads = Reads(store)
    finding = DETECTORS[name](cast(GraphStore, reads), config)
    return finding, f"full: {why}", reads


def _unusable(name: str, before: dict[str, Any] | None, meta: dict[str, Any] | None, cache: Path) -> str:
    """Why the previous findings of detector ``name`` cannot be used at all ('' when they can)."""
    if meta is None:
        return "first run"
    if before is None:
        return "new detector"
    if before["opaque"]:
        return "reads the store in ways not recorded"
    if not all((cache / f"{name}.{part}.arrow").is_file() for part in PARTS):
        return "its previous findings are missing"
    return ""


def _module(name: str) -> Any:
    import importlib

    return importlib.import_module(f"graphfraud.detectors.{name}")


def _last_load(store: GraphStore) -> int:
    history = store.load_history(1)
    return int(history[0]["load_id"]) if history else 0


def _partitions(store: GraphStore, config: DetectorConfig, name: str, scope: Partition, previous: Finding,
                changed: list[str], meta: dict[str, Any]) -> tuple[Finding, str] | None:
    """Recompute the partitions the new rows reach; None when the new rows cannot be isolated."""
    con, since = _con(store), int(meta["load_id"])
    for table in changed:  # every row beyond the old count must be one loaded since, else keys changed
        old_count = int(meta["fingerprints"][table].split(":")[0])
        total, fresh = con.execute(f"SELECT count(*), count(*) FILTER (_load_id > ?) FROM {table}", [since]).fetchall()[0]
        if total - fresh != old_count:
            return None
    keys = pd.concat([con.execute(f"SELECT DISTINCT CAST(k AS VARCHAR) AS k FROM (SELECT unnest({scope.keys[t]}) AS k "
                                  f"FROM {t} WHERE _load_id > ?) WHERE k IS NOT NULL AND k <> ''", [since]).df()
                      for t in changed], ignore_index=True).k.drop_duplicates()
    touched = set(keys.astype(str))
    try:
        owners_before = [scope.owner(e) for e in _evidence_ids(previous)]
    except Exception:  # an evidence ID the declaration cannot read: trust nothing
        return None
    if not touched:
        return _patch_amounts(store, previous, meta), "partitions: none reached"
    with _scope_rows(store, scope, changed, keys):
        partial = _run_scoped(store, config, name, changed)
        # what the recomputed partitions counted before the new rows, to take off the sums
        earlier = _run_scoped(store, config, name, changed, until=since).params if scope.sums else {}
    try:
        keep_new = {e for e in _evidence_ids(partial) if scope.owner(e) in touched}
    except Exception:
        return None
    drop_old = {e for e, o in zip(_evidence_ids(previous), owners_before) if o in touched}
    parts = {}
    for part in PARTS:
        old, new = getattr(previous, part), getattr(partial, part)
        pieces = [f for f in (old[~old.evidence_id.isin(drop_old)], new[new.evidence_id.isin(keep_new)]) if len(f)]
        parts[part] = pd.concat(pieces, ignore_index=True) if pieces else old.iloc[:0]
    params = dict(previous.params)
    for key in scope.sums:  # a count an early return left out is zero
        if key in params or key in partial.params:
            params[key] = params.get(key, 0) - earlier.get(key, 0) + partial.params.get(key, 0)
    merged = Finding(name, parts["links"], parts["flags"], parts["evidence"], params)
    return _patch_amounts(store, merged, meta), f"partitions: {len(touched)} {scope.key}s"


def _evidence_ids(finding: Finding) -> list[str]:
    ids = pd.concat([finding.links.evidence_id, finding.flags.evidence_id, finding.evidence.evidence_id])
    return sorted(set(ids.astype(str)))


@contextmanager
def _scope_rows(store: GraphStore, scope: Partition, tables: list[str], keys: pd.Series) -> Iterator[None]:
    """Temporary tables ``gf_scope_<table>`` of the keys of the rows carrying one of the partition keys."""
    con = _con(store)
    con.register("gf_scope_keys", pd.DataFrame({"k": keys.astype(str).to_numpy()}))
    try:
        for table in tables:
            con.execute(f"CREATE OR REPLACE TEMP TABLE gf_scope_{table} AS SELECT DISTINCT _key FROM (SELECT _key, "
                        f"CAST(unnest({scope.keys[table]}) AS VARCHAR) AS k FROM {table}) SEMI JOIN gf_scope_keys "
                        "USING (k)").fetchall()
        yield
    finally:
        for table in tables:
            con.execute(f"DROP TABLE IF EXISTS temp.main.gf_scope_{table}").fetchall()
        con.unregister("gf_scope_keys")


def _run_scoped(store: GraphStore, config: DetectorConfig, name: str, tables: list[str],
                until: int | None = None) -> Finding:
    """Run the detector with each of ``tables`` narrowed to the rows in ``gf_scope_<table>`` (and to the
    loads up to ``until``: the partitions as they were before the new rows; every key on a new row
    is among the partition keys, so a key of an old row beside them is counted the same in both states)."""
    con = _con(store)
    database = con.execute("SELECT current_database()").fetchall()[0][0]
    try:
        for table in tables:
            con.execute(f'CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM "{database}".main.{table} '
                        f"SEMI JOIN temp.main.gf_scope_{table} USING (_key)"
                        + (f" WHERE _load_id <= {int(until)}" if until is not None else "")).fetchall()
        return DETECTORS[name](store, config)
    finally:
        for table in tables:
            con.execute(f"DROP VIEW IF EXISTS temp.main.{table}").fetchall()


def _patch_amounts(store: GraphStore, finding: Finding, meta: dict[str, Any]) -> Finding:
    """Read again the amounts of evidence settlements loaded since the previous run."""
    ev = finding.evidence
    if ev.empty or ev.setl_id.isna().all():
        return finding
    arrived = set(_con(store).execute("SELECT _key FROM setl_d WHERE _load_id > ?", [int(meta["load_id"])]).df()._key)
    hit = ev.setl_id.isin(arrived).to_numpy()
    if not hit.any():
        return finding
    ids = sorted(set(ev.setl_id[hit].astype(str)))
    amounts = store.frame(AMOUNTS_FRAME, setl_ids=ids).set_index("setl_id")
    ev = ev.copy()
    for column in AMOUNTS:
        ev.loc[hit, column] = ev.setl_id[hit].map(amounts[column]).to_numpy()
    return Finding(finding.indicator, finding.links, finding.flags, ev, finding.params)
