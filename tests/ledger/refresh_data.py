"""Generated months for the refresh tests: a base directory and the month that a refresh adds."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from graphfraud.store.base import GraphStore

PERSONS, SEED = 300, 11


def split_months(source: Path, folder: Path) -> tuple[Path, Path]:
    """(base dir with every file but the last month of fee lines, that month's file kept aside)."""
    base = folder / "data"
    shutil.copytree(source, base)
    last = sorted(base.glob("fee_list_d_*"))[-1]
    aside = folder / last.name
    shutil.move(last, aside)
    return base, aside


def with_month(months: tuple[Path, Path]) -> Path:
    """The base directory plus the added month, made once at one fixed path (reports name the directory)."""
    data, month = months
    full = data.parent / "full"
    if not full.exists():
        shutil.copytree(data, full)
        shutil.copy(month, full / month.name)
    return full


def snapshot(store: GraphStore, report_dir: Path | None = None) -> dict[str, Any]:
    """Everything a refresh decides, without wall-clock times: rows, rings, lineage, leads, files, steps."""
    def rows(name: str, columns: list[str]) -> list[tuple]:
        frame = store.get_results(name)
        return sorted(tuple(str(v) for v in r) for r in frame[columns].itertuples(index=False)) if len(frame) else []

    members = store.get_results("ring_members")
    out = {
        "table_rows": {t: len(store.table(t, ["_key"])) for t in ("setl_d", "fee_list_d", "psn_info")},
        "loads": len(store.load_history(100)),
        "rings": sorted((r, tuple(sorted(g))) for r, g in members.groupby("ring_id").node_id) if len(members) else [],
        "runs": rows("runs", ["run_id"]),
        "scores": rows("rings", ["ring_id", "score"]),
        "lineage": rows("ring_lineage", ["run_id", "ring_id", "previous_ring_ids", "change"]),
        "leads": rows("leads", ["lead_id", "source_key", "ring_id", "persons"]),
        "lead_events": rows("lead_events", ["lead_id", "action", "status"]),
        "files": rows("refresh_files", ["path", "sha256", "refresh_id"]),
        "steps": rows("refresh_steps", ["refresh_id", "step"]),
    }
    if report_dir is not None:
        out["reports"] = {p.name: _timeless(json.loads(p.read_text(encoding="utf-8")))
                          for p in sorted(report_dir.glob("refresh-*.json"))}
    return out


def _timeless(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("started", "finished")}
