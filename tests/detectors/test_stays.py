"""Inpatient-stay indicators on hand-made stays: split stays are same-diagnosis readmissions at one hospital,
planned chemotherapy cycles and a stay elsewhere are not."""
from __future__ import annotations

import pandas as pd

from graphfraud.detectors.config import load_config
from graphfraud.detectors.split_stays import readmissions


def _stay(psn: str, hospital: str, begin: str, end: str, dise: str, key: str) -> dict:
    return dict(psn_no=psn, fixmedins_code=hospital, begntime=pd.Timestamp(begin), endtime=pd.Timestamp(end),
                dise_codg=dise, stay_key=key, setl_id=key)


def test_same_diagnosis_readmissions_within_days_chain_and_others_do_not() -> None:
    cfg = load_config().split_stays
    rows = pd.DataFrame([
        # a kept bed: stroke, back within days, three times
        _stay("A", "H1", "2025-07-01", "2025-07-09", "I63.900", "a1"),
        _stay("A", "H1", "2025-07-15", "2025-07-25", "I63.901", "a2"),
        _stay("A", "H1", "2025-08-01", "2025-08-10", "I63.900", "a3"),
        # chemotherapy cycles come back in weeks: exempt
        _stay("B", "H1", "2025-07-01", "2025-07-03", "C34.900", "b1"),
        _stay("B", "H1", "2025-07-10", "2025-07-12", "C34.900", "b2"),
        # another diagnosis, and a transfer to another hospital, are no readmission
        _stay("C", "H1", "2025-07-01", "2025-07-05", "I63.900", "c1"),
        _stay("C", "H1", "2025-07-10", "2025-07-15", "J18.900", "c2"),
        _stay("C", "H2", "2025-07-16", "2025-07-30", "J18.900", "c3"),
        # back after two months
        _stay("D", "H1", "2025-07-01", "2025-07-05", "I63.900", "d1"),
        _stay("D", "H1", "2025-09-10", "2025-09-15", "I63.900", "d2"),
    ])
    found = readmissions(rows, cfg)
    assert found.groupby("psn_no").readmission.sum().to_dict() == {"A": 2, "C": 0, "D": 0}
    assert set(found.stay_key[found.in_chain]) == {"a1", "a2", "a3"}
    assert "B" not in set(found.psn_no)
