"""Reading stored rings back: the ranked list, one ring in full, and the rings an entity is part of.

Returns frames and dicts; the commands render them (``graphfraud.commands.render``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypedDict

import pandas as pd

from graphfraud.errors import NotFound
from graphfraud.store.base import GraphStore


CLASS_LEVELS = {"large": 1, "huge": 2, "especially-huge": 3}
CLASS_OF_LEVEL = {"数额较大": 1, "数额巨大": 2, "数额特别巨大": 3}


class RingDetail(TypedDict):
    """One ring in full: its row, its core members and context, indicators, evidence rows and timeline."""

    ring: dict[str, Any]
    members: pd.DataFrame
    context: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    timeline: pd.DataFrame


@dataclass
class RingFilter:
    """What ``graphfraud rings`` keeps; every condition must hold.

    ``region`` is an admdvs prefix matched against the region of the ring's member institutions
    and of its doctors' institutions; ``none`` keeps the rings that have neither (a ring of persons
    only has no region). ``since``/``until`` keep rings whose period overlaps them. ``institution``
    keeps rings with that member institution. ``min_class`` keeps rings at or above the 诈骗罪 amount
    class (large, huge, especially-huge).
    """

    typology: str | None = None
    region: str | None = None
    min_amount: float = 0.0
    since: str | None = None
    until: str | None = None
    institution: str | None = None
    min_class: str | None = None

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, 0.0, "")}


def stored_rings(store: GraphStore) -> pd.DataFrame:
    rings = store.get_results("rings")
    if rings.empty:
        raise NotFound("no rings in this workspace", "run: graphfraud detect")
    return rings.sort_values("rank").reset_index(drop=True)


def filter_rings(rings: pd.DataFrame, members: pd.DataFrame, typology: str | None = None, region: str | None = None,
                 min_amount: float = 0.0, regions: dict[str, set[str]] | None = None,
                 chosen: RingFilter | None = None) -> pd.DataFrame:
    """The rings ``chosen`` (or the plain arguments) keeps; ``regions`` is :func:`ring_regions`."""
    f = chosen or RingFilter(typology, region, min_amount)
    keep = rings.fund_pay_sumamt.fillna(0.0) >= f.min_amount
    if f.typology:
        keep &= rings.typology == f.typology
    if f.region:
        regions = regions if regions is not None else ring_regions(members)
        if f.region == "none":
            keep &= ~rings.ring_id.isin([r for r, codes in regions.items() if codes])
        else:
            keep &= rings.ring_id.isin([r for r, codes in regions.items() if any(c.startswith(f.region) for c in codes)])
    if f.institution:
        places = members[members.label == "Institution"] if len(members) else members
        keep &= rings.ring_id.isin(set(places.ring_id[places.key == f.institution]) if len(places) else set())
    if f.since:
        keep &= pd.to_datetime(rings.period_end) >= pd.Timestamp(f.since)
    if f.until:
        keep &= pd.to_datetime(rings.period_start) < pd.Timestamp(f.until) + pd.Timedelta(days=1)
    if f.min_class:
        level = CLASS_LEVELS[f.min_class]
        keep &= rings.amount_class.map(lambda c: CLASS_OF_LEVEL.get(str(c), 0)) >= level
    return rings[keep]


def ring_regions(members: pd.DataFrame, places: pd.DataFrame | None = None,
                 doctors: pd.DataFrame | None = None) -> dict[str, set[str]]:
    """Ring ID -> admdvs codes of its member institutions and of its doctors' institutions.

    ``places`` (fixmedins _key, admdvs) and ``doctors`` (practitioner _key, fixmedins_code) give the
    registered codes; without a registered admdvs, the code's own digits are used (H/P + 6-digit
    admdvs for institutions, D + admdvs for doctors, domain guide §7).
    """
    if members.empty:
        return {}
    admdvs = dict(zip(places["_key"], places["admdvs"])) if places is not None and len(places) else {}
    works = dict(zip(doctors["_key"], doctors["fixmedins_code"])) if doctors is not None and len(doctors) else {}

    def code_of(label: str, key: str) -> str | None:
        if label == "Institution":
            found = admdvs.get(key)
            return str(found) if isinstance(found, str) and found else (key[1:7] if len(key) >= 7 else None)
        if label == "Practitioner":
            place = works.get(key)
            if isinstance(place, str) and place:
                return code_of("Institution", place)
            return key[1:7] if len(key) >= 7 and key[1:7].isdigit() else None
        return None

    out: dict[str, set[str]] = {}
    for ring_id, label, key in zip(members.ring_id, members.label, members.key):
        code = code_of(str(label), str(key))
        out.setdefault(str(ring_id), set())
        if code:
            out[str(ring_id)].add(code)
    return out


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
    evidence = _with_times(_of_ring(store, "ring_evidence", ring_id))
    timeline = (evidence.dropna(subset=["event_time"]).drop_duplicates("setl_id")
                .sort_values(["event_time", "setl_id"])[["event_time", "setl_id", "indicator", "fund_pay_sumamt",
                                                          "acct_pay", "entities"]])
    indicators = _of_ring(store, "ring_indicators", ring_id)
    if len(indicators) and "contribution" in indicators:
        indicators = indicators.sort_values(["contribution", "indicator"], ascending=[False, True]).reset_index(drop=True)
    return {"ring": records(chosen)[0], "members": _members_of(store, ring_id),
            "context": _of_ring(store, "ring_context", ring_id), "indicators": indicators,
            "evidence": evidence, "timeline": timeline}


def _members_of(store: GraphStore, ring_id: str) -> pd.DataFrame:
    """The ring's members, with ``also_in``: the other rings a member is in too (a card-holder who
    supplied two dealers, docs/rings.md step 8d), comma-separated, empty for most."""
    rows = store.get_results("ring_members")
    if not len(rows):
        return rows
    mine = rows[rows.ring_id == ring_id].reset_index(drop=True)
    others = rows[rows.node_id.isin(set(mine.node_id)) & (rows.ring_id != ring_id)]
    also = others.groupby("node_id").ring_id.agg(lambda r: ", ".join(sorted(set(r))))
    return mine.assign(also_in=[str(also.get(n, "")) for n in mine.node_id])


def involvement(store: GraphStore, node_id: str) -> dict[str, pd.DataFrame]:
    """The rings ``node_id`` belongs to (with its role; ``part`` says core member or context) and the
    evidence rows that tie it in."""
    rings = stored_rings(store)
    found = []
    for part, collection in (("member", "ring_members"), ("context", "ring_context")):
        rows = store.get_results(collection)
        if len(rows):
            found.append(rows[rows.node_id == node_id].assign(part=part))
    mine = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=["ring_id", "role", "score", "part"])
    mine = (mine.rename(columns={"score": "member_score"})
            .merge(rings[["ring_id", "rank", "score", "typology"]], on="ring_id").sort_values(["rank", "part"]))
    evidence = _with_times(store.get_results("ring_evidence"))
    tied = evidence[evidence.entities.str.split(" ").map(lambda ids: node_id in ids)] if len(evidence) else evidence
    return {"rings": mine.reset_index(drop=True), "evidence": tied.reset_index(drop=True)}


def _with_times(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows with an ``event_time`` column even where none was stored (rows of no settlement)."""
    if "event_time" in evidence:
        return evidence
    return evidence.assign(event_time=pd.Series(pd.NaT, index=evidence.index, dtype="datetime64[us]"))


def _of_ring(store: GraphStore, collection: str, ring_id: str) -> pd.DataFrame:
    rows = store.get_results(collection)
    return rows[rows.ring_id == ring_id].reset_index(drop=True) if len(rows) else rows

