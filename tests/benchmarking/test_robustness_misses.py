"""The misses explainer gives each planted group the verdict its placement shows, and recall per modus."""
from __future__ import annotations

from typing import Any

from benchmarks.robustness_misses import explain, markdown, verdict


def _group(found: bool = False, jaccard: float = 0.0, persons: int = 10, best: int = 40) -> dict[str, Any]:
    return {"ring": "TR-X-01", "modus": "family_cards", "persons": persons, "found": found, "jaccard": jaccard,
            "best_persons": best}


def _where(in_rings: int = 0, rings: int = 0, flagged: int = 0, holds: int = 0, ring_persons: int = 40,
           lead: bool = True, context: int = 0) -> dict[str, Any]:
    most = {"ring_id": "R-1", "rank": 3, "persons": ring_persons, "holds": holds, "score": 9.0, "lead": lead}
    return {"ring": "TR-X-01", "shape": "small", "tempo": "slow", "flagged": flagged,
            "indicators": {"trace_reuse": flagged} if flagged else {}, "in_rings": in_rings, "rings": rings,
            "as_context": context, "best_lead": lead, "most": most if rings else None}


def test_verdicts_follow_where_the_persons_ended_up() -> None:
    assert verdict(_group(True, 0.9), _where(9, 1, 10, 9)) is None
    assert verdict(_group(True, 0.9), _where(9, 1, 10, 9, lead=False)) == "found, below the lead floor"
    assert verdict(_group(True, 0.6, best=14), _where(9, 1, 10, 9)).startswith("found, loose (ring of 14")
    assert verdict(_group(), _where()) == "not reported: no detector flags a member"
    assert verdict(_group(), _where(flagged=4, context=2)) == \
        "not reported: 4 of 10 flagged (trace_reuse 4), no ring formed; 2 as context"
    assert verdict(_group(), _where(8, 1, 10, 8, ring_persons=300)).startswith("swallowed: ring of 300")
    assert verdict(_group(), _where(8, 3, 10, 4)) == "split over 3 rings, the largest share 4 of 10"
    assert verdict(_group(), _where(2, 1, 10, 2)) == "partly reported: 2 of 10 in rings (10 flagged)"


def test_explain_counts_recall_per_modus_and_lists_lookalikes() -> None:
    world = {"world": "adversarial-1", "variant": "adversarial",
             "groups": [_group(True, 1.0), _group()], "placement": [_where(10, 1, 10, 10), _where()],
             "top": [{"ring_id": "R-9", "rank": 2, "persons": 60, "typology": "resale", "families": "co_purchase"}],
             "lookalikes_in_top": [{"ring_id": "R-9", "rank": 2, "kind": "diabetes_club"}]}
    found = explain({"family": "adversarial", "code": "c", "worlds": [world]})
    assert found["modi"]["family_cards"] | {"verdicts": None} == \
        {"planted": 2, "found": 1, "whole": 1, "recall": 0.5, "verdicts": None}
    assert found["modi"]["family_cards"]["verdicts"] == {"not reported": 1}
    assert [m["why"] for m in found["misses"]] == ["not reported: no detector flags a member"]
    assert found["lookalikes"][0]["kind"] == "diabetes_club" and found["lookalikes"][0]["persons"] == 60
    assert "| family_cards | 2 | 1 | 1 | 0.50 |" in markdown(found)
