"""A resale member's other fills of the drug he resold: counted when the resold fills were like them,
not when they were a chronic patient's bigger extra fills beside his regular ones."""
from __future__ import annotations

import pandas as pd

from graphfraud.rings.alike import _like


class _Amounts:
    """The one query ``_like`` asks of a store: the settlements' amounts (none known here)."""

    def frame(self, name: str, **params: object) -> pd.DataFrame:
        assert name == "det_setl_amounts"
        return pd.DataFrame(columns=["setl_id", "fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt"])


def _fills(person: str, counts: list[float]) -> pd.DataFrame:
    n = len(counts)
    return pd.DataFrame({"psn_no": person, "dr12": "XL04ADD021A0", "row_key": [f"{person}{i}" for i in range(n)],
                         "src_file": "fee_list_d.csv", "src_line": range(n),
                         "setl_id": [f"s-{person}{i}" for i in range(n)], "fixmedins_code": "H1",
                         "dr_code": None, "t": "2025-09-01", "cnt": counts, "prd_days": None, "coded": True})


def test_a_recruits_other_fills_count_but_a_chronic_patients_regular_ones_do_not() -> None:
    # the recruit resold two of his fills of three units and has three more of two or three; the patient
    # resold two fills of eight units beside twelve regular fills of three
    sold = pd.DataFrame({"ring": 0, "psn_no": ["rec", "rec", "pat", "pat"], "drug": "XL04ADD021A000000000",
                         "cnt": [3.0, 3.0, 8.0, 8.0], "setl_id": ["r1", "r2", "p1", "p2"],
                         "row_key": ["a", "b", "c", "d"]})
    fills = pd.concat([_fills("rec", [2.0, 3.0, 2.0]), _fills("pat", [3.0] * 12)], ignore_index=True)
    loss = pd.DataFrame({"ring": [0] * 4, "setl_id": ["r1", "r2", "p1", "p2"]})  # the resold fills count already
    rows = _like(sold, fills, loss, 1.5, _Amounts())  # type: ignore[arg-type]
    assert set(rows.setl_id) == {"s-rec0", "s-rec1", "s-rec2"}
    assert set(rows.entities) == {"Person:rec"} and set(rows.indicator) == {"resold_drug"}
    assert _like(sold, fills, loss, 0.5, _Amounts()).empty  # type: ignore[arg-type]
