"""The diff report of a refresh: which rings are new, grown, shrunk, merged, split, unchanged or gone.

Everything is read back from stored state (the run's lineage, the previous run's lineage and the
ring sizes recorded when the refresh started), so a refresh resumed after a crash writes the same
report as one that was never interrupted.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphfraud.errors import InputError
from graphfraud.store.base import GraphStore

CHANGES = ("new", "grown", "shrunk", "merged", "split", "same", "gone")


@dataclass(frozen=True)
class Growth:
    """How much a ring's pooled-fund amount must grow to count as grown: ``percent`` or ``yuan``.

    A ring with the same members whose fund payments rose (new settlements of the same people) has
    grown as a case, which is what an investigator needs to hear.

    >>> Growth.parse("10%").grew(60_917.49, 66_906.71), Growth.parse("10000").grew(60_917.49, 66_906.71)
    (False, False)
    >>> Growth.parse("5%").grew(60_917.49, 66_906.71), Growth.parse("5000").grew(60_917.49, 66_906.71)
    (True, True)
    """

    amount: float
    percent: bool

    @classmethod
    def parse(cls, text: str) -> Growth:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", str(text))
        if not match:
            raise InputError(f"cannot read growth threshold {text!r}", "give a percentage (10%) or yuan (5000)")
        return cls(float(match.group(1)), bool(match.group(2)))

    def grew(self, before: float, after: float) -> bool:
        if after <= before:
            return False
        if self.percent:
            return before <= 0 or (after - before) >= before * self.amount / 100
        return after - before >= self.amount

    @property
    def spec(self) -> str:
        """The threshold as it is written (``10%``, ``5000``): what a refresh records at its start."""
        return f"{self.amount:g}%" if self.percent else f"{self.amount:g}"


def ring_diff(store: GraphStore, run_id: str | None, previous_sizes: dict[str, int],
              previous_funds: dict[str, float] | None = None, growth: Growth | None = None) -> dict[str, Any]:
    """Rings of ``run_id`` by change against the rings current before it (``previous_sizes``: ID ->
    members, ``previous_funds``: ID -> pooled fund). A ring whose members stayed the same (or shrank)
    but whose pooled-fund amount grew is reported as grown (``grown_in: amount``); ``lead`` says
    whether the growth reaches ``growth``, the threshold for a new lead."""
    out: dict[str, Any] = {change: [] for change in CHANGES}
    if run_id is None:
        return out
    lineage = store.get_results("ring_lineage")
    lineage = lineage[lineage.run_id == run_id] if not lineage.empty else lineage
    rings = store.get_results("rings")
    sizes = dict(zip(rings.ring_id, rings.members)) if not rings.empty else {}
    funds = dict(zip(rings.ring_id, rings.fund_pay_sumamt.fillna(0.0))) if not rings.empty else {}
    before_funds = previous_funds or {}
    referenced: set[str] = set()
    for row in lineage.sort_values("ring_id").to_dict("records"):
        before_ids = json.loads(row["previous_ring_ids"])
        referenced |= {row["ring_id"], *before_ids}
        ring_id, change = row["ring_id"], row["change"]
        item: dict[str, Any] = {"ring_id": ring_id, "members": int(sizes.get(ring_id, 0)),
                                "fund_pay_sumamt": round(float(funds.get(ring_id, 0.0)), 2)}
        if change in ("grown", "shrunk", "same"):
            item["members_before"] = int(previous_sizes.get(ring_id, 0))
            if ring_id in before_funds:
                item["fund_pay_sumamt_before"] = round(float(before_funds[ring_id]), 2)
            if change == "grown":
                item["grown_in"] = "members"
            elif ring_id in before_funds and funds.get(ring_id, 0.0) - before_funds[ring_id] >= 0.01:
                change, item["grown_in"] = "grown", "amount"
                item["lead"] = growth is None or growth.grew(before_funds[ring_id], funds.get(ring_id, 0.0))
        if change in ("merged", "split", "new") and before_ids:
            item["from"] = before_ids
        out[change].append(item)
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
