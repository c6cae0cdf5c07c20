"""The lead ledger: opening from runs (idempotent), transitions, history, export."""
from __future__ import annotations

import csv
import pytest
from openpyxl import load_workbook

from graphfraud.errors import InputError, NotFound
from graphfraud.ledger import STATUSES, TRANSITIONS, add_note, assign, get, ledger, open_run_leads, set_status
from graphfraud.ledger.export import COLUMNS, write
from tests.ledger.rings_input import put_run

RING_A = ["Person:P01", "Person:P02", "Institution:P330522000001"]
RING_B = ["Person:P03", "Person:P04"]


def _first_run(store):
    put_run(store, "run-0001", {"R-000001": ("new", RING_A), "R-000002": ("new", RING_B)})
    return open_run_leads(store, "run-0001", ("new", "grown"), "tester")


def test_each_new_ring_opens_one_lead_and_reopening_opens_none(store):
    assert _first_run(store) == ["L-000001", "L-000002"]
    assert open_run_leads(store, "run-0001", ("new", "grown"), "tester") == []
    lead = get(store, "L-000001")
    assert lead.status == "new" and lead.facts["ring_id"] == "R-000001"
    assert lead.facts["persons"] == ["P01", "P02"] and lead.facts["institutions"] == ["P330522000001"]
    assert lead.facts["fund_pay_sumamt"] == 800.0 and lead.facts["acct_pay"] == 50.0


def test_a_grown_ring_opens_a_follow_up_lead_and_an_unchanged_one_none(store):
    _first_run(store)
    put_run(store, "run-0002", {"R-000001": ("grown", RING_A + ["Person:P09"]), "R-000002": ("same", RING_B)})
    opened = open_run_leads(store, "run-0002", ("new", "grown"), "tester")
    assert opened == ["L-000003"]
    follow = get(store, "L-000003")
    assert follow.facts["source"] == "ring:grown" and follow.facts["previous_leads"] == ["L-000001"]


def test_the_whole_workflow_keeps_its_history(store):
    _first_run(store)
    assign(store, "L-000001", "王五", "chief", due="2026-03-31")
    set_status(store, "L-000001", "investigating", "王五")
    set_status(store, "L-000001", "confirmed", "王五", note="监控证实空刷 37 次")
    set_status(store, "L-000001", "referred", "chief", note="2026-04-02 移送经侦支队")
    add_note(store, "L-000001", "公安已立案", "chief")
    lead = set_status(store, "L-000001", "closed", "chief", note="追回 12 万元")
    assert lead.status == "closed" and lead.assignee == "王五" and lead.due == "2026-03-31"
    assert (lead.check_result, lead.referral, lead.handling) == ("监控证实空刷 37 次", "2026-04-02 移送经侦支队", "追回 12 万元")
    assert [h["action"] for h in lead.history] == ["open", "assign", "status", "status", "status", "note", "status"]
    assert [h["operator"] for h in lead.history][1:3] == ["chief", "王五"]
    assert get(store, "L-000002").status == "new"  # the other lead is untouched


def _walk_to(store, lead_id: str, status: str) -> None:
    """Drive a lead to ``status`` along allowed moves (breadth-first over TRANSITIONS)."""
    paths = {"new": []}
    frontier = ["new"]
    while frontier:
        nxt = []
        for s in frontier:
            for t in TRANSITIONS[s]:
                if t not in paths:
                    paths[t] = paths[s] + [t]
                    nxt.append(t)
        frontier = nxt
    for step in paths[status]:
        if step == "assigned":
            assign(store, lead_id, "王五", "chief")
        else:
            set_status(store, lead_id, step, "chief", note="记录")


def test_invalid_transitions_are_refused_listing_the_allowed_ones(store):
    put_run(store, "run-0001", {f"R-{i:06d}": ("new", [f"Person:Q{i}", f"Person:Q{i}b"]) for i in range(1, len(STATUSES) + 1)})
    lead_ids = open_run_leads(store, "run-0001", ("new",), "tester")
    for lead_id, current in zip(lead_ids, STATUSES):
        _walk_to(store, lead_id, current)
    refused = 0
    for lead_id, current in zip(lead_ids, STATUSES):
        for target in STATUSES:
            if target in TRANSITIONS[current] or target == "assigned":
                continue
            with pytest.raises(InputError) as err:
                set_status(store, lead_id, target, "chief", note="记录")
            assert f"allowed from {current}: " in str(err.value)
            assert all(a in str(err.value) for a in TRANSITIONS[current])
            refused += 1
    assert refused == sum(1 for c in STATUSES for t in STATUSES if t not in TRANSITIONS[c] and t != "assigned")
    assert [get(store, lead_id).status for lead_id in lead_ids] == list(STATUSES)


def test_status_assigned_needs_a_name_and_closed_leads_cannot_be_reassigned(store):
    _first_run(store)
    with pytest.raises(InputError, match="leads assign"):
        set_status(store, "L-000001", "assigned", "chief")
    _walk_to(store, "L-000001", "closed")
    with pytest.raises(InputError, match="closed"):
        assign(store, "L-000001", "赵六", "chief")


def test_confirming_or_referring_without_a_note_is_refused(store):
    _first_run(store)
    _walk_to(store, "L-000001", "investigating")
    with pytest.raises(InputError, match="核查结果"):
        set_status(store, "L-000001", "confirmed", "chief")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        add_note(store, "L-000001", "", "chief", due="31.03.2026")
    with pytest.raises(NotFound):
        get(store, "L-999999")


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_has_the_office_columns_and_one_row_per_lead(store, tmp_path, suffix):
    _first_run(store)
    assign(store, "L-000002", "王五", "chief")
    target = tmp_path / f"ledger.{suffix}"
    digest = write(ledger(store), target)
    if suffix == "csv":
        with target.open(encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
    else:
        table = [[("" if v is None else str(v)) for v in row] for row in load_workbook(target).active.iter_rows(values_only=True)]
    assert tuple(table[0]) == COLUMNS
    for needed in ("线索来源", "涉及机构", "涉及人员", "核查结果", "处理结果", "移送情况"):
        assert any(needed in c for c in table[0])
    body = {row[1]: dict(zip(COLUMNS, row)) for row in table[1:]}
    assert set(body) == {"L-000001", "L-000002"}
    assert "R-000001" in body["L-000001"]["线索来源"] and "新发现" in body["L-000001"]["线索来源"]
    assert body["L-000001"]["涉及机构"] == "P330522000001" and body["L-000001"]["涉及人员"] == "P01、P02"
    assert body["L-000002"]["办理状态"] == "已分派" and body["L-000002"]["承办人"] == "王五"
    assert len(digest) == 64
    with pytest.raises(InputError):
        write(ledger(store), tmp_path / "ledger.pdf")
