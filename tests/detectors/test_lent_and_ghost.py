"""Stays on lent credentials and ghost prescriptions on hand-made rows: what contradicts a holder, and
what makes an evening prescription list a ghost one (and what honest evening care does not)."""
from __future__ import annotations

import pandas as pd
import pytest

from graphfraud.detectors.config import load_config
from graphfraud.detectors.ghost_rx import _chains, _traced, _unlisted
from graphfraud.detectors.lent_stays import (_brokers, _held_identifiers, _impossible, lone_brokers, poisson_tail,
                                             usual_rate)


def test_a_stay_contradicts_its_holder_by_sex_or_age_not_by_an_id_number() -> None:
    cfg = load_config().impersonation
    stays = pd.DataFrame({"psn_no": ["F", "M", "M2", "OLD", "F2", "U"],
                          "begntime": pd.to_datetime(["2025-08-01"] * 6),
                          "dise_codg": ["N40.x00", "O80.000", "N40.x00", "O80.000", "O80.000", "N40.x00"]})
    persons = pd.DataFrame({"psn_no": ["F", "M", "M2", "OLD", "F2", "U"], "gend": ["2", "1", "1", "2", "2", "9"],
                            "brdy": ["1986-08-11", "1988-12-15", "1950-01-01", "1960-01-01", "1995-03-01", "1980-01-01"]})
    bad = _impossible(stays, persons, cfg)
    # a woman with prostate hyperplasia, a man giving birth, a birth at 65: not the holder in that bed;
    # a man's prostate, a young woman's birth and a holder of unknown sex are no contradiction
    assert dict(zip(stays.psn_no, bad)) == {"F": True, "M": True, "M2": False, "OLD": True, "F2": False, "U": False}


def test_the_usual_rate_is_an_ordinary_hospitals_not_one_raised_by_a_scheme() -> None:
    honest = [pd.DataFrame({"fixmedins_code": f"H{i}", "stay_key": [f"{i}-{j}" for j in range(40)],
                            "bad": [j == 0 for j in range(40)]}) for i in range(5)]
    scheme = pd.DataFrame({"fixmedins_code": "HX", "stay_key": [f"x{j}" for j in range(40)], "bad": True})
    rate = usual_rate(pd.concat([*honest, scheme], ignore_index=True), 20)
    assert abs(rate - 1 / 40) < 1e-9
    assert poisson_tail(40, rate * 40) < 1e-30 and poisson_tail(1, rate * 40) > 0.5


def _fill(psn: str, dr: str, pharmacy: str, t: str, setl: str) -> dict:
    return dict(psn_no=psn, dr_code=dr, fixmedins_code=pharmacy, setl_id=setl, t=t)


def test_an_evening_list_filled_next_morning_at_one_pharmacy_is_a_ghost_chain() -> None:
    cfg = load_config().collusion
    fills, visits = [], []
    for n, psn in enumerate(["a", "b", "c", "d"]):  # one doctor's list, two minutes apart at 19:10
        visits.append(dict(psn_no=psn, dr_code="D1", t=f"2026-02-21 19:{10 + 2 * n:02d}:00"))
        fills.append(_fill(psn, "D1", "P1", f"2026-02-22 08:{10 + 5 * n:02d}:00", f"s{psn}"))
    for n, psn in enumerate(["e", "f", "g", "h"]):  # an evening clinic: a patient every quarter hour, own pharmacy
        visits.append(dict(psn_no=psn, dr_code="D2", t=f"2026-02-21 {18 + n // 4}:{15 * n:02d}:00"))
        fills.append(_fill(psn, "D2", f"P{n + 2}", "2026-02-22 09:00:00", f"s{psn}"))
    for n, psn in enumerate(["i", "j", "k"]):  # a surgeon's patients at the DTP pharmacy: daytime visits
        visits.append(dict(psn_no=psn, dr_code="D3", t=f"2026-02-21 10:{2 * n:02d}:00"))
        fills.append(_fill(psn, "D3", "P9", "2026-02-22 08:30:00", f"s{psn}"))
    traced = _traced(pd.DataFrame(fills), pd.DataFrame(visits), cfg)
    assert set(traced.dr_code) == {"D1", "D2"}  # out of hours, filled next day
    chains = _chains(traced, cfg)
    assert set(chains.psn_no) == {"a", "b", "c", "d"} and set(chains.fixmedins_code) == {"P1"}
    assert chains.session_patients.min() == 4


def test_a_listed_patients_evening_alone_is_the_same_chain_but_another_pharmacy_is_not() -> None:
    cfg = load_config().collusion
    visits = [dict(psn_no=p, dr_code="D1", t=f"2026-02-21 19:{10 + 2 * n:02d}:00") for n, p in enumerate("abc")]
    fills = [_fill(p, "D1", "P1", f"2026-02-22 08:{10 + 5 * n:02d}:00", f"s{p}") for n, p in enumerate("abc")]
    # a week later only a and b came that evening (a list of two), and a filled another prescription elsewhere
    visits += [dict(psn_no=p, dr_code="D1", t=t)
               for p, t in [("a", "2026-02-28 19:10:00"), ("b", "2026-02-28 19:12:00"), ("a", "2026-03-07 19:10:00")]]
    fills += [_fill("a", "D1", "P1", "2026-03-01 08:10:00", "sa2"), _fill("b", "D1", "P1", "2026-03-01 08:20:00", "sb2"),
              _fill("a", "D1", "P7", "2026-03-08 08:10:00", "sa3")]
    frame = pd.DataFrame(fills).assign(row_key=lambda f: "r" + f.setl_id)
    traced = _traced(frame, pd.DataFrame(visits), cfg)
    chains = _chains(traced, cfg).assign(evidence_id="collusion:ghost:D1:P1", decisive=True)
    assert set(chains.setl_id) == {"sa", "sb", "sc"}
    more = _unlisted(traced, chains, chains.drop_duplicates(["psn_no", "dr_code", "fixmedins_code"]))
    assert set(more.setl_id) == {"sa2", "sb2"} and not more.decisive.any()


class _Tables:
    """The two person tables ``_brokers`` reads, as a store would hand them out."""

    def __init__(self, phones: dict[str, str]) -> None:
        self.rows = {"psn_info": pd.DataFrame({"psn_no": list(phones), "tel": list(phones.values())}),
                     "psn_ident": pd.DataFrame(columns=["psn_no", "ident_type", "ident_value"])}

    def table(self, name: str, columns: list[str]) -> pd.DataFrame:
        frame = self.rows[name]
        return frame.assign(**{c: f"{name}.csv" if c == "_src_file" else None for c in columns if c not in frame})[columns]


@pytest.mark.parametrize("phones, brokers", [
    # the broker's phone on a holder lent to H1 and one lent to H2: one broker spreading credentials
    ({"broker": "139", "a": "139", "b": "139"}, {("broker", "a", "H1"), ("broker", "b", "H2")}),
    # one holder only: a relative's phone, nobody's broker
    ({"broker": "139", "a": "139", "b": "138"}, set()),
    # a switchboard: two holders among ten callers
    ({"broker": "139", "a": "139", "b": "139", **{f"x{i}": "139" for i in range(8)}}, set()),
])
def test_a_brokers_phone_on_holders_lent_to_several_hospitals_names_him(phones, brokers) -> None:
    holders = pd.DataFrame({"psn_no": ["a", "b"], "fixmedins_code": ["H1", "H2"]})
    cfg = load_config().impersonation
    found = _brokers(_held_identifiers(_Tables(phones), cfg), holders, cfg)  # type: ignore[arg-type]
    assert set(zip(found.psn_no, found.holder, found.fixmedins_code)) == brokers  # (holders are nobody's broker)


@pytest.mark.parametrize("phones, homes, brokers", [
    # one phone of the broker's on each of two typed-in holders of two households, one of them a man's
    # childbirth: the broker is named with both holders, at their hospitals
    ({"broker": "139", "man": "139", "wife": "137"}, {"man": "A", "wife": "B"}, {("broker", "man", "H1"),
                                                                                  ("broker", "wife", "H2")}),
    # the same two holders of one household: their family's phone, no broker
    ({"son": "139", "man": "139", "wife": "139"}, {"man": "A", "wife": "A"}, set()),
    # no stay the holder's body rules out: two typed-in admissions, nothing contradicted
    ({"broker": "139", "other": "139", "wife": "137"}, {"other": "A", "wife": "B"}, set()),
])
def test_a_phone_kept_on_a_stay_the_holders_body_rules_out_and_another_typed_in_stay_names_a_broker(
        phones, homes, brokers) -> None:
    cfg = load_config().impersonation
    rows = pd.DataFrame({"psn_no": list(phones), "tel": list(phones.values())})
    if "wife" in phones and phones["wife"] == "137":  # the broker keeps a second phone for the wife
        rows = pd.concat([rows, pd.DataFrame({"psn_no": [next(iter(phones))], "tel": ["137"]})])
    tables = _Tables({})
    tables.rows["psn_info"] = rows
    typed = pd.DataFrame({"psn_no": [p for p in phones if p in homes], "fixmedins_code": ["H1", "H2"]})
    found = lone_brokers(_held_identifiers(tables, cfg), typed, {"man"} & set(phones), pd.Series(homes), cfg)  # type: ignore[arg-type]
    assert set(zip(found.psn_no, found.holder, found.fixmedins_code)) == brokers


class _Visits:
    """The two frames ``_typed_in`` reads: visits per institution, and the typed-in rows asked for."""

    def __init__(self, per: pd.DataFrame, rows: pd.DataFrame) -> None:
        self.per, self.rows, self.asked = per, rows, []

    def frame(self, name: str, **params: object) -> pd.DataFrame:
        self.asked.append((name, params))
        if name == "det_id_visits_by_institution":
            return self.per
        return self.rows[self.rows.fixmedins_code.isin(params["codes"])]  # type: ignore[arg-type]


def test_numbers_typed_in_for_strangers_where_the_dead_are_billed_are_the_same_scheme() -> None:
    """A clinic billing the dead whose typed-in ID numbers of persons insured elsewhere are a fifth of its
    visits (its prefecture's other institutions: a handful) holds more impersonated cards; a snowbird
    town's hospital billing one dead card shows as many strangers as its neighbours do."""
    from graphfraud.detectors.config import load_config
    from graphfraud.detectors.impersonation import _typed_in

    per = pd.DataFrame({"fixmedins_code": ["H3301A", "H3301B", "H4601A", "H4601B"], "prefecture": ["3301", "3301", "4601", "4601"],
                        "visits": [900, 5000, 1500, 1900], "away_visits": [200, 10, 15, 20], "away_persons": [50, 8, 11, 16]})
    rows = pd.DataFrame({"psn_no": ["p1", "p2", "p3", "s1"], "fixmedins_code": ["H3301A", "H3301A", "H3301A", "H4601A"],
                         "home": ["3310", "3310", "3201", "2101"], "t": pd.Timestamp("2025-09-01"),
                         "row_key": ["r1", "r2", "r3", "r4"], "src_file": "setl_d.csv", "src_line": [1, 2, 3, 4],
                         "setl_id": ["s1", "s2", "s3", "s4"]})
    store = _Visits(per, rows)
    found = _typed_in(store, load_config().impersonation, ["H3301A", "H4601A"], known={"s3"})  # type: ignore[arg-type]
    assert sorted(found.psn_no) == ["p1", "p2"]  # p3's settlement is already evidence of another kind
    assert set(found.evidence_id) == {"impersonation:typed:H3301A:p1", "impersonation:typed:H3301A:p2"}
    assert _typed_in(store, load_config().impersonation, [], known=set()).empty  # type: ignore[arg-type]
