"""Without a catalogue, the drugs are what the fee lines mark as drugs, the same on both stores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd


def test_the_lines_mark_their_drugs_when_there_is_no_catalogue(store: Any, tmp_path: Path) -> None:
    from graphfraud.detectors.frames import known_drugs, resale_drugs
    from graphfraud.loaders import load_directory

    data = tmp_path / "data"
    data.mkdir()
    lines = [("XA10ABE045B002010101234", "101"),   # insulin, marked a drug
             ("ZA12HAT056A000000277165", ""),      # a Chinese patent medicine's national code, no list_type
             ("001103000010000", "201"),           # a consultation
             ("C14020000000000000000000", "301"),  # a consumable
             ("000000000000000000000000", "")]     # a generic item code: no drug information
    pd.DataFrame({"bkkp_sn": [f"b{i}" for i in range(len(lines))], "setl_id": "s1", "mdtrt_id": "m1", "psn_no": "p1",
                  "fixmedins_code": "P33010200001", "fee_ocur_time": "2025-08-01 09:00:00",
                  "med_list_codg": [c for c, _ in lines], "list_type": [t for _, t in lines], "cnt": "1",
                  "pric": "10", "det_item_fee_sumamt": "10", "vali_flag": "1"}).to_csv(data / "fee_list_d.csv", index=False)
    load_directory(store, data, tmp_path / "loads")
    drugs, source = resale_drugs(store)
    assert drugs == ["XA10ABE045B002010101234", "ZA12HAT056A000000277165"]
    assert source == "drugs marked on the fee lines (no drug_catalog)"
    assert known_drugs(store) == (drugs, source)  # what ghost prescriptions read too
