"""Cards drained at one counter minutes apart are one batch; a customer stocking up drains at a time of
their own: the same on both stores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest


def _data(folder: Path) -> Path:
    """Five cards spending 10 yuan a month from their accounts at P9 until November. In December A, B
    and C drain 800 yuan each at P1 on the 20th, a minute apart; D drains 800 there on the 5th; E spends
    300 at P1 two hours after C (and 700 at P2), F, a card unused before, 800 two minutes after E."""
    data = folder / "data"
    data.mkdir()
    rows: list[dict[str, str]] = []

    def settle(person: str, place: str, when: str, acct: float) -> None:
        rows.append({"setl_id": f"s{len(rows)}", "mdtrt_id": f"m{len(rows)}", "psn_no": person,
                     "fixmedins_code": place, "med_type": "41", "setl_time": when, "medfee_sumamt": str(acct),
                     "hifp_pay": "0", "fund_pay_sumamt": "0", "acct_pay": str(acct), "refd_setl_flag": "0",
                     "vali_flag": "1"})

    for person in "ABCDE":
        for month in range(7, 12):
            settle(person, "P9", f"2025-{month:02d}-10 10:00:00", 10.0)
    for i, person in enumerate("ABC"):
        settle(person, "P1", f"2025-12-20 09:0{i}:00", 800.0)
    settle("D", "P1", "2025-12-05 09:00:00", 800.0)
    settle("E", "P1", "2025-12-20 11:00:00", 300.0)
    settle("E", "P2", "2025-12-21 11:00:00", 700.0)
    settle("F", "P1", "2025-12-20 11:02:00", 800.0)
    settle("G", "P9", "2026-01-10 10:00:00", 10.0)
    pd.DataFrame(rows).to_csv(data / "setl_d.csv", index=False)
    return data


def test_a_batch_links_its_cards_to_the_counter_and_a_drain_of_ones_own_links_nobody(store: Any, tmp_path: Path) -> None:
    from graphfraud.detectors import load_config
    from graphfraud.detectors.yearend_drain import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path), tmp_path / "loads")
    f = detect(store, load_config())
    assert set(f.flags.node) == {f"Person:{p}" for p in "ABCDEF"}
    assert sorted(zip(f.links.src, f.links.dst, f.links.evidence_id)) == [
        (f"Institution:P1", f"Person:{p}", "yearend_drain:batch:P1:20251220T0900") for p in "ABC"]
    batch = f.evidence[f.evidence.evidence_id == "yearend_drain:batch:P1:20251220T0900"]
    assert len(batch) == 3 and batch.detail.str.contains('"batch": 3').all()
    assert f.params["batches"] == 1


@pytest.mark.parametrize("persons, minutes, linked", [(4, 30.0, ""), (4, 180.0, "ABCF"), (2, 180.0, "ABCF")])
def test_a_batch_needs_its_persons_within_its_minutes_at_their_own_counter(store: Any, tmp_path: Path, persons: int,
                                                                          minutes: float, linked: str) -> None:
    """E settled at P1 between C and F but spent most of December elsewhere: E is in no batch, and
    does not join C's and F's settlements two hours apart into one."""
    from graphfraud.detectors import load_config
    from graphfraud.detectors.yearend_drain import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path), tmp_path / "loads")
    config = load_config()
    config.yearend_drain.batch_persons, config.yearend_drain.batch_minutes = persons, minutes
    f = detect(store, config)
    assert set(f.links.dst) == {f"Person:{p}" for p in linked} and len(f.flags) == 6
