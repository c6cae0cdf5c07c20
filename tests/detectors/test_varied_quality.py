"""Detection quality on a small varied world (tuning seed 4, 6,000 persons), scored by the yardstick.

Floors sit just under what was measured there (recall 1.0, precision@20 1.0, member F1 0.98,
median amount error 0.0, largest ring 28 persons); docs/rings.md has the grid over held-out
worlds. A change that loses planted groups, ranks look-alikes or blows up rings fails here first.
"""
from __future__ import annotations

from graphfraud.evaluation import evaluate


def test_a_varied_world_is_found_with_its_members_and_amounts(varied_rings: dict) -> None:
    rings = varied_rings["rings"]
    if varied_rings["variant"] == "nofraud":
        assert rings.empty
        return
    result = evaluate(rings, varied_rings["members"], varied_rings["truth"])
    assert result.recall >= 0.9
    assert result.precision_at_k is not None and result.precision_at_k >= 0.9
    assert result.member_f1 is not None and result.member_f1 >= 0.93
    assert result.amount_error is not None and result.amount_error <= 0.02
    assert not result.lookalikes_in_top
    assert rings.persons.max() <= 150
