"""The same rings on both stores: load the small set, detect, compare with the embedded reference."""
from __future__ import annotations

import pandas as pd
import pytest

from graphfraud.rings.pipeline import detect_rings
from graphfraud.store.embedded import EmbeddedStore

COMPARED = ["ring_id", "rank", "score", "typology", "persons", "institutions", "doctors", "fund_pay_sumamt",
            "hifp_pay", "acct_pay", "amount_class"]


def _stored(store) -> tuple[pd.DataFrame, dict[str, set[tuple[str, str]]], pd.DataFrame]:
    rings = store.get_results("rings").sort_values("rank").reset_index(drop=True)
    members = store.get_results("ring_members")
    roles = {r: set(zip(g.node_id, g.role)) for r, g in members.groupby("ring_id")}
    indicators = store.get_results("ring_indicators").sort_values(["ring_id", "indicator"]).reset_index(drop=True)
    return rings, roles, indicators


@pytest.mark.slow  # loads the small set into a fresh store (about 100 s on Neo4j)
def test_same_rings_on_every_store(store, small_data, detected, tmp_path):
    from graphfraud.loaders import load_directory

    load_directory(store, small_data, tmp_path / "loads")
    detect_rings(store)
    rings, roles, indicators = _stored(store)
    with EmbeddedStore(detected[0], read_only=True) as reference:
        want_rings, want_roles, want_indicators = _stored(reference)
    pd.testing.assert_frame_equal(rings[COMPARED], want_rings[COMPARED], check_dtype=False, atol=0.01)
    assert roles == want_roles
    pd.testing.assert_frame_equal(indicators[["ring_id", "indicator", "links", "flags", "contribution"]],
                                  want_indicators[["ring_id", "indicator", "links", "flags", "contribution"]],
                                  check_dtype=False, atol=0.001)
