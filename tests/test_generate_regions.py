"""Big worlds generated region by region (issue 16): deterministic, no key shared between regions, a
truth file that holds for the whole world. Regions are forced small here (300 persons each)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from graphfraud.generate import generate
from tests.helpers import with_every_reason

PERSONS, REGION = 600, 300


def _digest(folder: Path, truth: Path) -> str:
    h = hashlib.sha256()
    for path in [*sorted(folder.iterdir()), truth]:
        h.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@pytest.fixture(scope="module")
def regional(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    root = tmp_path_factory.mktemp("regions")
    summary = generate(root / "data", persons=PERSONS, seed=5, region_persons=REGION)
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    with EmbeddedStore(root / "w.duckdb") as store:
        report = load_directory(store, root / "data", root / "loads")
    assert report.per_table() == with_every_reason(truth["load_expectations"])  # no key met in two regions
    return root / "data", truth, root / "w.duckdb"


def test_regions_are_byte_identical_on_a_second_run(regional: tuple[Path, dict, Path], tmp_path: Path) -> None:
    data, _, _ = regional
    again = generate(tmp_path / "data", persons=PERSONS, seed=5, region_persons=REGION)
    assert _digest(tmp_path / "data", again.truth_path) == _digest(data, data.parent / "data.truth.json")


def test_each_region_writes_its_own_files_and_the_catalog_once(regional: tuple[Path, dict, Path]) -> None:
    data, truth, _ = regional
    names = sorted(p.name for p in data.iterdir())
    assert [n for n in names if n.startswith("drug_catalog")] == ["drug_catalog_r01.csv"]
    assert {"setl_d_r01.csv", "setl_d_r02.csv", "psn_info_r02.xlsx", "fee_list_d_2026-06_r02.csv"} <= set(names)
    assert set(truth["files"]) == set(names)
    assert [r["region"] for r in truth["regions"]] == ["R01", "R02"] and truth["persons"] == PERSONS


def test_the_truth_names_what_the_loaded_data_holds(regional: tuple[Path, dict, Path]) -> None:
    _, truth, workspace = regional
    con = duckdb.connect(str(workspace), read_only=True)

    def keys(sql: str) -> set[str]:
        return {r[0] for r in con.execute(sql).fetchall()}

    persons, setl = keys("select psn_no from psn_info"), keys("select setl_id from setl_d")
    insts, doctors = keys("select fixmedins_code from fixmedins"), keys("select dr_code from practitioner")
    ids = [r["ring_id"] for r in truth["rings"]] + [g["group_id"] for g in truth["hard_negatives"]]
    assert len(set(ids)) == len(ids)
    for region in ("R01", "R02"):
        assert {r["typology"] for r in truth["rings"] if r["ring_id"].startswith(f"TR-{region}-")} == {
            "resale", "fake_purchase", "collusion", "impersonation"}
    for ring in truth["rings"]:
        assert set(ring["persons"]) <= persons and set(ring["setl_ids"]) <= setl and ring["setl_ids"]
        assert set(ring["institutions"]) <= insts and set(ring["doctors"]) <= doctors
    # Regions never meet by accident: no ID number, organisation code or trace code in two regions.
    assert con.execute("select count(*) = count(distinct certno) from psn_info").fetchone() == (True,)
    assert con.execute("select count(*) = count(distinct uscc) and count(*) = count(distinct fixmedins_name) "
                       "from fixmedins").fetchone() == (True,)
    shared = con.execute("""
        with codes as (select unnest(string_split(regexp_replace(drug_trac_codg, '[,;|]', ',', 'g'), ',')) as code,
                              regexp_extract(_src_file, '_r(\\d\\d)', 1) as region
                       from fee_list_d where drug_trac_codg <> '')
        select count(*) from (select code from codes group by code having count(distinct region) > 1)""").fetchone()
    assert shared == (0,)


def test_regions_too_small_for_the_planted_groups_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="in each region"):
        generate(tmp_path / "data", persons=500, seed=1, region_persons=250)
