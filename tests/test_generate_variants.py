"""Varied worlds (generate --variant): deterministic, drawn per seed, truth that separates core from
context, a nofraud world with nothing planted and a nodrug world without drug information."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from graphfraud.generate import generate
from graphfraud.generate.families import draw_params, read_world_file
from graphfraud.generate.params import MODI, RANGES

PERSONS = 4000


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    out = {}
    for variant in ("random", "nofraud", "nodrug"):
        folder = tmp_path_factory.mktemp(variant) / "data"
        summary = generate(folder, persons=PERSONS, seed=3, messy=False, variant=variant)
        out[variant] = (folder, json.loads(summary.truth_path.read_text(encoding="utf-8")))
    return out


def _csv(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def test_same_seed_and_variant_give_identical_files(worlds, tmp_path: Path):
    folder, _ = worlds["random"]
    again = generate(tmp_path / "data", persons=PERSONS, seed=3, messy=False, variant="random")
    assert _digests(again.outdir) == _digests(folder)
    assert again.truth_path.read_bytes() == (folder.parent / "data.truth.json").read_bytes()


def test_each_seed_draws_its_own_parameters_within_the_ranges():
    drawn = [draw_params(seed, 20_000) for seed in range(1, 9)]
    assert len({round(p.lookalike_prevalence, 3) for p in drawn}) == len(drawn)
    assert len({tuple((g.modus, g.size, g.trips) for g in p.groups) for p in drawn}) == len(drawn)
    for params in drawn:
        assert {g.typology for g in params.groups} == set(MODI)  # every typology present
        assert RANGES["lookalike_prevalence"][0] <= params.lookalike_prevalence <= RANGES["lookalike_prevalence"][1]
        for g in params.groups:
            assert RANGES["group_size"][0] <= g.size <= RANGES["group_size"][1]
            assert RANGES["trips"][0] <= g.trips <= RANGES["trips"][1]
            assert RANGES["resold_share"][0] <= g.resold_share <= RANGES["resold_share"][1]
            assert RANGES["ident_share"][0] <= g.ident_share <= RANGES["ident_share"][1]
            assert 1 <= g.buyers_per_box <= 3
    modi = {(g.typology, g.modus) for p in drawn for g in p.groups}
    assert sum(m != "classic" for _, m in modi) >= 8  # the new modi operandi do get drawn


def test_a_world_file_fixes_values_and_refuses_unknown_keys(tmp_path: Path):
    path = tmp_path / "world.toml"
    path.write_text('group_size = 12\ntrips = [5, 6]\n[modi]\n"resale.collector_pharmacy" = 2\n', encoding="utf-8")
    params = draw_params(1, 20_000, world=read_world_file(path))
    assert {g.size for g in params.groups} == {12} and {g.trips for g in params.groups} <= {5, 6}
    assert sum(g.modus == "collector_pharmacy" for g in params.groups) == 2
    path.write_text("group_sise = 12\n", encoding="utf-8")
    with pytest.raises(ValueError, match="group_sise"):
        read_world_file(path)


def test_truth_keeps_core_members_context_and_look_alikes_apart(worlds):
    _, truth = worlds["random"]
    assert truth["variant"] == "random" and truth["parameters"]["planted_groups"] == len(truth["rings"])
    lookalike_persons = {p for g in truth["hard_negatives"] for p in g["persons"]}
    core_all: set[str] = set()
    for ring in truth["rings"]:
        core, context = set(ring["persons"]), set(ring["context_persons"])
        assert core and not core & context and not core & lookalike_persons and not core & core_all
        assert not context & lookalike_persons
        core_all |= core
        assert ring["modus_operandi"] in MODI[ring["typology"]] and ring["centre"]["key"]
        centre = ring["centre"]
        assert centre["key"] in {"Person": ring["persons"], "Institution": ring["institutions"],
                                 "Practitioner": ring["doctors"]}[centre["label"]]
        assert set(ring["roles"]) == core | set(ring["institutions"]) | set(ring["doctors"])
        assert ring["setl_ids"] and not set(ring["setl_ids"]) & set(ring["context_setl_ids"])
        if ring["typology"] == "resale":
            assert context and ring["trace_codes"]


def test_amounts_are_sums_of_the_groups_valid_settlements(worlds):
    folder, truth = worlds["random"]
    setl = _csv(folder, "setl_d")
    valid = setl[setl.vali_flag == "1"].set_index("setl_id")
    for ring in truth["rings"]:
        for ids, amounts in ((ring["setl_ids"], ring["amounts"]), (ring["context_setl_ids"], ring["context_amounts"])):
            rows = valid.reindex([i for i in ids if i in valid.index])
            for name, expected in amounts.items():
                assert round(rows[name].astype(float).sum(), 2) == pytest.approx(expected, abs=0.005), ring["ring_id"]


def test_nofraud_has_the_same_look_alikes_and_nothing_planted(worlds):
    _, random_truth = worlds["random"]
    folder, truth = worlds["nofraud"]
    assert truth["rings"] == [] and truth["parameters"]["planted_groups"] == 0
    assert [(g["group_id"], g["kind"], len(g["persons"])) for g in truth["hard_negatives"]] == \
        [(g["group_id"], g["kind"], len(g["persons"])) for g in random_truth["hard_negatives"]]
    assert truth["parameters"]["lookalike_prevalence"] == random_truth["parameters"]["lookalike_prevalence"]


def test_nodrug_is_card_like_without_drug_information(worlds):
    folder, truth = worlds["nodrug"]
    assert truth["rings"] == [] and truth["hard_negatives"]
    assert sorted(p.stem for p in folder.iterdir()) == ["fee_list_d", "fixmedins", "psn_info", "setl_d"]
    fee, setl = _csv(folder, "fee_list_d"), _csv(folder, "setl_d")
    assert fee.med_list_codg.nunique() == 1 and "drug_trac_codg" not in fee and "prd_days" not in fee
    assert len(fee) == len(setl) and set(fee.setl_id) == set(setl.setl_id)
    assert _csv(folder, "fixmedins").fixmedins_code.nunique() >= 40  # about 100 merchants at 20,000 persons


def test_default_world_is_untouched_by_the_variants(tmp_path: Path):
    """Without a variant the generator draws nothing of the varied worlds (examples/ checks the bytes)."""
    summary = generate(tmp_path / "data", persons=300, seed=5)
    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    assert "variant" not in truth and "parameters" not in truth
    assert all("modus_operandi" not in r for r in truth["rings"])


@pytest.fixture(scope="module")
def every_modus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """One group of every modus operandi, sizes 10-20, in a small world."""
    modi = {f"{t}.{m}": 1 for t, ms in MODI.items() for m in ms}
    folder = tmp_path_factory.mktemp("modi") / "data"
    summary = generate(folder, persons=PERSONS, seed=5, messy=False,
                       world={"group_size": [10, 20], "trips": [6, 10], "ident_share": 0.5, "modi": modi})
    return folder, json.loads(summary.truth_path.read_text(encoding="utf-8"))


def _ring(truth: dict, modus: str) -> dict:
    return next(r for r in truth["rings"] if r["modus_operandi"] == modus)


def _codes(column: pd.Series) -> pd.Series:
    return column.str.split(";").explode().loc[lambda c: c != ""]


def test_every_modus_operandi_is_planted_once(every_modus):
    _, truth = every_modus
    assert sorted((r["typology"], r["modus_operandi"]) for r in truth["rings"]) == \
        sorted((t, m) for t, ms in MODI.items() for m in ms)


def test_fake_purchases_without_inventory_rows_leave_no_sale_record(every_modus):
    folder, truth = every_modus
    ring = _ring(truth, "no_inventory_sale")
    sales = _csv(folder, "inv_sale")
    assert ring["setl_ids"] and not set(ring["setl_ids"]) & set(sales.setl_id)
    classic = _ring(truth, "classic")
    assert set(classic["setl_ids"]) & set(_csv(folder, "setl_d").setl_id)


def test_switched_drugs_carry_another_products_codes(every_modus):
    folder, truth = every_modus
    ring = _ring(truth, "department_switching")
    fee = _csv(folder, "fee_list_d")
    items = pd.read_csv(folder / "drug_catalog.csv", dtype=str).med_list_codg
    switched = fee[fee.setl_id.isin(ring["setl_ids"]) & fee.med_list_codg.isin(items) & (fee.drug_trac_codg != "")]
    products = fee[~fee.setl_id.isin(ring["setl_ids"]) & (fee.drug_trac_codg != "")].assign(
        prefix=lambda f: f.drug_trac_codg.str[:7]).groupby("prefix").med_list_codg.agg(set)  # whose codes these are
    assert len(switched) > 0
    for row in switched.itertuples():
        owners = products.get(row.drug_trac_codg[:7], set())
        assert owners and row.med_list_codg not in owners


def test_collected_cards_rescan_shelf_codes_and_purchases_hide_the_quantity_gap(every_modus):
    folder, truth = every_modus
    ring = _ring(truth, "card_collecting")
    shop = ring["centre"]["key"]
    sales, purchases = _csv(folder, "inv_sale"), _csv(folder, "inv_purc")
    mine = sales[sales.setl_id.isin(ring["setl_ids"])]
    assert _codes(mine.drug_trac_codg).value_counts().max() >= 2  # the same box settled again
    sold = sales[(sales.fixmedins_code == shop)].groupby("med_list_codg").sel_retn_cnt.apply(lambda c: c.astype(int).sum())
    bought = purchases[(purchases.fixmedins_code == shop) & (purchases.purc_retn_flag == "0")].groupby(
        "med_list_codg").purc_retn_cnt.apply(lambda c: c.astype(int).sum())
    assert (bought.reindex(sold.index).fillna(0) >= sold).all()


def test_the_clinic_insider_books_visits_during_stays_elsewhere(every_modus):
    folder, truth = every_modus
    ring = _ring(truth, "clinic_insider")
    visits = _csv(folder, "mdtrt_d")
    stays = visits[(visits.med_type == "21") & visits.psn_no.isin(ring["persons"])]
    booked = visits[visits.fixmedins_code.isin(ring["institutions"]) & visits.psn_no.isin(ring["persons"])]
    during = booked.merge(stays, on="psn_no", suffixes=("", "_stay"))
    during = during[(during.begntime > during.begntime_stay) & (during.begntime < during.endtime_stay)]
    assert len(during) >= 1


def test_resale_outlets_sell_boxes_they_never_bought(every_modus):
    folder, truth = every_modus
    purchased = set(_codes(_csv(folder, "inv_purc").drug_trac_codg))
    for modus in ("classic", "collector_pharmacy", "prescription_getters", "chronic_cover"):
        ring = next(r for r in truth["rings"] if r["typology"] == "resale" and r["modus_operandi"] == modus)
        assert ring["trace_codes"] and not set(ring["trace_codes"]) & purchased, modus
        assert ring["context_persons"] and ring["context_amounts"]["fund_pay_sumamt"] >= 0


def test_a_messy_varied_world_loads_exactly_as_its_truth_says(tmp_path: Path):
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    summary = generate(tmp_path / "data", persons=3000, seed=9, variant="random")
    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, tmp_path / "data", tmp_path / "loads")
    assert report.per_table() == truth["load_expectations"]
    nodrug = generate(tmp_path / "nd", persons=3000, seed=9, variant="nodrug")  # always plain CSV
    assert {p.suffix for p in nodrug.files} == {".csv"}


def test_generate_command_takes_a_variant_and_a_world_file(tmp_path: Path):
    from click.testing import CliRunner

    from graphfraud.cli import main

    world = tmp_path / "w.toml"
    world.write_text('variant = "nofraud"\nlookalike_prevalence = 1\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["generate", str(tmp_path / "a"), "--persons", "3000", "--seed", "2", "--clean",
                                     "--world", str(world), "--json"])
    assert done.exit_code == 0, done.output
    truth = json.loads((tmp_path / "a.truth.json").read_text(encoding="utf-8"))
    assert truth["variant"] == "nofraud" and truth["parameters"]["lookalike_prevalence"] == 1.0
    small = CliRunner().invoke(main, ["generate", str(tmp_path / "b"), "--persons", "500", "--variant", "random"])
    assert small.exit_code != 0 and "at least 3000" in small.output


@pytest.mark.parametrize("seed", [1, 3])
def test_look_alikes_carry_no_decisive_finding(tmp_path: Path, seed: int):
    """Innocent groups must not settle after their death, nor in two provinces within three hours:
    those are real impersonation findings, and a world that plants them on look-alikes teaches the
    detectors to ignore them (snowbirds once got a hospital in their home province, and the dead)."""
    summary = generate(tmp_path / "data", persons=20_000, seed=seed, messy=False, variant="nofraud")
    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    innocent = {p for g in truth["hard_negatives"] for p in g["persons"]}
    assert {g["kind"] for g in truth["hard_negatives"]} >= {"snowbird", "nursing_home"}
    setl = _csv(summary.outdir, "setl_d")
    setl = setl[setl.psn_no.isin(innocent)].assign(t=lambda f: pd.to_datetime(f.setl_time),
                                                   province=lambda f: f.fixmedins_code.str[1:3])
    died = _csv(summary.outdir, "psn_info").set_index("psn_no").death_date.replace("", None).dropna()
    after = setl[setl.psn_no.isin(died.index)]
    assert not (after.t > pd.to_datetime(after.psn_no.map(died))).any()
    pairs = setl.merge(setl, on="psn_no")
    far = pairs[(pairs.province_x < pairs.province_y) & ((pairs.t_x - pairs.t_y).abs() < pd.Timedelta(hours=3))]
    assert far.empty, far.head().to_string()
