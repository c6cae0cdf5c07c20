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


def test_a_persons_drug_lines_say_whether_their_boxes_were_scanned(store: Any, tmp_path: Path) -> None:
    """Over-supply's evidence says which lines carried a trace code: with codes on only some boxes, an
    unscanned box bought where resold boxes were sold cannot be told from them (rings/purchases.py)."""
    from graphfraud.loaders import load_directory

    data = tmp_path / "data"
    data.mkdir()
    drug = "XA10ABE045B002010101234"
    pd.DataFrame({"bkkp_sn": ["b1", "b2"], "setl_id": ["s1", "s2"], "mdtrt_id": ["m1", "m2"], "psn_no": "p1",
                  "fixmedins_code": "P33010200001", "fee_ocur_time": ["2025-08-01 09:00:00", "2025-08-09 09:00:00"],
                  "med_list_codg": drug, "list_type": "101", "cnt": "2", "pric": "10", "det_item_fee_sumamt": "20",
                  "drug_trac_codg": ["83177601500509569662,83177601500509569663", ""],
                  "vali_flag": "1"}).to_csv(data / "fee_list_d.csv", index=False)
    load_directory(store, data, tmp_path / "loads")
    lines = store.frame("det_person_drug_lines", psn_nos=["p1"], drugs=[drug], inpatient_med_types=["21"])
    assert lines.set_index("setl_id").coded.astype(bool).to_dict() == {"s1": True, "s2": False}
