"""Ring collections as detection stores them, written by hand: the input of lead opening tests."""
from __future__ import annotations

import json

import pandas as pd

from graphfraud.store.base import GraphStore


def put_run(store: GraphStore, run_id: str, rings: dict[str, tuple[str, list[str]]]) -> None:
    """Store one run: ``rings`` maps ring_id -> (lineage change, member node IDs)."""
    ring_rows, member_rows, lineage_rows = [], [], []
    for rank, (ring_id, (change, members)) in enumerate(sorted(rings.items()), start=1):
        persons = [m for m in members if m.startswith("Person:")]
        ring_rows.append({"ring_id": ring_id, "run_id": run_id, "rank": rank, "score": 10.0 - rank,
                          "typology": "resale", "members": len(members), "persons": len(persons),
                          "institutions": len(members) - len(persons), "doctors": 0,
                          "medfee_sumamt": 1000.0 * rank, "fund_pay_sumamt": 800.0 * rank, "hifp_pay": 700.0 * rank,
                          "acct_pay": 50.0 * rank, "amount_class": "", "period_start": "2025-07-01",
                          "period_end": "2025-09-30", "summary": f"ring {ring_id}"})
        for m in members:
            label, key = m.split(":", 1)
            member_rows.append({"ring_id": ring_id, "node_id": m, "label": label, "key": key, "name": None,
                                "role": "person", "score": 1.0})
        lineage_rows.append({"run_id": run_id, "ring_id": ring_id, "previous_ring_ids": json.dumps([]),
                             "change": change})
    store.publish_run({"run_id": run_id, "started": "2026-01-01T00:00:00"},
                      {"rings": pd.DataFrame(ring_rows), "ring_members": pd.DataFrame(member_rows),
                       "ring_lineage": pd.DataFrame(lineage_rows)})
