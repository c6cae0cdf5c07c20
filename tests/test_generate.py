"""The synthetic data generator: determinism, the truth contract, and files a loader can trust."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from graphfraud.generate import generate
from graphfraud.schema import TABLES, aliases_for, table_for_file
from tests.helpers import with_every_reason

PERSONS = 600
TYPOLOGIES = {"resale", "fake_purchase", "collusion", "impersonation"}
NEGATIVE_KINDS = {"family", "nursing_home", "hub_pharmacy", "hospital_side_pharmacy", "split_pack",
                  "chronic_patient", "dtp_pharmacy"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("gen") / "data"
    summary = generate(out, persons=PERSONS, seed=11)
    return out, json.loads(summary.truth_path.read_text(encoding="utf-8"))


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.parent.rglob("*")) if p.is_file()}


def _canonical(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Headers to canonical names, values trimmed and full-width folded, as input-format.md asks."""
    frame = frame.rename(columns=lambda c: aliases_for(TABLES[table]).get(str(c).strip().lstrip("\ufeff").lower(), c))
    return frame.map(lambda v: unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else v)


def _read(path: Path, info: dict) -> pd.DataFrame:
    if info["format"] == "parquet":
        return pd.read_parquet(path).astype(str)
    if info["format"] == "xlsx":
        return pd.read_excel(path, dtype=str)
    with path.open(encoding=info["encoding"]) as fh:
        sep = "\t" if "\t" in fh.readline() else ","
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding=info["encoding"],
                       on_bad_lines="skip")


def _data_rows(path: Path, info: dict) -> int:
    if info["format"] == "parquet":
        return pq.read_metadata(path).num_rows
    if info["format"] == "xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        return sum(1 for row in book.worksheets[0].iter_rows(values_only=True) if any(v is not None for v in row)) - 1
    return sum(1 for line in path.read_text(encoding=info["encoding"]).splitlines() if line.strip()) - 1


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a" / "data", persons=300, seed=5)
    second = generate(tmp_path / "b" / "data", persons=300, seed=5)
    assert first.files and _digests(first.outdir) == _digests(second.outdir)
    other = generate(tmp_path / "c" / "data", persons=300, seed=6)
    assert _digests(other.outdir) != _digests(first.outdir)


def test_truth_file_lies_beside_the_data_directory(generated: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = generated
    assert (out.parent / "data.truth.json").is_file()
    assert not any(p.suffix == ".json" for p in out.iterdir())
    with pytest.raises(ValueError):
        generate(tmp_path / "x", persons=300, truth_path=tmp_path / "x" / "t.json")


def test_every_typology_and_hard_negative_kind_is_planted(generated: tuple[Path, dict]) -> None:
    _, truth = generated
    assert {r["typology"] for r in truth["rings"]} == TYPOLOGIES
    assert {g["kind"] for g in truth["hard_negatives"]} == NEGATIVE_KINDS
    for ring in truth["rings"]:
        assert ring["setl_ids"] and ring["persons"] and set(ring["roles"]) >= set(ring["persons"])
    ringed = {p for r in truth["rings"] for p in r["persons"]}
    assert not ringed & {p for g in truth["hard_negatives"] for p in g["persons"]}


def test_ring_amounts_are_the_sums_of_their_settlements(generated: tuple[Path, dict]) -> None:
    out, truth = generated
    setl = pd.concat(_canonical(_read(out / name, info), "setl_d") for name, info in truth["files"].items()
                     if info["table"] == "setl_d")
    valid = setl[setl.vali_flag == "1"]
    for ring in truth["rings"]:
        rows = valid[valid.setl_id.isin(ring["setl_ids"])]
        assert set(setl.setl_id) >= set(ring["setl_ids"]), ring["ring_id"]
        for field, expected in ring["amounts"].items():
            total = round(rows[field].astype(float).sum(), 2)
            assert total == pytest.approx(expected, abs=0.005), (ring["ring_id"], field)


def test_every_file_belongs_to_a_table(generated: tuple[Path, dict]) -> None:
    out, truth = generated
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(truth["files"])
    for name in names:
        assert table_for_file(name) is not None and table_for_file(name).name == truth["files"][name]["table"]


def test_rows_read_equal_the_data_rows_in_the_files(generated: tuple[Path, dict]) -> None:
    out, truth = generated
    counted: dict[str, int] = {}
    for name, info in truth["files"].items():
        counted[info["table"]] = counted.get(info["table"], 0) + _data_rows(out / name, info)
    for table, expected in truth["load_expectations"].items():
        assert counted[table] == expected["rows_read"], table
        assert expected["rows_read"] == expected["loaded"] + expected["duplicates"] + sum(expected["rejected"].values())
    fee = truth["load_expectations"]["fee_list_d"]
    assert fee["duplicates"] > 0 and all(fee["rejected"].values()) and fee["invalid"] > 0


def test_planted_trace_codes_are_settled_more_than_once(generated: tuple[Path, dict]) -> None:
    out, truth = generated
    fee = pd.concat(_canonical(_read(out / name, info), "fee_list_d") for name, info in truth["files"].items()
                    if info["table"] == "fee_list_d").drop_duplicates("bkkp_sn")
    codes = fee.assign(code=fee.drug_trac_codg.map(lambda v: re.split(r"[,;|]", v))).explode("code")
    settlements = codes.groupby("code").setl_id.nunique()
    planted = [c for r in truth["rings"] for c in r["trace_codes"]]
    assert planted and (settlements.reindex(planted).fillna(0) >= 2).all()
    assert {r["typology"] for r in truth["rings"] if r["trace_codes"]} >= {"resale", "fake_purchase"}


def test_identifiers_keep_their_text(generated: tuple[Path, dict]) -> None:
    out, truth = generated
    people = _canonical(_read(out / "psn_info.xlsx", truth["files"]["psn_info.xlsx"]), "psn_info").dropna(
        subset=["psn_no"])
    assert people.psn_no.str.fullmatch(r"\d{20}").all() and people.psn_no.str.startswith("0").any()
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for cert in people.certno:
        assert "10X98765432"[sum(int(c) * w for c, w in zip(cert[:17], weights)) % 11] == cert[17]


def test_a_loader_reports_exactly_the_load_expectations(generated: tuple[Path, dict], tmp_path: Path) -> None:
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    out, truth = generated
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, out, tmp_path / "loads")
    assert report.per_table() == with_every_reason(truth["load_expectations"])


def test_clean_mode_writes_canonical_utf8_csv(tmp_path: Path) -> None:
    summary = generate(tmp_path / "clean", persons=300, seed=3, messy=False)
    for path in summary.files:
        assert path.suffix == ".csv"
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert set(header) <= set(TABLES[table_for_file(path.name).name].columns) | {"min_pac_cnt", "pack_days",
                                                                                      "hi_nego_drug_flag"}
    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    assert all(e["loaded"] == e["rows_read"] for e in truth["load_expectations"].values())


def test_refuses_to_overwrite_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate(tmp_path / "data", persons=300)
    assert (tmp_path / "data" / "notes.txt").read_text() == "mine"
