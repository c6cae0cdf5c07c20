"""A broker's hand: cards of persons living elsewhere, or dead, settled beside one person's own settlements
at the counter on two days each, more of them than a household holds. The same on both stores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

COUNTER = "P33010000001"  # a pharmacy in prefecture 3301
OTHER = "P33010000002"
THIRD = "P33010000003"
AWAY = [f"w{i}" for i in range(6)]  # insured in 3303: the broker's cards
DEAD = "d0"                          # insured here, dead since 2025-01-31


def _data(folder: Path, cards: list[str]) -> Path:
    """The broker ``b`` settles at the counter on 3 and 10 March, each of ``cards`` two minutes after him
    both days; the first card is settled there again on 20 March, and at another counter on 21 March,
    with nobody beside it. At a third counter the last card is settled beside him on 4 and 11 March,
    and the first card alone on 22 March. A son ``s`` settles on 5 and 12 March, his two parents (insured in 3303)
    beside him; a stranger ``x``'s card (insured in 3303) is settled beside the broker once."""
    data = folder / "data"
    data.mkdir()
    people = [("b", "330102", None), ("s", "330102", None), ("p1", "330302", None), ("p2", "330302", None),
              ("x", "330302", None), (DEAD, "330102", "2025-01-31")] + [(c, "330302", None) for c in AWAY]
    pd.DataFrame([{"psn_no": p, "certno": f"33{i:016d}", "psn_name": f"n{p}", "gend": "1", "brdy": "1960-01-01",
                   "insutype": "390", "insuplc_admdvs": home, "tel": f"1380000{i:04d}", "addr": f"addr {p}",
                   "death_date": died or ""} for i, (p, home, died) in enumerate(people)]).to_csv(
        data / "psn_info.csv", index=False)
    home = {p: h for p, h, _ in people}
    visits = [("b", day, 10, 0) for day in ("03", "10")]
    visits += [(c, day, 10, 2 + i) for day in ("03", "10") for i, c in enumerate(cards)]
    visits += [("s", day, 15, 0) for day in ("05", "12")] + [(p, day, 15, 1) for day in ("05", "12") for p in ("p1", "p2")]
    visits += [("x", "03", 10, 3), (cards[0], "20", 9, 0), (cards[0], "21", 9, 0)]
    visits += [("b", "04", 11, 0), ("b", "11", 11, 0), (cards[-1], "04", 11, 2), (cards[-1], "11", 11, 2),
               (cards[0], "22", 9, 0)]
    where = {"21": OTHER, "04": THIRD, "11": THIRD, "22": THIRD}
    setl = [{"setl_id": f"s{n}", "mdtrt_id": f"m{n}", "psn_no": p, "fixmedins_code": where.get(day, COUNTER),
             "med_type": "41",
             "setl_time": f"2025-03-{day} {hour:02d}:{minute:02d}:00", "medfee_sumamt": "100", "hifp_pay": "60",
             "fund_pay_sumamt": "60", "acct_pay": "40", "refd_setl_flag": "0", "vali_flag": "1",
             "insuplc_admdvs": home[p]} for n, (p, day, hour, minute) in enumerate(visits)]
    pd.DataFrame(setl).to_csv(data / "setl_d.csv", index=False)
    return data


def _held(store: Any, tmp_path: Path, cards: list[str]) -> Any:
    from graphfraud.detectors import load_config
    from graphfraud.detectors.impersonation import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path, cards), tmp_path / "loads")
    f = detect(store, load_config())
    return f, f.links[f.links.evidence_id.str.startswith("impersonation:hand:")]


def test_six_cards_of_absent_holders_beside_one_person_are_his(store: Any, tmp_path: Path) -> None:
    cards = AWAY[:5] + [DEAD]
    f, hand = _held(store, tmp_path, cards)
    assert set(hand.src) == {"Person:b"} and set(hand.dst) == {f"Person:{c}" for c in cards}
    rows = f.evidence[f.evidence.evidence_id == "impersonation:hand:b"]
    # both days of every card, the first card's other settlement at that counter, the last card's two
    # days at the third counter and the first card's settlement there (a counter where he held cards);
    # not x's card, not the first card at a counter where he held none
    assert sorted(rows.setl_id) == sorted([f"s{i}" for i in range(2, 14)] + ["s21", "s25", "s26", "s27"])
    assert rows.detail.str.contains('"holder_t": null').sum() == 2
    assert f.params["hands"] == 1 and f.params["hand_cards"] == 6


def test_fewer_cards_than_a_household_holds_are_no_hand(store: Any, tmp_path: Path) -> None:
    f, hand = _held(store, tmp_path, AWAY[:5])
    assert hand.empty and f.params["hands"] == 0
