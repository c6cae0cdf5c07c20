"""Masked profiles against hostile identifiers: values of any length never crash redaction, and an
identifier holding a quote, a backslash or a newline is masked in every file of the bundle, also
where the evidence quotes it inside JSON (issue 12 item 7)."""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pandas as pd
import pytest

from graphfraud.case import read_bundle
from graphfraud.case.redact import Replacer
from tests.case.case_synthetic import EXPORT_TIME, bundle_texts, store_ring, write_data

HOSTILE = {"psn_no": 'Q"77\\88\n99', "certno": '330106"1980\\0101\n77', "tel": '139"0000\\8888', "psn_name": '钱"\\\n某某'}


def test_long_values_are_replaced_without_recursion_and_in_linear_time():
    long_value = "A" * 600
    huge = "长" * 100_000
    mapping = {long_value: "P-LONG", huge: "P-HUGE", "0001": "P-A"} | {"X" * n: f"P-X{n}" for n in range(2, 300)}
    replacer = Replacer(mapping)
    assert replacer.text(f"before {long_value} 0001 after") == "before P-LONG P-A after"
    assert replacer.text(f"({huge})") == "(P-HUGE)"
    assert replacer.text("X" * 299 + " " + "X" * 5) == "P-X299 P-X5"
    start = time.perf_counter()
    replacer.text(("0001 " + "长" * 50) * 2000)
    small = time.perf_counter() - start
    start = time.perf_counter()
    replacer.text(("0001 " + "长" * 50) * 20000)
    assert time.perf_counter() - start < 40 * max(small, 1e-3)  # ten times the text, not a hundred times the time


def test_identifiers_inside_json_text_are_replaced_whatever_they_hold():
    replacer = Replacer({HOSTILE["psn_no"]: "P-A", HOSTILE["tel"]: "139****8888", "王秀英": "王某"})
    detail = json.dumps({"psn_no": HOSTILE["psn_no"], "tel": HOSTILE["tel"], "who": ["王秀英", 3]}, ensure_ascii=False)
    assert json.loads(replacer.text(detail)) == {"psn_no": "P-A", "tel": "139****8888", "who": ["王某", 3]}
    ascii_detail = json.dumps({"name": "王秀英买药"})  # \u escapes
    assert json.loads(replacer.text(ascii_detail)) == {"name": "王某买药"}


@pytest.fixture(scope="module")
def hostile_bundles(tmp_path_factory, key_dir) -> tuple[dict[str, Path], dict[str, str]]:
    from graphfraud.case import export_case
    from graphfraud.keys import load_signing_key
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("hostile")
    synthetic = write_data(root)
    people = root / "data" / "psn_info.csv"
    rows = list(csv.DictReader(people.open(encoding="utf-8")))
    rows[0].update(HOSTILE)  # the first ring member gets hostile identifiers; the CSV writer quotes them
    with people.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    old = synthetic.persons[0]["psn_no"]
    for name in ("setl_d.csv", "fee_list_d.csv"):
        path = root / "data" / name
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[frame.psn_no == old, "psn_no"] = HOSTILE["psn_no"]
        frame.to_csv(path, index=False)
    synthetic.persons[0] = {**synthetic.persons[0], **HOSTILE}
    ws = root / "ws.duckdb"
    with EmbeddedStore(ws) as store:
        load_directory(store, synthetic.data_dir, root / "loads")
        assert HOSTILE["psn_no"] in set(store.table("psn_info").psn_no)
        store_ring(store, synthetic)
        evidence = store.get_results("ring_evidence")
        mismatch = {**evidence.iloc[0].to_dict(), "indicator": "inventory_mismatch", "evidence_id": "EI1",
                    "detail": json.dumps({"psn_no": HOSTILE["psn_no"], "tel": HOSTILE["tel"], "certno": HOSTILE["certno"],
                                          "buyer": HOSTILE["psn_name"], "sold": 50, "bought": 0}, ensure_ascii=False)}
        store.put_results("ring_evidence", pd.concat([evidence, pd.DataFrame([mismatch])], ignore_index=True))
    key = load_signing_key(key_dir)
    made = {}
    with EmbeddedStore(ws, read_only=True) as store:
        for profile in ("internal", "public"):
            made[profile] = root / profile
            export_case(store, synthetic.ring_id, made[profile], key, profile, "zh", export_time=EXPORT_TIME)
    return made, HOSTILE


def _forms(value: str) -> dict[str, str]:
    """The ways a file can spell a value: as it is, JSON-, CSV-, HTML/XML-escaped, and each line of it."""
    forms = {"raw": value, "json": json.dumps(value, ensure_ascii=False)[1:-1], "csv": value.replace('"', '""'),
             "xml": value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;"),
             "xml-apos": value.replace("&", "&amp;").replace('"', "&#34;")}
    return forms | {f"line {i}": part for i, part in enumerate(value.split("\n")) if len(part) >= 4}


@pytest.mark.parametrize("profile", ["internal", "public"])
def test_hostile_identifiers_are_masked_in_every_file(hostile_bundles, profile):
    made, hostile = hostile_bundles
    texts = bundle_texts(read_bundle(made[profile]))
    assert "tables/inventory_mismatches.csv" in {p.removeprefix("data/") for p in texts}
    mismatches = next(t for p, t in texts.items() if p.endswith("inventory_mismatches.csv"))
    assert "P-" in mismatches  # the hostile person is there, under a pseudonym
    for field, value in hostile.items():
        for form, text in _forms(value).items():
            leaks = [p for p, t in texts.items() if text in t]
            assert not leaks, f"{field} ({form}: {text!r}) appears in {leaks}"
