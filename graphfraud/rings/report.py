"""Reading stored rings back: the ranked list, one ring in full, and the rings an entity is part of.

Returns frames and dicts; the commands render them (``graphfraud.commands.render``).
"""
from __future__ import annotations

import json
from typing import Any, TypedDict

import pandas as pd

from graphfraud.errors import NotFound
from graphfraud.store.base import GraphStore

class RingDetail(TypedDict):
    """One ring in full: its row, its members and (apart) its context, indicators, evidence rows and timeline."""

    ring: dict[str, Any]
    members: pd.DataFrame
    context: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    timeline: pd.DataFrame


# What each indicator says about a member, in the reader's words (docs/detectors.md has the method).
PLAIN = {"trace_reuse": "box settled again", "over_supply": "obtained far beyond need", "swipe_burst": "batch swipes",
         "co_purchase": "co-visits", "shared_identifiers": "shared phone/device/account",
         "collusion": "steered prescriptions", "backdated_rx": "prescriptions written after the sale",
         "impersonation": "card used where the holder could not be", "inventory_mismatch": "sales beyond stock",
         "imported_evidence": "rule hits or tip-offs"}


def plain_basis(basis: object) -> str:
    """``basis`` (comma-separated indicators) in the reader's words.

    >>> plain_basis("over_supply,trace_reuse")
    'obtained far beyond need; box settled again'
    """
    return "; ".join(PLAIN.get(i, i) for i in str(basis or "").split(",") if i)


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


def top_rings(store: GraphStore, limit: int = 10) -> pd.DataFrame:
    """The ``limit`` best-ranked stored rings (what ``detect`` and the demo end with)."""
    return stored_rings(store).head(limit)


def ring_detail(store: GraphStore, ring_id: str) -> RingDetail:
    rings = stored_rings(store)
    chosen = rings[rings.ring_id == ring_id]
    if chosen.empty:
        raise NotFound(f"no ring {ring_id!r} in the current results", "list them with: graphfraud rings")
    evidence = _of_ring(store, "ring_evidence", ring_id)
    timeline = (evidence.dropna(subset=["event_time"]).drop_duplicates("setl_id")
                .sort_values(["event_time", "setl_id"])[["event_time", "setl_id", "indicator", "fund_pay_sumamt",
                                                          "acct_pay", "entities"]])
    return {"ring": records(chosen)[0], "members": _of_ring(store, "ring_members", ring_id),
            "context": _of_ring(store, "ring_context", ring_id), "indicators": _of_ring(store, "ring_indicators", ring_id), "evidence": evidence, "timeline": timeline}


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

