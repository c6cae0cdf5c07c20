"""A buyer's flag for the very settlement that bought a resold box does not make them a suspect."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graphfraud.detectors.base import EVIDENCE_COLUMNS, Finding
from graphfraud.rings.purchases import resold_purchases, without_purchase_flags


def _rows(evidence_id: str, sales: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Evidence rows of ``evidence_id``: (setl_id, psn_no, time) per sale."""
    return pd.DataFrame([{"evidence_id": evidence_id, "indicator": evidence_id.split(":")[0], "table": "fee_list_d",
                          "row_key": setl, "src_file": "fee_list_d.csv", "src_line": 1, "setl_id": setl,
                          "fund_pay_sumamt": 0.0, "hifp_pay": 0.0, "acct_pay": 0.0, "medfee_sumamt": 0.0,
                          "detail": json.dumps({"psn_no": psn, "t": t})} for setl, psn, t in sales],
                        columns=EVIDENCE_COLUMNS)


def _findings() -> list[Finding]:
    resold = "trace_reuse:resold:C1"
    trace = Finding("trace_reuse", evidence=_rows(resold, [("s1", "HOLDER", "2025-08-01 10:00:00"),
                                                           ("s2", "BUYER", "2025-08-20 01:10:00")]),
                    flags=pd.DataFrame({"node": ["Person:HOLDER"], "weight": 3.0, "evidence_id": [resold]}))
    night = "swipe_burst:night:P1"
    burst = Finding("swipe_burst", evidence=_rows(night, [("s2", "BUYER", "2025-08-20 01:10:00"),
                                                          ("s3", "CARD", "2025-08-20 01:20:00")]),
                    flags=pd.DataFrame({"node": ["Person:BUYER", "Person:CARD", "Institution:P1"], "weight": 1.0,
                                        "evidence_id": [night] * 3}))
    return [trace, burst]


def test_only_the_later_sales_of_a_resold_box_are_purchases_of_it() -> None:
    assert resold_purchases(_findings()) == {"s2"}


def test_the_night_flag_of_a_box_buyer_goes_and_the_collected_card_and_the_outlet_keep_theirs() -> None:
    kept = without_purchase_flags(_findings(), ["swipe_burst"])
    assert set(kept[1].flags.node) == {"Person:CARD", "Institution:P1"}
    assert kept[0].flags.node.tolist() == ["Person:HOLDER"]
    assert set(without_purchase_flags(_findings(), [])[1].flags.node) == {"Person:BUYER", "Person:CARD",
                                                                         "Institution:P1"}


def test_buying_together_is_loss_at_the_rings_own_counter_only() -> None:
    from graphfraud.rings.results import _loss_rows

    evidence = pd.DataFrame({"ring": [0, 0, 0], "indicator": ["co_purchase", "co_purchase", "over_supply"],
                             "evidence_id": ["co_purchase:a", "co_purchase:b", "over_supply:c"],
                             "setl_id": ["s1", "s2", "s3"],
                             "detail": [json.dumps({"fixmedins_code": "P1"}), json.dumps({"fixmedins_code": "P9"}),
                                        json.dumps({"fixmedins_code": "P9"})]})
    members = pd.DataFrame({"ring": [0, 0], "node_id": ["Institution:P1", "Person:a"]})
    kept = _loss_rows(evidence, ["co_purchase"], ["co_purchase"], members)
    assert kept.setl_id.tolist() == ["s1", "s3"]
    assert _loss_rows(evidence, ["co_purchase"]).setl_id.tolist() == ["s3"]


@pytest.mark.parametrize("indicator, evidence_id", [("over_supply", "over_supply:days:BUYER:X1"),
                                                    ("trace_reuse", "trace_reuse:reswiped:C1")])
def test_a_flag_earned_on_resold_boxes_alone_goes_with_the_default_config(indicator, evidence_id) -> None:
    """An online shop's regular buyer gets resold boxes at every refill: their beyond-need flag, or
    their card named as a later card of a code because the box came back and was sold again at the
    same counter, names only those purchases: a customer. The same flag naming a box of their own too
    stays."""
    from graphfraud.rings.config import load_ring_config

    purchase_flags = load_ring_config().assembly.purchase_flags
    assert indicator in purchase_flags
    trace = _findings()[0]
    for sales, kept in (([("s2", "BUYER", "2025-08-20 01:10:00")], False),
                        ([("s2", "BUYER", "2025-08-20 01:10:00"), ("s7", "BUYER", "2025-09-20 09:00:00")], True)):
        flag = Finding(indicator, evidence=_rows(evidence_id, sales),
                       flags=pd.DataFrame({"node": ["Person:BUYER"], "weight": 1.0, "evidence_id": [evidence_id]}))
        out = without_purchase_flags([trace, flag], purchase_flags)
        assert (not out[1].flags.empty) is kept


def _at(evidence_id: str, sales: list[tuple[str, str, str, bool | None]]) -> pd.DataFrame:
    """Evidence rows naming the counter, and whether the line's boxes were scanned (None: not said)."""
    rows = _rows(evidence_id, [(setl, "BUYER", "2025-09-01 09:00:00") for setl, _, _, _ in sales])
    details = [{"psn_no": "BUYER", "t": "2025-09-01 09:00:00", "fixmedins_code": place,
                **({} if coded is None else {"coded": coded})} for _, place, _, coded in sales]
    return rows.assign(detail=[json.dumps(d) for d in details])


@pytest.mark.parametrize("sales, kept", [
    ([("s2", "P1", "", None), ("s8", "P1", "", False)], False),  # an unscanned box where resold ones were sold
    ([("s2", "P1", "", None), ("s8", "P1", "", True)], True),    # a scanned box of their own there: not resold
    ([("s2", "P1", "", None), ("s8", "P9", "", False)], True),   # an unscanned box at another counter
])
def test_an_unscanned_box_at_the_counter_that_sold_the_buyer_resold_ones_is_not_their_own(sales, kept) -> None:
    """With trace codes on some boxes only, a regular buyer at an outlet selling resold boxes has some
    purchases the codes show resold and others with no code: beyond need on those is no evidence of
    their own. A scanned box, or one bought elsewhere, still is."""
    trace = _findings()[0]
    trace = Finding("trace_reuse", evidence=trace.evidence.assign(
        detail=[json.dumps({"psn_no": p, "t": t, "fixmedins_code": "P1"}) for p, t in
                (("HOLDER", "2025-08-01 10:00:00"), ("BUYER", "2025-08-20 01:10:00"))]), flags=trace.flags)
    evidence_id = "over_supply:days:BUYER:X1"
    flag = Finding("over_supply", evidence=_at(evidence_id, sales),
                   flags=pd.DataFrame({"node": ["Person:BUYER"], "weight": 1.0, "evidence_id": [evidence_id]}))
    out = without_purchase_flags([trace, flag], ["over_supply"])
    assert (not out[1].flags.empty) is kept


@pytest.mark.parametrize("psn, place, kept", [
    ("BUYER", "P1", False),  # a box that came back to the counter that sold the buyer resold boxes
    ("BUYER", "P9", True),   # a code swiped again at another counter: nothing resold was sold to them there
    ("CARD", "P1", True),    # a crew card on a photographed code: the counter sold that card nothing resold
])
def test_a_code_seen_again_at_the_counter_that_sold_the_buyer_resold_boxes_is_a_purchase(psn, place, kept) -> None:
    """A dealer pharmacy buys back boxes it first sold on recruits' e-vouchers and sells them to its
    regular customers together with boxes resold from elsewhere: the code it settled before is a
    resold box like the others, not a photographed code swiped on a collected card."""
    trace = _findings()[0]
    trace = Finding("trace_reuse", evidence=trace.evidence.assign(
        detail=[json.dumps({"psn_no": p, "t": t, "fixmedins_code": "P1"}) for p, t in
                (("HOLDER", "2025-08-01 10:00:00"), ("BUYER", "2025-08-20 01:10:00"))]), flags=trace.flags)
    evidence_id = "trace_reuse:reswiped:C9"
    rows = _rows(evidence_id, [("s5", "FIRST", "2025-09-01 09:00:00"), ("s9", psn, "2025-09-09 09:00:00")])
    rows = rows.assign(detail=[json.dumps({"psn_no": p, "t": t, "fixmedins_code": place}) for p, t in
                               (("FIRST", "2025-09-01 09:00:00"), (psn, "2025-09-09 09:00:00"))])
    reswiped = Finding("trace_reuse", evidence=rows,
                       flags=pd.DataFrame({"node": [f"Person:{psn}"], "weight": 3.0, "evidence_id": [evidence_id]}))
    merged = Finding("trace_reuse", evidence=pd.concat([trace.evidence, reswiped.evidence], ignore_index=True),
                     flags=pd.concat([trace.flags, reswiped.flags], ignore_index=True))
    out = without_purchase_flags([merged], ["trace_reuse"])
    assert (f"Person:{psn}" in set(out[0].flags.node)) is kept
    assert "Person:HOLDER" in set(out[0].flags.node)
