"""Reading stored rings back: the ranked list, one ring in full, and the rings an entity is part of.

``print_top_rings`` is what the demo (and ``detect``) end with.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graphfraud import ui
from graphfraud.errors import NotFound
from graphfraud.store.base import GraphStore

LIST_HEADERS = ["#", "ring", "score", "typology", "P/I/D", "fund 万元", "acct 万元", "class", "period"]


def stored_rings(store: GraphStore) -> pd.DataFrame:
    rings = store.get_results("rings")
    if rings.empty:
        raise NotFound("no rings in this workspace", "run: graphfraud detect")
    return rings.sort_values("rank").reset_index(drop=True)


def filter_rings(rings: pd.DataFrame, members: pd.DataFrame, typology: str | None = None, region: str | None = None,
                 min_amount: float = 0.0) -> pd.DataFrame:
    """Rings of one typology, with an institution in region ``region`` (admdvs prefix), fund ≥ ``min_amount``."""
    keep = rings.fund_pay_sumamt >= min_amount
    if typology:
        keep &= rings.typology == typology
    if region:
        places = members[members.label == "Institution"]
        local = set(places.ring_id[places.key.str[1:].str.startswith(region)])
        keep &= rings.ring_id.isin(local)
    return rings[keep]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: timestamps as ISO text, missing values as null."""
    return json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))


def print_ring_table(rings: pd.DataFrame, title: str) -> None:
    """One line per ring, kept narrow: P/I/D counts persons, institutions and doctors; amounts in 万元
    (pooled fund and personal account apart); class is the 诈骗罪 amount class without 数额."""
    rows = [[r.rank, r.ring_id, round(float(r.score), 1), r.typology, f"{r.persons}/{r.institutions}/{r.doctors}",
             f"{r.fund_pay_sumamt / 1e4:,.2f}", f"{r.acct_pay / 1e4:,.2f}", (r.amount_class or "-").removeprefix("数额"),
             f"{_month(r.period_start)}-{_month(r.period_end)}"] for r in rings.itertuples()]
    ui.table(title, LIST_HEADERS, rows)


def print_top_rings(store: GraphStore, limit: int = 10) -> pd.DataFrame:
    """Print the ``limit`` best-ranked stored rings with their score breakdown; returns them."""
    top = stored_rings(store).head(limit)
    print_ring_table(top, f"Top {len(top)} rings (graphfraud ring show RING_ID for the evidence)")
    for ring in top.itertuples():
        ui.out.print(f"{ring.ring_id}: {ring.summary}")
    return top


def ring_detail(store: GraphStore, ring_id: str) -> dict[str, pd.DataFrame | dict[str, Any]]:
    rings = stored_rings(store)
    chosen = rings[rings.ring_id == ring_id]
    if chosen.empty:
        raise NotFound(f"no ring {ring_id!r} in the current results", "list them with: graphfraud rings")
    evidence = _of_ring(store, "ring_evidence", ring_id)
    timeline = (evidence.dropna(subset=["event_time"]).drop_duplicates("setl_id")
                .sort_values(["event_time", "setl_id"])[["event_time", "setl_id", "indicator", "fund_pay_sumamt",
                                                          "acct_pay", "entities"]])
    return {"ring": records(chosen)[0], "members": _of_ring(store, "ring_members", ring_id),
            "indicators": _of_ring(store, "ring_indicators", ring_id), "evidence": evidence, "timeline": timeline}


def involvement(store: GraphStore, node_id: str) -> dict[str, pd.DataFrame]:
    """The rings ``node_id`` belongs to (with its role) and the evidence rows that tie it in."""
    members = store.get_results("ring_members")
    mine = members[members.node_id == node_id] if len(members) else members
    rings = stored_rings(store)
    mine = (mine.rename(columns={"score": "member_score"})
            .merge(rings[["ring_id", "rank", "score", "typology"]], on="ring_id").sort_values("rank"))
    evidence = store.get_results("ring_evidence")
    tied = evidence[evidence.entities.str.split(" ").map(lambda ids: node_id in ids)] if len(evidence) else evidence
    return {"rings": mine, "evidence": tied}


def _of_ring(store: GraphStore, collection: str, ring_id: str) -> pd.DataFrame:
    rows = store.get_results(collection)
    return rows[rows.ring_id == ring_id].reset_index(drop=True) if len(rows) else rows


def _month(value: Any) -> str:
    return value.strftime("%y%m") if isinstance(value, pd.Timestamp) and not pd.isna(value) else "?"
