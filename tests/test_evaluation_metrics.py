"""The yardstick on small hand-made cases whose scores are worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from graphfraud.evaluation import evaluate

TRUTH = {
    "rings": [
        {"ring_id": "TR-A", "typology": "resale", "persons": ["a", "b", "c", "d"], "institutions": [], "doctors": [],
         "roles": {"a": "collector", "b": "card_holder", "c": "card_holder", "d": "card_holder"},
         "centre": {"label": "Person", "key": "a"}, "context_persons": ["k1", "k2"],
         "amounts": {"fund_pay_sumamt": 100.0}},
        {"ring_id": "TR-B", "typology": "fake_purchase", "persons": ["e", "f", "g", "h", "i", "j"],
         "institutions": ["P1"], "doctors": [], "roles": {"P1": "pharmacy"},
         "centre": {"label": "Institution", "key": "P1"}, "amounts": {"fund_pay_sumamt": 200.0}},
    ],
    "hard_negatives": [{"group_id": "HN-L", "kind": "nursing_home", "persons": ["x1", "x2", "x3", "x4", "x5"],
                        "institutions": ["P9"]}],
}


def _stored(rings: list[tuple[str, float, list[str]]], core: dict[str, set[str]] | None = None
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rings as (id, fund, node IDs) in rank order; ``core``: ring -> node IDs that are core."""
    rows = [{"ring_id": rid, "rank": n, "fund_pay_sumamt": fund, "typology": "resale"}
            for n, (rid, fund, _) in enumerate(rings, start=1)]
    members = []
    for rid, _, nodes in rings:
        for node in nodes:
            label, key = node.split(":")
            row = {"ring_id": rid, "node_id": node, "label": label, "key": key, "role": "card_holder"}
            if core is not None:
                row["core"] = node in core.get(rid, set())
            members.append(row)
    return pd.DataFrame(rows), pd.DataFrame(members)


def _persons(*keys: str) -> list[str]:
    return [f"Person:{k}" for k in keys]


REPORT = [
    ("R1", 110.0, _persons("a", "b", "c", "x1")),  # Jaccard with TR-A: 3 / 5 = 0.6
    ("R2", 150.0, _persons("e", "f", "g", "y1", "y2", "y3") + ["Institution:P1"]),  # centre + half of TR-B
    ("R3", 5.0, _persons("x1", "x2", "x3", "z1")),  # three of four from the nursing home
]


def test_scores_of_a_small_report_are_the_hand_computed_ones():
    result = evaluate(*_stored(REPORT), TRUTH)
    assert (result.planted, result.found, result.recall) == (2, 2, 1.0)
    assert result.k == 3 and result.precision_at_k == pytest.approx(2 / 3, abs=1e-4)
    assert [(h["ring_id"], h["group_id"], h["share"]) for h in result.lookalikes_in_top] == [("R3", "HN-L", 0.75)]
    # top persons: a b c x1 e f g y1 y2 y3 x2 x3 z1 (13); planted: a..j (10); shared: a b c e f g (6)
    assert result.member_precision == pytest.approx(6 / 13, abs=1e-4)
    assert result.member_recall == pytest.approx(0.6)
    assert result.member_f1 == pytest.approx(12 / 23, abs=1e-4)
    assert result.amount_error == pytest.approx((0.1 + 0.25) / 2) and result.amount_error_max == pytest.approx(0.25)
    assert result.amount_error_sum == pytest.approx(40 / 300, abs=1e-4)  # 260 reported against 300 planted
    assert result.rings_reported == 3 and result.largest_ring == 6 and not result.core_members


def test_a_ring_of_two_look_alike_groups_is_a_look_alike_ring():
    truth = {"rings": [], "hard_negatives": [
        {"group_id": "HN-1", "kind": "nursing_home", "persons": ["x1", "x2", "x3"]},
        {"group_id": "HN-2", "kind": "clinic_day", "persons": ["w1", "w2"]}]}
    result = evaluate(*_stored([("R1", 0.0, _persons("x1", "x2", "x3", "w1", "w2", "z"))]), truth)
    assert [(h["group_id"], h["share"], h["lookalike_share"]) for h in result.lookalikes_in_top] == \
        [("HN-1", 0.5, 0.833)]
    assert evaluate(*_stored([("R1", 0.0, _persons("x1", "w1", "z", "q"))]), truth).lookalikes_in_top == []


def test_precision_counts_only_the_top_k():
    result = evaluate(*_stored(REPORT), TRUTH, k=1)
    assert result.k == 1 and result.precision_at_k == 1.0 and result.lookalikes_in_top == []
    assert result.member_f1 == pytest.approx(2 * 3 / (4 + 10), abs=1e-4)  # top persons a b c x1


def test_only_core_members_count_when_the_store_separates_them():
    core = {"R1": set(_persons("a", "b", "c")), "R2": set(_persons("e", "f", "g")) | {"Institution:P1"},
            "R3": set(_persons("z1"))}
    result = evaluate(*_stored(REPORT, core), TRUTH)
    assert result.core_members and result.found == 2
    assert result.lookalikes_in_top == []  # R3's core is z1 alone
    # top core persons: a b c e f g z1 (7), planted 10, shared 6
    assert result.member_f1 == pytest.approx(12 / 17, abs=1e-4)


def test_a_blob_holding_the_centre_is_a_miss():
    blob = _persons("e", "f", "g", "h", "i", "j") + _persons(*[f"n{i}" for i in range(40)]) + ["Institution:P1"]
    result = evaluate(*_stored([("R9", 0.0, blob)]), TRUTH)
    assert result.found == 0 and result.precision_at_k == 0.0
    assert result.rings[1]["jaccard"] == pytest.approx(6 / 46, abs=1e-3)


def test_centre_and_half_the_people_in_a_ring_of_believable_size_is_found():
    ring = _persons("e", "f", "g") + _persons(*[f"n{i}" for i in range(15)]) + ["Institution:P1"]  # 18 ≤ 3 × 6
    assert evaluate(*_stored([("R9", 0.0, ring)]), TRUTH).found == 1
    without_centre = [n for n in ring if n != "Institution:P1"]
    assert evaluate(*_stored([("R9", 0.0, without_centre)]), TRUTH).found == 0


def test_downstream_buyers_of_an_older_truth_file_are_context():
    old = {"rings": [{"ring_id": "TR-A", "typology": "resale", "persons": ["a", "b", "k"],
                      "roles": {"a": "card_holder", "b": "card_holder", "k": "downstream_buyer"},
                      "amounts": {"fund_pay_sumamt": 10.0}}], "hard_negatives": []}
    result = evaluate(*_stored([("R1", 10.0, _persons("a", "b"))]), old)
    assert result.found == 1 and result.member_f1 == 1.0 and result.amount_error == 0.0


def test_a_world_without_fraud_scores_every_ring_as_false():
    empty = {"rings": [], "hard_negatives": TRUTH["hard_negatives"]}
    result = evaluate(*_stored(REPORT), empty)
    assert result.planted == 0 and result.recall is None and result.precision_at_k == 0.0
    assert result.member_f1 == 0.0 and len(result.lookalikes_in_top) == 1
    nothing = evaluate(pd.DataFrame(), pd.DataFrame(), empty)
    assert nothing.rings_reported == 0 and nothing.precision_at_k is None and nothing.member_f1 is None


def test_the_yardstick_reads_the_same_scores_back_from_every_store(store):
    """Store-agnostic: rings and members put into a store and read back through its interface score
    exactly as the frames did (the embedded store and Neo4j)."""
    from graphfraud.evaluation import stored_results

    rings, members = _stored(REPORT)
    store.put_results("rings", rings)
    store.put_results("ring_members", members)
    assert evaluate(*stored_results(store), TRUTH).as_dict() == evaluate(rings, members, TRUTH).as_dict()
