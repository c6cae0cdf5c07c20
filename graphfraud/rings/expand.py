"""Bounded card -> institution -> card expansion from seed cards or institutions (Hangzhou Xihu model).

From cards known from a case, list every institution where they settled, then every other card
settled there, and rank what was reached by how interwoven it is with the seeds (人员交织程度):
a card by how many of the reached institutions it shares, an institution by the Jaccard of its
card set with the seed cards. Bounded three ways, each recorded: ``rounds`` of expansion, a hub cap
(institutions with more than ``max_cards`` cards — big hospital pharmacies serve everyone — are
listed but not expanded) and ``max_nodes`` reached in all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphfraud.errors import InputError
from graphfraud.store.base import GraphStore, split_node_id


@dataclass
class Expansion:
    seeds: list[str]
    cards: pd.DataFrame  # node_id, round, institutions (reached or capped ones it settled at), settlements, fund, seed
    institutions: pd.DataFrame  # node_id, round, cards, seed_cards, jaccard, capped
    params: dict[str, Any] = field(default_factory=dict)


def expand(store: GraphStore, seeds: list[str], rounds: int = 1, max_cards: int = 200,
           max_nodes: int = 2000) -> Expansion:
    """Expand from ``seeds`` (``Person:…`` / ``Institution:…`` node IDs) for ``rounds`` rounds."""
    persons = {split_node_id(s)[1] for s in seeds if s.startswith("Person:")}
    places = {split_node_id(s)[1] for s in seeds if s.startswith("Institution:")}
    if not persons and not places:
        raise InputError("expansion seeds must be persons or institutions", "give psn_no or fixmedins_code values")
    seed_persons, seed_places = set(persons), set(places)
    card_round = {p: 0 for p in persons}
    place_round = {m: 0 for m in places}
    pairs = pd.DataFrame()
    capped: set[str] = set()
    for number in range(1, rounds + 1):
        step = store.frame("ring_expand_settled", persons=sorted(persons), institutions=sorted(places),
                           max_cards=max_cards)
        capped |= set(step.fixmedins_code[step.cards > max_cards])
        pairs = pd.concat([pairs, step]).drop_duplicates(["psn_no", "fixmedins_code"])
        usable = pairs[~pairs.fixmedins_code.isin(capped)]
        new_places = set(usable.fixmedins_code) - set(place_round)
        new_cards = set(usable.psn_no) - set(card_round)
        room = max(max_nodes - len(card_round) - len(place_round), 0)
        for code in sorted(new_places)[:room]:
            place_round[code] = number
        room = max(max_nodes - len(card_round) - len(place_round), 0)
        for psn in sorted(new_cards)[:room]:
            card_round[psn] = number
        persons, places = set(card_round), set(place_round)
        if not new_places and not new_cards:
            break
    kept = pairs[pairs.psn_no.isin(card_round) & (pairs.fixmedins_code.isin(place_round) | pairs.fixmedins_code.isin(capped))]
    params = {"rounds": rounds, "max_cards": max_cards, "max_nodes": max_nodes,
              "capped_institutions": sorted(capped), "truncated": len(card_round) + len(place_round) >= max_nodes}
    return Expansion(sorted(seeds), _cards(kept, card_round, seed_persons),
                     _institutions(kept, place_round, capped, seed_persons, seed_places), params)


def _cards(pairs: pd.DataFrame, card_round: dict[str, int], seeds: set[str]) -> pd.DataFrame:
    per = pairs.groupby("psn_no").agg(institutions=("fixmedins_code", "nunique"), settlements=("settlements", "sum"),
                                      fund_pay_sumamt=("fund_pay_sumamt", "sum"))
    per = per.reindex(sorted(card_round), fill_value=0)
    out = pd.DataFrame({"node_id": "Person:" + per.index.astype(str), "round": [card_round[p] for p in per.index],
                        "institutions": per.institutions.astype(int).to_numpy(),
                        "settlements": per.settlements.astype(int).to_numpy(),
                        "fund_pay_sumamt": per.fund_pay_sumamt.astype(float).round(2).to_numpy(),
                        "seed": [p in seeds for p in per.index]})
    return out.sort_values(["seed", "institutions", "settlements", "node_id"],
                           ascending=[False, False, False, True]).reset_index(drop=True)


def _institutions(pairs: pd.DataFrame, place_round: dict[str, int], capped: set[str],
                  seed_persons: set[str], seed_places: set[str]) -> pd.DataFrame:
    """Each reached institution (capped hubs included) with the Jaccard of its cards and the seed cards."""
    reached = pairs.groupby("fixmedins_code").agg(cards=("cards", "max"), members=("psn_no", set))
    rows = []
    for code in sorted(set(place_round) | set(capped)):
        total = int(reached.cards.get(code, 0))
        shared = len(reached.members.get(code, set()) & seed_persons)
        union = total + len(seed_persons) - shared
        rows.append({"node_id": f"Institution:{code}", "round": place_round.get(code, 1), "cards": total,
                     "seed_cards": shared, "jaccard": round(shared / union, 3) if union else 0.0,
                     "capped": code in capped, "seed": code in seed_places})
    out = pd.DataFrame(rows, columns=["node_id", "round", "cards", "seed_cards", "jaccard", "capped", "seed"])
    return out.sort_values(["seed", "seed_cards", "jaccard", "node_id"],
                           ascending=[False, False, False, True]).reset_index(drop=True)
