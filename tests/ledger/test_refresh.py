"""graphfraud refresh on the embedded store: delta loads, stable IDs, diff report, leads, lock, crashes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphfraud.cli import main
from graphfraud.refresh import RefreshLock
from graphfraud.store.embedded import EmbeddedStore
from tests.ledger.crash_runner import crash
from tests.ledger.refresh_data import snapshot, with_month

REPO = Path(__file__).resolve().parents[2]


def refresh_cli(data: Path, ws: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["refresh", str(data), "--workspace", str(ws), "--json", *extra])


@pytest.fixture(scope="module")
def base(months: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A workspace after the first refresh of the base months (copy it before changing it)."""
    data, _ = months
    ws = tmp_path_factory.mktemp("base") / "ws.duckdb"
    result = refresh_cli(data, ws)
    assert result.exit_code == 0, result.output
    return ws, json.loads(result.output)


@pytest.fixture(scope="module")
def reference(months, base, tmp_path_factory) -> dict[str, Any]:
    """The state after an uninterrupted refresh that adds the last month."""
    data = with_month(months)
    ws = _copy(base[0], tmp_path_factory.mktemp("reference"))
    result = refresh_cli(data, ws)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(ws) as store:
        return {"report": json.loads(result.output), "state": snapshot(store, ws.with_name(ws.name + ".refresh"))}


def _copy(ws: Path, folder: Path) -> Path:
    target = folder / ws.name
    shutil.copy(ws, target)
    if ws.with_name(ws.name + ".refresh").exists():
        shutil.copytree(ws.with_name(ws.name + ".refresh"), target.with_name(target.name + ".refresh"))
    return target


def test_first_refresh_loads_everything_and_opens_a_lead_per_ring(base):
    _, report = base
    assert len(report["files"]["loaded"]) > 10 and report["run_id"] == "run-0001"
    assert report["counts"]["new"] > 0 and report["counts"]["new"] == len(report["leads_opened"])


def test_a_second_refresh_without_new_files_does_nothing(base, months, tmp_path):
    ws = _copy(base[0], tmp_path)
    result = refresh_cli(months[0], ws)
    assert result.exit_code == 0 and json.loads(result.output)["nothing_new"] is True
    with EmbeddedStore(ws) as store:
        assert len(store.get_results("runs")) == 1


def test_adding_a_month_loads_only_its_file_and_keeps_unchanged_rings_ids(base, reference, months):
    report, state = reference["report"], reference["state"]
    assert report["files"]["loaded"] == [months[1].name]
    assert report["run_id"] == "run-0002"
    with EmbeddedStore(base[0], read_only=True) as store:
        before = {tuple(sorted(g)): r for r, g in store.get_results("ring_members").groupby("ring_id").node_id}
    after = {members: ring_id for ring_id, members in state["rings"]}
    unchanged = set(before) & set(after)
    assert unchanged, "no ring kept its members: the added month changed everything"
    assert all(before[m] == after[m] for m in unchanged)  # same members, same ID
    same = {r["ring_id"] for r in report["rings"]["same"]}
    assert {after[m] for m in unchanged} <= same
    grown = {r["ring_id"] for r in report["rings"]["grown"]}
    new = {r["ring_id"] for r in report["rings"]["new"]}
    opened = {l[2] for l in state["leads"] if l[1].startswith("run-0002/")}
    assert opened == grown | new and len(report["leads_opened"]) == len(opened)
    assert sum(report["counts"].values()) >= len(state["rings"])


def test_a_second_refresh_is_refused_with_its_own_exit_code(base, months, tmp_path):
    ws = _copy(base[0], tmp_path)
    with RefreshLock(ws.with_name(ws.name + ".refresh.lock")):
        proc = subprocess.run([sys.executable, "-c", "from graphfraud.cli import main; main()", "refresh", str(months[0]),
                               "--workspace", str(ws)],
                              cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 75
    assert "another refresh is running" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
    assert proc.stderr.count("Error:") == 1


SLOW = pytest.mark.slow  # the same recovery paths as the fast points, at more moments
CRASH_POINTS = [
    ("graphfraud.store.embedded:EmbeddedStore.insert_new", "before", "1", None),  # inside the load transaction
    ("graphfraud.refresh.run:load_directory", "after", "1", None),  # load committed, files not yet recorded
    pytest.param("graphfraud.refresh.run:_record", "before", "3", None, marks=SLOW),  # files recorded, no detection
    ("graphfraud.store.embedded:EmbeddedStore.put_results", "before", "1", "ring_evidence"),  # mid-save of a run
    pytest.param("graphfraud.rings.results:save", "after", "1", None, marks=SLOW),  # run stored, step not recorded
    ("graphfraud.refresh.run:open_run_leads", "after", "1", None),  # leads opened, step not recorded
    pytest.param("graphfraud.refresh.run:write_json", "after", "1", None, marks=SLOW),  # report written, not done
]


def _point_id(p: Any) -> str:
    values = p.values if hasattr(p, "values") else p
    return f"{values[0].split(':')[1]}-{values[1]}"


@pytest.mark.parametrize("target,when,nth,match", CRASH_POINTS, ids=[_point_id(p) for p in CRASH_POINTS])
def test_killed_at_any_point_a_rerun_ends_in_the_same_state(target, when, nth, match, base, months, reference,
                                                            tmp_path_factory):
    data = with_month(months)
    ws = _copy(base[0], tmp_path_factory.mktemp("crash"))
    killed = crash(target, when, nth, match, ["refresh", str(data), "--workspace", str(ws), "--json"])
    assert killed.returncode == -9, killed.stderr[-2000:]
    result = refresh_cli(data, ws)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(ws) as store:
        state = snapshot(store, ws.with_name(ws.name + ".refresh"))
    assert state == reference["state"]
