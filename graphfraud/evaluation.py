"""Score stored rings against a generator truth file (``OUTDIR.truth.json``).

- a planted ring is *found* when a reported ring shares person Jaccard ≥ ``match`` with it;
- precision@k: the share of the k best-ranked reported rings that match some planted ring;
- hard negatives: look-alike groups (families, nursing homes, hub pharmacies…) touching a top-k
  ring — two or more of their persons in it, or one person and one of their institutions (a
  one-person group counts with that person alone, a group without persons with its institution);
- members: for each planted ring and its best reported ring, person precision, recall and F1
  (micro-averaged over planted rings; a planted ring with no overlapping ring adds only misses);
  the same over all entities (persons, institutions, doctors) is reported beside it;
- typology accuracy: found rings whose reported typology is the planted one; role accuracy: planted
  members of found rings, present in the matched ring, given their planted role;
- amount error: |reported − planted| / planted pooled-fund amount, median over found rings.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import pandas as pd

from graphfraud.errors import InputError
from graphfraud.rings.ids import jaccard


@dataclass
class Evaluation:
    planted: int
    found: int
    recall: float
    k: int
    precision_at_k: float
    hard_negatives_in_top: list[dict[str, Any]]
    member_precision: float
    member_recall: float
    member_f1: float
    entity_f1: float
    typology_accuracy: float
    role_accuracy: float
    amount_error: float | None
    rings: list[dict[str, Any]] = field(default_factory=list)

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


def _entities(members: pd.DataFrame) -> dict[str, dict[str, set[str]]]:
    """ring_id -> {"persons": keys, "entities": node IDs} from stored ring members."""
    out: dict[str, dict[str, set[str]]] = {}
    for ring_id, group in members.groupby("ring_id"):
        out[ring_id] = {"persons": set(group.key[group.label == "Person"]), "entities": set(group.node_id),
                        "institutions": set(group.key[group.label == "Institution"])}
    return out


def _truth_entities(ring: dict[str, Any]) -> set[str]:
    return ({f"Person:{p}" for p in ring.get("persons", ())} | {f"Institution:{i}" for i in ring.get("institutions", ())}
            | {f"Practitioner:{d}" for d in ring.get("doctors", ())})


def _fund_amount(ring: dict[str, Any]) -> float | None:
    amounts = ring.get("amounts")
    if isinstance(amounts, dict):
        value = amounts.get("fund_pay_sumamt")
        return float(value) if value is not None else None
    return float(amounts) if isinstance(amounts, (int, float)) else None


def evaluate(rings: pd.DataFrame, members: pd.DataFrame, truth: dict[str, Any], k: int = 20,
             match: float = 0.5) -> Evaluation:
    reported = _entities(members) if len(members) else {}
    order = list(rings.sort_values("rank").ring_id) if len(rings) else []
    fund = dict(zip(rings.ring_id, rings.fund_pay_sumamt)) if len(rings) else {}
    typologies = dict(zip(rings.ring_id, rings.typology)) if "typology" in rings else {}
    planted = truth["rings"]
    per_ring, matched_ids = [], set()
    tp = fp_size = fn_size = 0
    ent_tp = ent_fp = ent_fn = 0
    errors = []
    role_hits = role_total = 0
    roles = dict(zip(members.node_id + "@" + members.ring_id, members.role)) if len(members) else {}
    for ring in planted:
        persons = set(ring.get("persons", ()))
        best, best_j = None, 0.0
        for ring_id in order:
            j = jaccard(persons, reported[ring_id]["persons"])
            if j > best_j:
                best, best_j = ring_id, j
        got = reported[best]["persons"] if best else set()
        tp, fp_size, fn_size = tp + len(got & persons), fp_size + len(got - persons), fn_size + len(persons - got)
        entities, got_entities = _truth_entities(ring), reported[best]["entities"] if best else set()
        ent_tp += len(entities & got_entities)
        ent_fp += len(got_entities - entities)
        ent_fn += len(entities - got_entities)
        found = best is not None and best_j >= match
        planted_fund = _fund_amount(ring)
        if found:
            matched_ids.add(best)
            for key, role in ring.get("roles", {}).items():
                stored = next((roles[f"{label}:{key}@{best}"] for label in ("Person", "Institution", "Practitioner")
                               if f"{label}:{key}@{best}" in roles), None)
                role_total += stored is not None
                role_hits += stored == role
            if planted_fund:
                errors.append(abs(fund[best] - planted_fund) / planted_fund)
        per_ring.append({"ring": ring.get("ring_id"), "typology": ring.get("typology"), "persons": len(persons),
                         "best": best, "jaccard": round(best_j, 3), "found": found,
                         "reported_typology": typologies.get(best) if best else None,
                         "rank": order.index(best) + 1 if best else None,
                         "reported_fund": fund.get(best) if best else None, "planted_fund": planted_fund})
    top = order[:k]
    true_top = sum(1 for r in top if any(jaccard(reported[r]["persons"], set(p.get("persons", ()))) >= match
                                         for p in planted))
    return Evaluation(
        planted=len(planted), found=sum(r["found"] for r in per_ring),
        recall=_ratio(sum(r["found"] for r in per_ring), len(planted)), k=len(top),
        precision_at_k=_ratio(true_top, len(top)),
        hard_negatives_in_top=_hard_negatives(truth.get("hard_negatives", []), top, reported),
        member_precision=_ratio(tp, tp + fp_size), member_recall=_ratio(tp, tp + fn_size),
        member_f1=_ratio(2 * tp, 2 * tp + fp_size + fn_size), entity_f1=_ratio(2 * ent_tp, 2 * ent_tp + ent_fp + ent_fn),
        typology_accuracy=_ratio(sum(r["found"] and r["reported_typology"] == r["typology"] for r in per_ring),
                                 sum(r["found"] for r in per_ring)),
        role_accuracy=_ratio(role_hits, role_total),
        amount_error=round(median(errors), 4) if errors else None, rings=per_ring)


def _hard_negatives(groups: list[dict[str, Any]], top: list[str],
                    reported: dict[str, dict[str, set[str]]]) -> list[dict[str, Any]]:
    hits = []
    for group in groups:
        persons, places = set(group.get("persons", ())), set(group.get("institutions", ()))
        for ring_id in top:
            shared_p = len(persons & reported[ring_id]["persons"])
            shared_i = len(places & reported[ring_id]["institutions"])
            if (shared_p >= min(2, len(persons)) and shared_p) or (shared_p and shared_i) or (not persons and shared_i):
                hits.append({"group_id": group.get("group_id"), "kind": group.get("kind"), "ring_id": ring_id,
                             "shared_persons": shared_p, "shared_institutions": shared_i})
    return hits


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0
