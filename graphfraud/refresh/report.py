"""The diff report of a refresh: which rings are new, grown, shrunk, merged, split, unchanged or gone.

Everything is read back from stored state (the run's lineage, the previous run's lineage and the
ring sizes recorded when the refresh started), so a refresh resumed after a crash writes the same
report as one that was never interrupted.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from graphfraud.store.base import GraphStore

CHANGES = ("new", "grown", "shrunk", "merged", "split", "same", "gone")


def ring_diff(store: GraphStore, run_id: str | None, previous_sizes: dict[str, int]) -> dict[str, Any]:
    """Rings of ``run_id`` by change against the rings current before it (``previous_sizes``: ID -> members)."""
    out: dict[str, Any] = {change: [] for change in CHANGES}
    if run_id is None:
        return out
    lineage = store.get_results("ring_lineage")
    lineage = lineage[lineage.run_id == run_id] if not lineage.empty else lineage
    rings = store.get_results("rings")
    sizes = dict(zip(rings.ring_id, rings.members)) if not rings.empty else {}
    referenced: set[str] = set()
    for row in lineage.sort_values("ring_id").to_dict("records"):
        before_ids = json.loads(row["previous_ring_ids"])
        referenced |= {row["ring_id"], *before_ids}
        item = {"ring_id": row["ring_id"], "members": int(sizes.get(row["ring_id"], 0))}
        if row["change"] in ("grown", "shrunk", "same"):
            item["members_before"] = int(previous_sizes.get(row["ring_id"], 0))
        if row["change"] in ("merged", "split", "new") and before_ids:
            item["from"] = before_ids
        out[row["change"]].append(item)
    out["gone"] = [{"ring_id": r, "members_before": int(n)} for r, n in sorted(previous_sizes.items()) if r not in referenced]
    return out


def counts(diff: dict[str, Any]) -> dict[str, int]:
    return {change: len(diff[change]) for change in CHANGES}


def write_json(data: dict[str, Any], target: Path) -> None:
    """Write atomically: a reader (or a crash) never sees half a report."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(partial, target)
