"""The yardstick: stored rings scored against a generator truth file (``OUTDIR.truth.json``).

Definitions (issue 14), all on *core* persons: a ring's core members are the stored members marked
core (a ``core`` column, or ``membership`` = ``core``) when the store separates core from context,
otherwise all its members; a planted group's are its ``persons`` (context such as downstream
buyers is listed apart in the truth, or carries the role ``downstream_buyer`` in older truth files).

- **match**: a reported ring matches a planted group when their person Jaccard is ≥ 0.5, or when the
  ring contains the group's centre (collector, broker, doctor or pharmacy) and at least half the
  group's persons while holding at most ``centre_ratio`` (3) times as many persons as the group —
  a ring hidden in a blob of thousands is a miss, whatever it contains;
- **recall**: planted groups matched by some reported ring;
- **precision@k**: share of the k best-ranked rings (all of them if fewer) that match a planted group
  (None when nothing is reported);
- **look-alikes in the top k**: top-k rings whose persons are mostly (> half) look-alike persons,
  named by the look-alike group most of them belong to;
- **member precision / recall / F1**: persons of the top-k rings against the persons of all planted
  groups (None when both sets are empty);
- **amount error**: for each found group, |ring − group| / group pooled fund (``fund_pay_sumamt``)
  with its best-matching ring; median and worst over found groups with a non-zero amount (and the
  worst on pooled fund plus personal account, where fake purchases put most of their loss).

Also reported: hard negatives touching a top ring (two of their persons in it, or a person and one
of their institutions), typology and role accuracy of found rings, ring count and largest ring.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import pandas as pd

from graphfraud.errors import InputError

CONTEXT_ROLES = frozenset({"downstream_buyer"})  # context in truth files that do not list context apart
LABELS = {"Person": "persons", "Institution": "institutions", "Practitioner": "doctors"}


@dataclass
class Planted:
    id: str
    typology: str
    modus: str
    persons: set[str]
    entities: set[str]  # node IDs of core persons, institutions and doctors
    roles: dict[str, str]  # node ID -> planted role
    centre: str | None  # node ID
    fund: float | None
    account: float | None


@dataclass
class Reported:
    id: str
    rank: int
    persons: set[str]
    entities: set[str]
    roles: dict[str, str]
    fund: float
    account: float
    typology: str | None


@dataclass
class Evaluation:
    planted: int
    found: int
    recall: float | None
    k: int
    precision_at_k: float | None
    lookalikes_in_top: list[dict[str, Any]]
    member_precision: float | None
    member_recall: float | None
    member_f1: float | None
    entity_f1: float | None
    typology_accuracy: float | None
    role_accuracy: float | None
    amount_error: float | None  # median over found groups
    amount_error_max: float | None
    amount_error_sum: float | None  # the found groups' reported pooled fund together against their planted one
    total_error_max: float | None  # the same on pooled fund + personal account (fake purchases drain accounts)
    rings_reported: int
    largest_ring: int  # core persons of the largest reported ring
    hard_negatives_in_top: list[dict[str, Any]]
    core_members: bool  # whether the store separated core from context
    rings: list[dict[str, Any]] = field(default_factory=list)  # one row per planted group

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_truth(path: str | Path) -> dict[str, Any]:
    try:
        truth = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read truth file {path}: {exc}", "give the OUTDIR.truth.json of graphfraud generate") from exc
    if "rings" not in truth:
        raise InputError(f"{path} has no 'rings' list", "give the OUTDIR.truth.json of graphfraud generate")
    return truth


def jaccard(a: set[str], b: set[str]) -> float:
    """Shared over all.

    >>> jaccard({"a", "b"}, {"b", "c"})
    0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def planted_groups(truth: dict[str, Any]) -> list[Planted]:
    groups = []
    for ring in truth.get("rings", []):
        roles = ring.get("roles", {})
        context = set(ring.get("context_persons", ())) | {p for p in ring.get("persons", ())
                                                          if roles.get(p) in CONTEXT_ROLES}
        persons = set(ring.get("persons", ())) - context
        node_roles = {f"{label}:{key}": roles.get(key, "") for label, name in LABELS.items()
                      for key in ring.get(name, ()) if key not in context}
        centre = ring.get("centre") or {}
        amounts = ring.get("amounts")
        fund = amounts.get("fund_pay_sumamt") if isinstance(amounts, dict) else amounts
        account = amounts.get("acct_pay") if isinstance(amounts, dict) else None
        groups.append(Planted(ring.get("ring_id", ""), ring.get("typology", ""), ring.get("modus_operandi", "classic"),
                              persons, set(node_roles), node_roles,
                              f"{centre['label']}:{centre['key']}" if centre.get("key") else None,
                              float(fund) if fund is not None else None,
                              float(account) if account is not None else None))
    return groups


def _is_core(members: pd.DataFrame) -> tuple[pd.Series, bool]:
    """Which stored members are core; False when the store does not separate core from context."""
    if "core" in members.columns:
        values = members.core.astype(str).str.strip().str.lower()
        return values.isin(["1", "true", "t", "yes", "core"]), True
    if "membership" in members.columns:
        return members.membership.astype(str).str.lower() == "core", True
    return pd.Series(True, index=members.index), False


def reported_rings(rings: pd.DataFrame, members: pd.DataFrame) -> tuple[list[Reported], bool]:
    """Stored rings in rank order with their core members."""
    if rings is None or rings.empty:
        return [], False
    core, separated = _is_core(members) if len(members) else (pd.Series(dtype=bool), False)
    kept = members[core] if len(members) else members
    by_ring = {ring_id: group for ring_id, group in kept.groupby("ring_id")} if len(kept) else {}
    out = []
    ordered = rings.sort_values("rank") if "rank" in rings.columns else rings
    for rank, row in enumerate(ordered.itertuples(index=False), start=1):
        group = by_ring.get(row.ring_id)
        persons = set(group.key[group.label == "Person"]) if group is not None else set()
        entities = set(group.node_id) if group is not None else set()
        roles = dict(zip(group.node_id, group.role)) if group is not None and "role" in group else {}
        out.append(Reported(str(row.ring_id), rank, persons, entities, roles,
                            float(getattr(row, "fund_pay_sumamt", 0.0) or 0.0),
                            float(getattr(row, "acct_pay", 0.0) or 0.0), getattr(row, "typology", None)))
    return out, separated


def matches(ring: Reported, group: Planted, match: float = 0.5, centre_ratio: float = 3.0) -> bool:
    """Person Jaccard ≥ ``match``, or the group's centre and half its persons in a ring not too big."""
    if group.persons and jaccard(ring.persons, group.persons) >= match:
        return True
    return (group.centre is not None and group.centre in ring.entities
            and 2 * len(ring.persons & group.persons) >= len(group.persons)
            and len(ring.persons) <= centre_ratio * max(len(group.persons), 1))


def lookalike_hits(top: list[Reported], truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Top rings whose persons are mostly look-alike persons, named by the group most of them are from.

    Two nursing homes merged into one ring count as one look-alike ring even though neither holds
    half of it.
    """
    owner: dict[str, tuple[str, str]] = {}
    for g in truth.get("hard_negatives", []):
        for p in g.get("persons", ()):
            owner.setdefault(p, (g.get("group_id", ""), g.get("kind", "")))
    hits = []
    for ring in top:
        counts: dict[tuple[str, str], int] = {}
        for p in ring.persons:
            if p in owner:
                counts[owner[p]] = counts.get(owner[p], 0) + 1
        if counts and 2 * sum(counts.values()) > len(ring.persons):
            (gid, kind), n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            hits.append({"ring_id": ring.id, "rank": ring.rank, "group_id": gid, "kind": kind,
                         "share": round(n / len(ring.persons), 3),
                         "lookalike_share": round(sum(counts.values()) / len(ring.persons), 3)})
    return hits


def _touching(truth: dict[str, Any], top: list[Reported]) -> list[dict[str, Any]]:
    hits = []
    for group in truth.get("hard_negatives", []):
        persons, places = set(group.get("persons", ())), {f"Institution:{i}" for i in group.get("institutions", ())}
        for ring in top:
            shared_p, shared_i = len(persons & ring.persons), len(places & ring.entities)
            if (shared_p >= min(2, len(persons)) and shared_p) or (shared_p and shared_i) or (not persons and shared_i):
                hits.append({"group_id": group.get("group_id"), "kind": group.get("kind"), "ring_id": ring.id,
                             "shared_persons": shared_p, "shared_institutions": shared_i})
    return hits


def _f1(got: set[str], want: set[str]) -> tuple[float | None, float | None, float | None]:
    tp = len(got & want)
    return _ratio(tp, len(got)), _ratio(tp, len(want)), _ratio(2 * tp, len(got) + len(want))


def _summed_error(funds: list[tuple[float, float]]) -> float | None:
    """|Σ reported − Σ planted| / Σ planted over the found groups: what the fund lost to all of them, as
    the rings report it, against what was planted (errors of opposite sign offset).

    >>> _summed_error([(110.0, 100.0), (150.0, 200.0)])
    0.1333
    """
    planted = sum(p for _, p in funds)
    return round(abs(sum(r for r, _ in funds) - planted) / abs(planted), 4) if funds and planted else None


def evaluate(rings: pd.DataFrame, members: pd.DataFrame, truth: dict[str, Any], k: int = 20, match: float = 0.5,
             centre_ratio: float = 3.0) -> Evaluation:
    reported, separated = reported_rings(rings, members)
    groups = planted_groups(truth)
    top = reported[:k]
    per_group: list[dict[str, Any]] = []
    errors: list[float] = []
    totals: list[float] = []
    funds: list[tuple[float, float]] = []  # (reported, planted) pooled fund of each found group
    role_hits = role_total = typed = 0
    for g in groups:
        hits = [r for r in reported if matches(r, g, match, centre_ratio)]
        best = max(hits or reported, key=lambda r: (jaccard(r.persons, g.persons), -r.rank), default=None)
        found = bool(hits)
        error = None
        if found and best is not None:
            typed += best.typology == g.typology
            for node, role in g.roles.items():
                if node in best.roles:
                    role_total += 1
                    role_hits += best.roles[node] == role
            if g.fund:
                error = abs(best.fund - g.fund) / abs(g.fund)
                errors.append(error)
                funds.append((best.fund, g.fund))
            if g.fund is not None and g.account is not None and g.fund + g.account:
                planted_total = g.fund + g.account
                totals.append(abs(best.fund + best.account - planted_total) / abs(planted_total))
        per_group.append({"ring": g.id, "typology": g.typology, "modus": g.modus, "persons": len(g.persons),
                          "best": best.id if best else None, "rank": best.rank if best else None,
                          "jaccard": round(jaccard(best.persons, g.persons), 3) if best else 0.0,
                          "best_persons": len(best.persons) if best else 0, "found": found,
                          "reported_typology": best.typology if best else None,
                          "reported_fund": best.fund if best else None, "planted_fund": g.fund,
                          "amount_error": round(error, 4) if error is not None else None})
    found_n = sum(bool(r["found"]) for r in per_group)
    true_top = sum(any(matches(r, g, match, centre_ratio) for g in groups) for r in top)
    want = set().union(*(g.persons for g in groups)) if groups else set()
    got = set().union(*(r.persons for r in top)) if top else set()
    precision, recall, f1 = _f1(got, want)
    entities_want = set().union(*(g.entities for g in groups)) if groups else set()
    entities_got = set().union(*(r.entities for r in top)) if top else set()
    return Evaluation(
        planted=len(groups), found=found_n, recall=_ratio(found_n, len(groups)), k=len(top),
        precision_at_k=_ratio(true_top, len(top)), lookalikes_in_top=lookalike_hits(top, truth),
        member_precision=precision, member_recall=recall, member_f1=f1,
        entity_f1=_f1(entities_got, entities_want)[2], typology_accuracy=_ratio(typed, found_n),
        role_accuracy=_ratio(role_hits, role_total),
        amount_error=round(median(errors), 4) if errors else None,
        amount_error_max=round(max(errors), 4) if errors else None,
        amount_error_sum=_summed_error(funds),
        total_error_max=round(max(totals), 4) if totals else None,
        rings_reported=len(reported), largest_ring=max((len(r.persons) for r in reported), default=0),
        hard_negatives_in_top=_touching(truth, top), core_members=separated, rings=per_group)


def stored_results(store: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rings and ring members a store holds (empty frames when detection found nothing)."""
    return store.get_results("rings"), store.get_results("ring_members")
