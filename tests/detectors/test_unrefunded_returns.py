"""A sale booked back into stock while the fund's settlement stands: the same on both stores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest


def _three() -> Any:
    from graphfraud.detectors import load_config

    config = load_config()
    config.unrefunded_returns.min_settlements = 3
    return config


def _data(folder: Path, refunded: set[str], refunds_at_all: bool = True) -> Path:
    """Four cards' settlements at pharmacy P1 on 1 August, each booked back the next day; the fund
    refunded the visits in ``refunded``. Another person's refund elsewhere keeps refunds in the data."""
    data = folder / "data"
    data.mkdir()
    cards = ["c1", "c2", "c3", "c4"]
    setl = [{"setl_id": f"s{i}", "mdtrt_id": f"m{i}", "psn_no": c, "fixmedins_code": "P1", "med_type": "41",
             "setl_time": f"2025-08-01 0{i}:00:00", "medfee_sumamt": "100", "hifp_pay": "60", "fund_pay_sumamt": "60",
             "acct_pay": "40", "refd_setl_flag": "0", "vali_flag": "1"} for i, c in enumerate(cards, 1)]
    refunds = [f"m{i}" for i, c in enumerate(cards, 1) if c in refunded] + (["m9"] if refunds_at_all else [])
    setl += [{"setl_id": f"r{m}", "mdtrt_id": m, "psn_no": "x" if m == "m9" else f"c{m[1:]}", "fixmedins_code":
              "P2" if m == "m9" else "P1", "med_type": "41", "setl_time": "2025-08-03 10:00:00", "medfee_sumamt": "-100",
              "hifp_pay": "-60", "fund_pay_sumamt": "-60", "acct_pay": "-40", "refd_setl_flag": "1", "vali_flag": "1"}
             for m in refunds]
    setl.append({**setl[0], "setl_id": "late", "mdtrt_id": "mz", "psn_no": "z", "setl_time": "2025-12-31 10:00:00"})
    pd.DataFrame(setl).to_csv(data / "setl_d.csv", index=False)
    pd.DataFrame([{"medins_prod_sel_no": f"x{i}", "fixmedins_code": "P1", "med_list_codg": "XA10ABE045B002010101234",
                   "setl_id": f"s{i}", "psn_no": c, "sel_retn_cnt": "1", "sel_retn_flag": "1",
                   "sel_retn_time": f"2025-08-02 0{i}:00:00"} for i, c in enumerate(cards, 1)]
                 ).to_csv(data / "inv_sale.csv", index=False)
    return data


@pytest.mark.parametrize("refunded, flagged", [(set(), {"c1", "c2", "c3", "c4"}),
                                               ({"c4"}, {"c1", "c2", "c3"}),
                                               ({"c3", "c4"}, set())])  # two left: below min_settlements (3 here)
def test_a_pharmacy_booking_back_sales_the_fund_paid_flags_it_and_the_cards(store: Any, tmp_path: Path,
                                                                            refunded: set[str], flagged: set[str]) -> None:
    from graphfraud.detectors import load_config
    from graphfraud.detectors.unrefunded_returns import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path, refunded), tmp_path / "loads")
    f = detect(store, _three())
    assert set(f.flags.node) == ({f"Person:{c}" for c in flagged} | {"Institution:P1"} if flagged else set())
    assert set(f.links.src) | set(f.links.dst) == ({f"Person:{c}" for c in flagged} | {"Institution:P1"}
                                                    if flagged else set())
    assert f.evidence.detail.str.contains('"decisive": true').all()
    assert sorted(f.evidence.setl_id) == sorted(f"s{c[1:]}" for c in flagged)
    assert set(f.evidence.fund_pay_sumamt) <= {60.0}


def test_without_refunds_in_the_data_nothing_is_read(store: Any, tmp_path: Path) -> None:
    """An export that leaves refunds out would make every honest return look unrefunded."""
    from graphfraud.detectors import load_config
    from graphfraud.detectors.unrefunded_returns import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path, set(), refunds_at_all=False), tmp_path / "loads")
    f = detect(store, load_config())
    assert f.flags.empty and f.params["silent"]
