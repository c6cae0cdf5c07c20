"""One refresh: load new or changed files, re-run detection, open leads, write the diff report.

Crash safety (kill -9 at any moment, then run again) rests on four rules:

1. Progress is a list of steps in ``refresh_steps`` (start, loaded, detected, leads, done); a
   refresh that finds an unfinished one resumes it instead of starting another.
2. ``start`` fixes what this refresh will do (the files to load, the run count and ring sizes
   before it), so a resumed refresh does the same work as the interrupted one.
3. Each step's work is idempotent or detectable: rows load by key (a repeated load inserts
   nothing, and a committed load is found in the load history by its staging folder); file hashes
   are recorded once per (path, hash); a run is published all or nothing on either store
   (``GraphStore.publish_run``), so a run beyond the count recorded at start is this refresh's and
   complete, and a half-published one is invisible and simply published again; leads open once
   per (run, ring); the report is written atomically.
4. A step is recorded only after its work, together with the files it loaded.

Detection reuses the previous run's findings where the new rows cannot change them
(``refresh/incremental.py``); those findings are only a cache. The new run's are written aside under
its ID before it is published and swapped in after (again on resume); findings whose run is not the
live one, or whose code, configuration or input fingerprints differ, are never used.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from graphfraud.ledger import ledger, open_run_leads
from graphfraud.loaders import load_directory
from graphfraud.refresh import incremental, tracking
from graphfraud.refresh.report import Growth, counts, ring_diff, write_json
from graphfraud.store.base import GraphStore
from graphfraud.store.embedded import EmbeddedStore

HASHES = "hashes.json"  # file hashes by size, time and inode: unchanged files are not read again
FINDINGS = "findings"  # the last run's findings, for the next refresh (refresh/incremental.py)
STEPS = "refresh_steps"
Progress = Callable[[str, int, int], None]


@dataclass
class Options:
    seed: int = 42
    algorithm: str = "leiden"
    lead_changes: tuple[str, ...] = ("new", "grown")
    grown_by: str = "5%"  # pooled-fund growth that makes a ring "grown" (percent or yuan)
    min_score: float | None = None  # ring score from which a lead is opened (None: every ring)


@dataclass
class RefreshResult:
    refresh_id: int | None
    report: dict[str, Any]
    report_path: Path | None = None
    resumed: bool = False


@dataclass
class _State:
    refresh_id: int
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)


def refresh(store: GraphStore, data_dir: Path, state_dir: Path, rejects_dir: Path, operator: str,
            options: Options | None = None, progress: Progress | None = None) -> RefreshResult:
    options = options or Options()
    data_dir = data_dir.resolve()
    state = _pending(store)
    resumed = state is not None
    if state is None:
        to_load, known = tracking.changed(store, tracking.scan(data_dir, state_dir / HASHES))
        if not to_load and not known and _run_count(store) > 0:
            return RefreshResult(None, {"data_dir": str(data_dir), "nothing_new": True})
        state = _start(store, data_dir, to_load, known, options)
    # each step records itself in state.steps once its work is stored
    if "loaded" not in state.steps:
        _load(store, state, state_dir, rejects_dir, progress)
    if "detected" not in state.steps:
        _detect(store, state, options, progress, state_dir)
    if "leads" not in state.steps:
        _open_leads(store, state, options, operator)
    target = state_dir / f"refresh-{state.refresh_id:04d}.json"
    if "done" not in state.steps:
        _finish(store, state, target)
    return RefreshResult(state.refresh_id, json.loads(target.read_text(encoding="utf-8")), target, resumed)


def _start(store: GraphStore, data_dir: Path, to_load: list[tracking.DataFile], known: list[tracking.DataFile],
           options: Options) -> _State:
    done = store.get_results(STEPS)
    state = _State(int(done.refresh_id.max()) + 1 if not done.empty else 1)
    rings = store.get_results("rings")
    detail = {"data_dir": str(data_dir), "started": _now(), "runs_before": _run_count(store),
              "to_load": [f.__dict__ for f in to_load], "known_content": [f.__dict__ for f in known],
              "previous_sizes": {str(r): int(n) for r, n in zip(rings.ring_id, rings.members)} if not rings.empty else {},
              "previous_funds": {str(r): round(float(f), 2) for r, f in zip(rings.ring_id, rings.fund_pay_sumamt.fillna(0.0))}
              if not rings.empty else {}, "grown_by": Growth.parse(options.grown_by).spec}
    _record(store, state, "start", detail)
    return state


def _load(store: GraphStore, state: _State, state_dir: Path, rejects_dir: Path, progress: Progress | None) -> None:
    start = state.steps["start"]
    data_dir = Path(start["data_dir"])  # a resumed refresh finishes the directory it started on
    to_load = [tracking.DataFile(**f) for f in start["to_load"]]
    known = [tracking.DataFile(**f) for f in start["known_content"]]
    staging = state_dir / f"refresh-{state.refresh_id:04d}.files"
    load_id = None
    if to_load:
        folder = tracking.stage(data_dir, to_load, staging).resolve()
        load_id = _committed_load(store, folder)
        if load_id is None:
            load_id = load_directory(store, folder, rejects_dir, progress=progress).load_id
    detail = {"loaded": [f.path for f in to_load], "known_content": [f.path for f in known], "load_id": load_id}
    tracking.record(store, to_load + known, state.refresh_id)  # once per (path, hash): a re-run adds nothing
    _record(store, state, "loaded", detail)
    shutil.rmtree(staging, ignore_errors=True)


def _detect(store: GraphStore, state: _State, options: Options, progress: Progress | None, state_dir: Path) -> None:
    before = state.steps["start"]["runs_before"]
    runs = store.get_results("runs")
    run_id: str | None = sorted(runs.run_id)[before] if len(runs) > before else None  # published before a crash
    cache, aside = state_dir / FINDINGS, state_dir / (FINDINGS + ".partial")
    # with only renamed copies of loaded content there is nothing to re-analyse
    if run_id is None and (state.steps["loaded"]["loaded"] or before == 0):
        run_id = _detect_rings(store, options, progress, aside)
    incremental.promote(aside, cache, run_id)  # the findings of a run published before a crash, too
    modes = _modes(cache, run_id) if isinstance(store, EmbeddedStore) else \
        {"all": "full: on Neo4j every detector runs in full (no temporary views over its input)"} if run_id else {}
    _record(store, state, "detected", {"run_id": run_id, "detection": modes})


def _detect_rings(store: GraphStore, options: Options, progress: Progress | None, aside: Path) -> str:
    """Detect and publish a run, reusing the previous run's findings where the new rows leave them
    unchanged (``refresh/incremental.py``); the findings are written ``aside`` before publishing."""
    from graphfraud.detectors.config import load_config
    from graphfraud.rings.pipeline import assemble_rings, detect_rings

    if not isinstance(store, EmbeddedStore):  # no temporary views nor key hashes: detect in full
        return str(detect_rings(store, algorithm=options.algorithm, seed=options.seed, progress=progress).run["run_id"])
    config, started = load_config(), dt.datetime.now()
    found = incremental.detect(store, config, aside.with_name(FINDINGS), progress)
    run_id = f"run-{len(store.get_results('runs')) + 1:04d}"  # the ID assemble_rings gives the run
    found.cache["modes"] = found.modes
    incremental.write_cache(aside, found, run_id)
    run = assemble_rings(store, found.findings, options.algorithm, options.seed, progress=progress, started=started,
                         params={"detectors": config.as_dict()}).run
    if run["run_id"] != run_id:  # not the ID foreseen: these findings belong to the published run all the same
        incremental.write_cache(aside, found, str(run["run_id"]))
    return str(run["run_id"])


def _modes(cache: Path, run_id: str | None) -> dict[str, str]:
    """How each detector's findings of ``run_id`` were obtained (reused, partitions, full)."""
    meta = cache / "meta.json"
    if run_id is None:
        return {}
    stored = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    return dict(stored.get("modes", {})) if stored.get("run_id") == run_id else {"all": "full"}


def _diff(store: GraphStore, state: _State) -> dict[str, Any]:
    start = state.steps["start"]
    growth = Growth.parse(start["grown_by"]) if start.get("grown_by") else None
    return ring_diff(store, state.steps["detected"]["run_id"], start["previous_sizes"], start.get("previous_funds"),
                     growth)


def _open_leads(store: GraphStore, state: _State, options: Options, operator: str) -> None:
    run_id = state.steps["detected"]["run_id"]
    if run_id is not None:
        extra = {r["ring_id"]: "grown" for r in _diff(store, state)["grown"] if r.get("lead")} \
            if "grown" in options.lead_changes else {}
        open_run_leads(store, run_id, options.lead_changes, operator, extra, options.min_score)
    # read back rather than use what was opened now: a resumed refresh may find them opened already
    opened = [lead.lead_id for lead in ledger(store) if run_id and lead.facts["source_key"].startswith(run_id + "/")]
    _record(store, state, "leads", {"opened": opened})


def _finish(store: GraphStore, state: _State, target: Path) -> None:
    start, run_id = state.steps["start"], state.steps["detected"]["run_id"]
    diff = _diff(store, state)
    report = {"refresh_id": state.refresh_id, "data_dir": start["data_dir"], "started": start["started"],
              "finished": _now(), "files": {k: state.steps["loaded"][k] for k in ("loaded", "known_content")},
              "load_id": state.steps["loaded"]["load_id"], "run_id": run_id,
              "detection": state.steps["detected"].get("detection", {}), "counts": counts(diff), "rings": diff,
              "leads_opened": state.steps["leads"]["opened"]}
    write_json(report, target)
    _record(store, state, "done", {"report": target.name, "counts": report["counts"]})


def _pending(store: GraphStore) -> _State | None:
    """The last refresh if it has no ``done`` step, with the details of the steps it finished."""
    done = store.get_results(STEPS)
    if done.empty:
        return None
    last = done[done.refresh_id == done.refresh_id.max()]
    if "done" in set(last.step):
        return None
    return _State(int(last.refresh_id.iloc[0]), {s: json.loads(d) for s, d in zip(last.step, last.detail)})


def _committed_load(store: GraphStore, folder: Path) -> int | None:
    """The load of ``folder`` if it committed before a crash."""
    for report in store.load_history(50):
        if report.get("data_dir") == str(folder):
            return int(report["load_id"])
    return None


def _record(store: GraphStore, state: _State, step: str, detail: dict[str, Any]) -> None:
    row = pd.DataFrame([{"refresh_id": state.refresh_id, "step": step, "time": _now(),
                         "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}]).astype({"refresh_id": "int64"})
    store.put_results(STEPS, row, replace=False)
    state.steps[step] = detail


def _run_count(store: GraphStore) -> int:
    return len(store.get_results("runs"))


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
