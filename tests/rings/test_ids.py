"""Stable ring IDs: kept across reruns, never reused, merges and splits recorded."""
from __future__ import annotations

from hypothesis import given, strategies as st

from graphfraud.rings.ids import assign_ids


def test_a_ring_that_barely_changes_keeps_its_id_and_new_rings_get_fresh_numbers():
    previous = {"R-000007": {"a", "b", "c", "d"}, "R-000002": {"x", "y", "z"}}
    ids, lineage = assign_ids(previous, [{"a", "b", "c"}, {"p", "q", "r"}], issued_up_to=9)
    assert ids == ["R-000007", "R-000010"]
    assert [l.change for l in lineage] == ["shrunk", "new"]


def test_ids_never_reuse_a_number_of_a_ring_that_disappeared():
    ids, _ = assign_ids({}, [{"a", "b"}], issued_up_to=41)
    assert ids == ["R-000042"]


def test_merge_and_split_are_recorded():
    previous = {"R-000001": {"a", "b", "c"}, "R-000002": {"d", "e", "f"}}
    _, merged = assign_ids(previous, [{"a", "b", "c", "d", "e", "f"}])
    assert merged[0].change == "merged" and merged[0].previous_ring_ids == ["R-000001", "R-000002"]
    previous = {"R-000001": {"a", "b", "c", "d", "e", "f"}}
    ids, split = assign_ids(previous, [{"a", "b", "c"}, {"d", "e", "f"}])
    assert [l.change for l in split] == ["split", "split"]
    assert len(set(ids)) == 2


@given(st.lists(st.frozensets(st.integers(0, 40), min_size=2, max_size=8), min_size=1, max_size=12))
def test_rerunning_on_the_same_rings_keeps_every_id(rings):
    current = [set(map(str, r)) for r in rings]
    ids, _ = assign_ids({}, current)
    again, lineage = assign_ids(dict(zip(ids, current)), current, issued_up_to=len(ids))
    distinct = {frozenset(r) for r in current}
    if len(distinct) == len(current):  # identical rings are interchangeable; distinct ones must keep their ID
        assert again == ids
    assert len(set(again)) == len(again)
