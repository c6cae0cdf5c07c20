"""The small pure steps of the detectors, on hand-made frames where the answer is known by construction."""
from __future__ import annotations

import pandas as pd
import pytest

from graphfraud.detectors.co_purchase import _repeated
from graphfraud.detectors.collusion import _shares
from graphfraud.detectors.frames import links
from graphfraud.detectors.over_supply import _rolling
from graphfraud.detectors.trace_reuse import _chain_links, _events, _later


def _line(code: str, psn: str, ins: str, setl: str, t: str, cnt: float = 1.0, trdn: int = 0) -> dict:
    return dict(code=code, psn_no=psn, fixmedins_code=ins, setl_id=setl, t=pd.Timestamp(t), cnt=cnt, trdn_flag=trdn)


def test_refund_and_resale_of_one_box_is_one_settlement() -> None:
    lines = pd.DataFrame([_line("C1", "A", "P33000100001", "s1", "2025-08-01"),
                          _line("C1", "A", "P33000100001", "r1", "2025-08-02", cnt=-1),
                          _line("C1", "B", "P33000100001", "s2", "2025-08-05")])
    assert _events(lines).settlements.sum() == 1


def test_split_pack_lines_at_one_pharmacy_are_one_box() -> None:
    lines = pd.DataFrame([_line("C2", p, "P33000100001", f"s{p}", f"2025-08-0{i + 1}", cnt=10, trdn=1)
                          for i, p in enumerate("ABC")])
    events = _events(lines)
    assert events.settlements.sum() == 1 and events.psn_no.tolist() == ["A"]


def test_resold_code_flags_the_holder_and_outlet_but_only_links_the_later_buyer() -> None:
    lines = pd.DataFrame([_line("C3", "HOLDER", "H33010100001", "s1", "2025-08-01"),
                          _line("C3", "BUYER", "P23010300714", "s2", "2025-08-20")])
    chains = _events(lines).sort_values("t").assign(step=[0, 1])
    found, flagged = _chain_links(_later(chains), weight=3.0, cross_factor=2.0)
    assert set(zip(found.src, found.dst)) == {("Institution:P23010300714", "Person:HOLDER"),
                                            ("Institution:P23010300714", "Person:BUYER")}
    assert (found.weight == 6.0).all(), "another province (33 → 23) weighs double"
    # the holder's box came back on the market; the buyer only bought a box (domain guide §5.1)
    assert set(flagged.node) == {"Person:HOLDER", "Institution:P23010300714"}


def test_a_code_swiped_again_at_the_same_counter_flags_the_later_card() -> None:
    lines = pd.DataFrame([_line("C4", "A", "P33000100001", "s1", "2025-08-01"),
                          _line("C4", "B", "P33000100001", "s2", "2025-08-09")])
    chains = _events(lines).sort_values("t").assign(step=[0, 1])
    found, flagged = _chain_links(_later(chains), weight=3.0, cross_factor=2.0)
    assert set(flagged.node) == {"Person:B", "Institution:P33000100001"}
    assert set(zip(found.src, found.dst)) == {("Institution:P33000100001", "Person:B")}


def test_a_card_settling_one_code_again_at_its_counter_is_flagged_even_alone() -> None:
    """One code settled three times on one card at one counter (a photographed code): the card and
    the counter are flagged and linked, though nobody else ever settled the code. The same code
    once on a card, and then on another card, leaves the first card alone (previous test)."""
    lines = pd.DataFrame([_line("C6", "A", "P33000100001", f"s{i}", f"2025-08-0{i}") for i in (1, 4, 7)])
    events = _events(lines)
    assert events.settlements.tolist() == [3] and events.t_last.tolist() == [pd.Timestamp("2025-08-07")]
    later = _later(events.assign(step=0))
    assert later.repeat.tolist() == [True] and later.t.tolist() == [pd.Timestamp("2025-08-07")]
    found, flagged = _chain_links(later, weight=3.0, cross_factor=2.0)
    assert set(flagged.node) == {"Person:A", "Institution:P33000100001"}
    assert set(zip(found.src, found.dst)) == {("Institution:P33000100001", "Person:A")}
    once = _later(_events(lines.head(1)).assign(step=0))
    assert once.empty


def test_a_box_sold_again_by_another_owner_is_no_loss_but_a_chains_branch_is() -> None:
    """Two branches with one legal representative are one owner: a code swiped again at the other
    branch sold no box at all (a re-swipe, both cards flagged); at another owner's shop a real box
    was resold to a patient."""
    lines = pd.DataFrame([_line("C5", "A", "P33000100001", "s1", "2025-08-01"),
                          _line("C5", "B", "P33000100002", "s2", "2025-08-09"),
                          _line("C5", "C", "P33000100009", "s3", "2025-08-19")])
    chains = _events(lines).sort_values("t").assign(step=[0, 1, 2])
    later = _later(chains, {"P33000100001": "rep:X", "P33000100002": "rep:X"})
    assert later.other_owner.tolist() == [False, True]
    assert later.kind.tolist() == ["reswiped", "resold"]
    assert _later(chains).other_owner.tolist() == [True, True]  # no registry: every shop its own owner
    found, flagged = _chain_links(later, weight=3.0, cross_factor=2.0)
    # the chain's first and later cards are both flagged; the patient at the other owner's shop is not
    assert {"Person:A", "Person:B", "Institution:P33000100002"} <= set(flagged.node)
    assert "Person:C" not in set(flagged.node)


def test_repeat_meetings_must_fall_within_the_span() -> None:
    pairs = pd.DataFrame({"psn_a": ["A"] * 3 + ["C"] * 3, "psn_b": ["B"] * 3 + ["D"] * 3,
                          "win": [10, 50, 90, 10, 150, 300]})
    strong = _repeated(pairs, min_windows=3, span=180)
    assert strong.psn_a.tolist() == ["A"] and strong.windows.tolist() == [3]


def test_rolling_window_sums_only_days_inside_it() -> None:
    days = pd.DataFrame({"psn_no": ["A"] * 3, "dr12": ["X"] * 3, "day": [0, 50, 120], "cnt": [30.0, 30.0, 30.0],
                         "chronic": [0, 0, 0]})
    assert _rolling(days, "cnt", 90).max_value.tolist() == [60.0]


def test_a_doctor_like_his_colleagues_is_not_standing_out() -> None:
    pairs = pd.DataFrame({"dr_code": ["D1", "D2", "D3", "D3"], "home_code": ["H1", "H1", "H1", "H1"],
                          "fixmedins_code": ["P1", "P1", "P1", "P2"], "prescriptions": [10, 10, 1, 9],
                          "patients": [5, 5, 1, 5]})
    shares = _shares(pairs).set_index(["dr_code", "fixmedins_code"])
    assert shares.loc[("D1", "P1"), "share"] == 1.0
    assert shares.loc[("D1", "P1"), "peer_share"] == 11 / 20
    assert shares.loc[("D3", "P2"), "peer_share"] == 0.0


def test_links_are_spelled_one_way_and_drop_self_loops() -> None:
    found = links(pd.Series(["b", "a", "c"]), pd.Series(["a", "b", "c"]), 1.0, pd.Series(["e1", "e2", "e3"]))
    assert list(zip(found.src, found.dst)) == [("a", "b"), ("a", "b")]


@pytest.mark.parametrize(("med_type", "counted"), [("41", True), ("14", False), ("140104", False)])
def test_identical_baskets_count_unless_they_are_filed_chronic_refills(med_type: str, counted: bool) -> None:
    """Ten local cards settling one total at a pharmacy within minutes: one basket swiped on collected
    cards, unless each is a filed 门慢 refill (a diabetes club's morning: one dose of one drug)."""
    from graphfraud.detectors.config import load_config
    from graphfraud.detectors.swipe_burst import _collected

    cards = 10
    burst = pd.DataFrame({"kind": "institution", "entity": "P33010200001", "grid": 0, "win": 1, "cards": cards,
                          "psn_no": [f"P{i}" for i in range(cards)], "fixmedins_code": "P33010200001",
                          "insured_pref": "3301", "medfee_sumamt": 412.5, "med_type": med_type,
                          "t": [f"2025-03-08 08:{20 + i:02d}:00" for i in range(cards)]})
    assert bool(_collected(burst, load_config().swipe_burst).all()) is counted


class _StaysOnly:
    """A recording stand-in for a store that holds only inpatient stays (no settlement amounts)."""

    def __init__(self, stays: pd.DataFrame) -> None:
        self.stays, self.asked = stays, []

    def frame(self, name: str, **params: object) -> pd.DataFrame:
        self.asked.append(name)
        if name == "det_inpatient_stays":
            return self.stays
        return pd.DataFrame(columns=["setl_id", "fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt"])


def _stays(hospital: str, day: str, count: int, dise: str, start: int = 0) -> list[dict]:
    begin = pd.Timestamp(day) + pd.Timedelta(hours=9)
    return [dict(psn_no=f"{hospital}-{day}-{dise}-{start + i}", fixmedins_code=hospital, begntime=begin,
                 endtime=begin + pd.Timedelta(days=9), dise_codg=dise, atddr_no="D1",
                 stay_key=f"{hospital}-{day}-{dise}-{start + i}", mdtrt_cert_type="01", row_key=f"r{day}{start + i}",
                 src_file="setl_d.csv", src_line=start + i, setl_id=f"s{hospital}{day}{dise}{start + i}")
            for i in range(count)]


def _usual_days(hospital: str, dise: str, per_day: int) -> list[dict]:
    return [row for d in range(1, 29) for row in _stays(hospital, f"2025-03-{d:02d}", per_day, dise, start=100 * d)]


@pytest.mark.parametrize("admitted, dise, usual, surge, decisive", [
    (12, "I63.900", 1, True, False),     # a village bused in with "stroke": twelve where one is usual
    (25, "I63.900", 1, True, True),      # a ward filled in a day
    (12, "J10.100", 1, False, False),    # influenza comes in waves
    (12, "S72.000", 1, False, False),    # a bus crash
    (12, "I63.900", 5, False, False),    # a stroke centre's busy day
])
def test_a_hospital_day_far_above_its_usual_intake_of_one_diagnosis_is_a_cohort(admitted, dise, usual, surge,
                                                                                decisive) -> None:
    from graphfraud.detectors import co_admission
    from graphfraud.detectors.config import load_config

    store = _StaysOnly(pd.DataFrame(_usual_days("H33010100001", dise, usual)
                                    + _stays("H33010100001", "2025-04-02", admitted, dise)))
    found = co_admission.detect(store, load_config())  # type: ignore[arg-type]
    cohort = found.flags[found.flags.evidence_id.str.contains(":surge:") & found.flags.node.str.startswith("Person:")]
    assert (len(cohort) == admitted) is surge and (found.params["surges"] == 1) is surge
    if surge:
        pairs = found.links[found.links.src.str.startswith("Person:") & found.links.dst.str.startswith("Person:")]
        assert len(pairs) == admitted * (admitted - 1) // 2
        assert bool(found.evidence.detail.str.contains('"decisive": true').any()) is decisive


@pytest.mark.parametrize("back, decisive", [(6, True), (5, False)])
def test_a_cohort_whose_patients_come_back_within_days_is_decisive(back, decisive) -> None:
    """Twelve "stroke" patients bused in on one day are a cohort, not yet proof (a village's bad day);
    half of them readmitted with the same diagnosis days after discharge is a ward filled again by the
    same patients (挂床 / 分解住院). The stays that brought them back are the cohort's evidence too: the
    same scheme, and the fund's loss as much as the first stays."""
    from graphfraud.detectors import co_admission
    from graphfraud.detectors.config import load_config

    cohort = _stays("H33010100001", "2025-04-02", 12, "I63.900")
    again = [dict(row, begntime=row["endtime"] + pd.Timedelta(days=5), endtime=row["endtime"] + pd.Timedelta(days=12),
                  stay_key=row["stay_key"] + "-again", setl_id=row["setl_id"] + "-again", row_key=row["row_key"] + "b")
             for row in cohort[:back]]
    store = _StaysOnly(pd.DataFrame(_usual_days("H33010100001", "I63.900", 1) + cohort + again))
    found = co_admission.detect(store, load_config())  # type: ignore[arg-type]
    surge = found.evidence[found.evidence.evidence_id.str.contains(":surge:")]
    assert len(surge) == 12 + back
    assert sorted(surge.setl_id[surge.detail.str.contains('"readmitted_after": "2025-04-02"')]) == sorted(
        row["setl_id"] for row in again)
    assert bool(surge.detail.str.contains('"decisive": true').all()) is decisive


@pytest.mark.parametrize("back_days, surge", [
    ([5, 5, 6], True),     # three of five back days after discharge: the ward filled again
    ([3, 7, 11, 2], True),
    ([], False),           # a small hospital's busy heart-failure day: everyone goes home
    ([5, 9], False),       # two relapses of five
])
def test_a_small_cohort_is_a_surge_only_when_it_comes_back(back_days, surge) -> None:
    """Five "heart failure" admissions in one morning where one a day is usual are too few to call a
    surge on their own (surge_min_persons); most of the same five readmitted days later are one."""
    from graphfraud.detectors import co_admission
    from graphfraud.detectors.config import load_config

    cohort = _stays("H33010100001", "2025-04-02", 5, "I50.900")
    again = [dict(row, begntime=row["endtime"] + pd.Timedelta(days=d), endtime=row["endtime"] + pd.Timedelta(days=d + 9),
                  stay_key=row["stay_key"] + "-again", setl_id=row["setl_id"] + "-again", row_key=row["row_key"] + "b")
             for row, d in zip(cohort, back_days)]
    store = _StaysOnly(pd.DataFrame(_usual_days("H33010100001", "I50.900", 1) + cohort + again))
    found = co_admission.detect(store, load_config())  # type: ignore[arg-type]
    persons = found.flags[found.flags.evidence_id.str.contains(":surge:") & found.flags.node.str.startswith("Person:")]
    assert (len(persons) == 5) is surge and (len(persons) == 0) is not surge
    if surge:
        assert bool(found.evidence.detail.str.contains('"decisive": true').all())
