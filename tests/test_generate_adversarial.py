"""Adversarial worlds (generate --variant adversarial): deterministic, every modus operandi leaves the trace
its story says, look-alikes and context persons carry no decisive finding, the nofraud twin plants
nothing, and the export quirks are really in the files."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from graphfraud.generate import generate
from graphfraud.generate.adversarial_params import ADV_MODI, SHAPES, TEMPI, draw_adversarial
from graphfraud.generate.params import MODI

PERSONS = 4000
CONSULT = "001102000010000"


def _csv(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def every_modus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """One group of every modus operandi of the family, sizes 8-15, in a small world."""
    modi = {f"{t}.{m}": 1 for t, ms in ADV_MODI.items() for m in ms}
    folder = tmp_path_factory.mktemp("adv") / "data"
    summary = generate(folder, persons=PERSONS, seed=5, messy=False,
                       world={"variant": "adversarial", "modi": modi, "group_size": [8, 15], "dormant_share": 0.4,
                              "ident_share": 0.5})
    return folder, json.loads(summary.truth_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables(every_modus) -> dict[str, pd.DataFrame]:
    folder, _ = every_modus
    return {name: _csv(folder, name) for name in ("setl_d", "fee_list_d", "mdtrt_d", "psn_info", "psn_ident",
                                                   "fixmedins", "inv_sale", "drug_catalog")}


def _ring(truth: dict, modus: str) -> dict:
    return next(r for r in truth["rings"] if r["modus_operandi"] == modus)


def _codes(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per (settlement, trace code) of valid, unrefunded lines."""
    lines = lines[(lines.vali_flag == "1") & ~lines.cnt.str.startswith("-") & (lines.drug_trac_codg != "")]
    return lines.assign(code=lines.drug_trac_codg.str.split(";")).explode("code")[["setl_id", "code",
                                                                                  "fixmedins_code", "psn_no"]]


def _mine(setl: pd.DataFrame, ring: dict) -> pd.DataFrame:
    return setl[setl.setl_id.isin(ring["setl_ids"])]


def test_same_seed_gives_identical_files(tmp_path: Path):
    a = generate(tmp_path / "a", persons=3000, seed=12, messy=False, variant="adversarial")
    b = generate(tmp_path / "b", persons=3000, seed=12, messy=False, variant="adversarial")
    assert _digests(a.outdir) == _digests(b.outdir)
    assert a.truth_path.read_bytes() == b.truth_path.read_bytes()


def test_each_seed_draws_its_own_world_of_new_modi():
    drawn = [draw_adversarial(seed, 20_000) for seed in range(200, 212)]
    assert len({tuple((g.modus, g.size, g.tempo) for g in p.groups) for p in drawn}) == len(drawn)
    first = {(t, m) for t, ms in MODI.items() for m in ms}
    seen = {(g.typology, g.modus) for p in drawn for g in p.groups}
    assert not seen & first and len(seen) >= 10  # none of the first family's modi; nearly all of ours drawn
    for params in drawn:
        assert {g.typology for g in params.groups} == set(ADV_MODI)
        for g in params.groups:
            assert g.tempo in TEMPI and 1 <= g.spread <= 3 and 0 <= g.dormant_share <= 0.5
            assert 1 <= g.size <= SHAPES["large"][1]
    sizes = [g.size for p in drawn for g in p.groups]
    assert min(sizes) <= 4 and max(sizes) >= 100  # groups of three or four next to groups of a hundred
    assert {g.tempo for p in drawn for g in p.groups} == set(TEMPI)
    quirks = [p.export for p in drawn]
    assert any(q.catalog_without_risk for q in quirks) and not all(q.catalog_without_risk for q in quirks)
    assert any(q.no_counter_columns for q in quirks) and any(q.local_med_type_pref for q in quirks)
    assert any(p.overlap_pharmacy for p in drawn) and any(p.double_recruit for p in drawn)


def test_every_modus_is_planted_once_with_core_centre_and_amounts(every_modus, tables):
    _, truth = every_modus
    assert sorted((r["typology"], r["modus_operandi"]) for r in truth["rings"]) == \
        sorted((t, m) for t, ms in ADV_MODI.items() for m in ms)
    valid = tables["setl_d"][tables["setl_d"].vali_flag == "1"].set_index("setl_id")
    lookalike = {p for g in truth["hard_negatives"] for p in g["persons"]}
    for ring in truth["rings"]:
        core, context = set(ring["persons"]), set(ring["context_persons"])
        assert core and not core & context and not (core | context) & lookalike, ring["ring_id"]
        centre = ring["centre"]
        assert centre["key"] in {"Person": ring["persons"], "Institution": ring["institutions"],
                                 "Practitioner": ring["doctors"]}[centre["label"]]
        rows = valid.reindex([i for i in ring["setl_ids"] if i in valid.index])
        for name, expected in ring["amounts"].items():
            assert round(rows[name].astype(float).sum(), 2) == pytest.approx(expected, abs=0.005), ring["ring_id"]
        assert set(ring["persons"]) >= set(_mine(tables["setl_d"], ring).psn_no) - set(ring["context_persons"])


def test_resold_boxes_are_settled_again_for_context_buyers(every_modus, tables):
    _, truth = every_modus
    codes = _codes(tables["fee_list_d"])
    for modus in ADV_MODI["resale"]:
        ring = _ring(truth, modus)
        resold = codes[codes.code.isin(ring["trace_codes"])]
        assert ring["trace_codes"] and ring["context_persons"], modus
        per_code = resold.groupby("code").psn_no.agg(set)
        assert all(p & set(ring["persons"]) and p & set(ring["context_persons"]) for p in per_code), modus


def test_online_vouchers_share_no_phone_only_an_address_or_a_device(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "online_voucher")
    mine = _mine(tables["setl_d"], ring)
    pharmacy = mine[mine.fixmedins_code.str.startswith("P")]
    assert len(pharmacy) and (pharmacy.mdtrt_cert_type == "01").all()
    idents = tables["psn_ident"][tables["psn_ident"].psn_no.isin(ring["persons"])]
    shared = idents[idents.duplicated(["ident_type", "ident_value"], keep=False)]
    assert set(shared.ident_type) <= {"addr", "device"} and len(shared)
    assert tables["psn_info"][tables["psn_info"].psn_no.isin(ring["persons"])].tel.is_unique


def test_family_cards_go_to_several_hospitals_the_same_morning(every_modus, tables):
    _, truth = every_modus
    mine = _mine(tables["setl_d"], _ring(truth, "family_cards"))
    visits = mine[mine.fixmedins_code.str.startswith("H")].assign(day=lambda f: f.setl_time.str[:10])
    assert visits.groupby("day").fixmedins_code.nunique().max() >= 2
    people = tables["psn_info"][tables["psn_info"].psn_no.isin(_ring(truth, "family_cards")["persons"])]
    assert people.addr.nunique() >= 2  # two or more households


def test_spread_recruits_live_in_several_prefectures_and_some_cards_sleep(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "spread_recruits")
    mine = _mine(tables["setl_d"], ring)
    assert mine.fixmedins_code.str[1:5].nunique() >= 2
    holders = [p for p, role in ring["roles"].items() if role == "card_holder"]
    per_holder = mine[mine.psn_no.isin(holders)].groupby("psn_no").size()
    assert per_holder.min() <= 2 < per_holder.max()


def test_refund_cycling_settles_one_box_again_and_again_with_returns_only_in_the_books(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "refund_cycling")
    codes = _codes(tables["fee_list_d"])
    cycled = codes[codes.code.isin(ring["trace_codes"])].groupby("code").setl_id.nunique()
    assert cycled.max() >= 3
    setl = tables["setl_d"]
    assert not (setl.refd_setl_flag == "1")[setl.setl_id.isin(ring["setl_ids"])].any()
    sales = tables["inv_sale"]
    returns = sales[(sales.sel_retn_flag == "1") & sales.setl_id.isin(ring["setl_ids"])]
    assert len(returns) >= len(ring["setl_ids"]) // 2


def test_year_end_draining_spends_accounts_of_one_firm_in_december(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "yearend_drain")
    mine = _mine(tables["setl_d"], ring)
    assert mine.setl_time.str[:7].eq("2025-12").all()
    assert (mine.acct_pay.astype(float) == mine.medfee_sumamt.astype(float)).all()
    assert tables["psn_info"][tables["psn_info"].psn_no.isin(ring["persons"])].emp_name.nunique() == 1


def test_health_products_carry_one_photographed_code_across_branches(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "health_products")
    codes = _codes(tables["fee_list_d"])
    mine = codes[codes.setl_id.isin(ring["setl_ids"]) & codes.code.isin(ring["trace_codes"])]
    assert mine.groupby("code").setl_id.nunique().max() >= 2
    branches = tables["fixmedins"][tables["fixmedins"].fixmedins_code.isin(ring["institutions"])]
    assert branches.legal_rep_certno.nunique() == 1


def test_care_home_claims_use_dead_residents_cards(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "care_home_claims")
    people = tables["psn_info"].set_index("psn_no")
    mine = _mine(tables["setl_d"], ring)
    died = mine.psn_no.map(people.death_date)
    assert (mine.setl_time.str[:10] > died)[died != ""].any()
    assert people.loc[ring["persons"] + ring["context_persons"]].addr.str.endswith("养老院").mean() > 0.5


def test_ghost_prescriptions_are_one_template_without_consultation(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "ghost_prescriptions")
    fee = tables["fee_list_d"][tables["fee_list_d"].setl_id.isin(ring["setl_ids"])]
    clinic = fee[fee.fixmedins_code.str.startswith("H")]
    assert len(clinic) and CONSULT not in set(clinic.med_list_codg)
    baskets = clinic.groupby("setl_id").apply(lambda f: tuple(sorted(zip(f.med_list_codg, f.cnt))), include_groups=False)
    assert baskets.nunique() == 1
    filled = fee[fee.fixmedins_code.str.startswith("P")]
    assert set(filled.bilg_dr_codg) == set(ring["doctors"]) and (filled.rx_circ_flag == "1").all()


def test_bed_hanging_readmits_within_days_with_almost_no_drugs(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "ward_bed_hanging")
    visits = tables["mdtrt_d"][tables["mdtrt_d"].mdtrt_id.isin(_mine(tables["setl_d"], ring).mdtrt_id)]
    visits = visits.assign(b=pd.to_datetime(visits.begntime), e=pd.to_datetime(visits.endtime)).sort_values("b")
    gaps = (visits.groupby("psn_no").b.shift(-1) - visits.e).dropna()
    assert (gaps < pd.Timedelta(days=15)).any() and visits.dise_codg.nunique() == 1
    assert visits.b.dt.date.value_counts().max() >= 3  # admitted by the busload
    fee = tables["fee_list_d"][tables["fee_list_d"].setl_id.isin(ring["setl_ids"])]
    drugs = fee[fee.med_list_codg.str[0].isin(["X", "Z"])].det_item_fee_sumamt.astype(float).sum()
    assert drugs < 0.1 * fee.det_item_fee_sumamt.astype(float).sum()


def test_a_dead_parents_card_is_used_on_the_survivors_phone(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "deceased_parent")
    people = tables["psn_info"].set_index("psn_no")
    mine = _mine(tables["setl_d"], ring)
    assert (mine.setl_time.str[:10] > mine.psn_no.map(people.death_date)).all()
    devices = tables["psn_ident"][tables["psn_ident"].psn_no.isin(ring["persons"])
                                  & (tables["psn_ident"].ident_type == "device")]
    assert devices.groupby("ident_value").psn_no.nunique().max() == len(ring["persons"])


def test_lent_credentials_carry_stays_that_do_not_fit(every_modus, tables):
    _, truth = every_modus
    ring = _ring(truth, "credential_lending")
    visits = tables["mdtrt_d"][tables["mdtrt_d"].mdtrt_id.isin(_mine(tables["setl_d"], ring).mdtrt_id)]
    sex = visits.psn_no.map(tables["psn_info"].set_index("psn_no").gend)
    misfit = ((sex == "1") & visits.dise_codg.eq("O80.000")) | ((sex == "2") & visits.dise_codg.eq("N40.x00"))
    assert misfit.any()
    assert (_mine(tables["setl_d"], ring).mdtrt_cert_type == "02").all()
    broker = ring["centre"]["key"]
    idents = tables["psn_ident"]
    phones = set(idents[(idents.psn_no == broker) & (idents.ident_type == "tel")].ident_value)
    assert idents[idents.ident_value.isin(phones) & idents.psn_no.isin(ring["persons"])].psn_no.nunique() >= 2


def test_export_quirks_are_in_the_files(every_modus, tables):
    folder, truth = every_modus
    quirks = truth["parameters"]["export"]
    assert ("resale_risk" in tables["drug_catalog"]) != quirks["catalog_without_risk"]
    assert ("opter_id" in tables["setl_d"]) != quirks["no_counter_columns"]
    assert "acct_mulaid_pay" in tables["setl_d"]
    codes = _codes(tables["fee_list_d"]).code
    shapes = {"gs1": codes.str.startswith("(01)"), "maker": codes.str.match(r"^[A-K]{6}\d{13}$"),
              "digits": codes.str.match(r"^\d{20}$")}
    assert sum(mask.any() for mask in shapes.values()) >= 2
    pharmacies = set(tables["fixmedins"].fixmedins_code[tables["fixmedins"].fixmedins_type == "2"])
    sold = set(tables["fee_list_d"].fixmedins_code) & pharmacies
    assert 0 < len(sold - set(tables["inv_sale"].fixmedins_code)) < len(sold)
    if quirks["local_med_type_pref"]:
        assert tables["setl_d"].med_type.isin(["140104", "2101", "9929"]).any()
    drug_lines = tables["fee_list_d"][tables["fee_list_d"].med_list_codg.str[0].isin(["X", "Z"])]
    assert (drug_lines.prd_days == "").mean() > 0.8


@pytest.fixture(scope="module")
def full_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("full") / "data"
    summary = generate(folder, persons=20_000, seed=203, messy=False, variant="adversarial")
    return folder, json.loads(summary.truth_path.read_text(encoding="utf-8"))


def test_look_alikes_and_context_persons_carry_no_decisive_finding(full_world):
    """No innocent settles after death or in two provinces (nor two prefectures) within three hours."""
    folder, truth = full_world
    innocent = {p for g in truth["hard_negatives"] for p in g["persons"]}
    innocent |= {p for r in truth["rings"] for p in r["context_persons"]}
    assert len({g["kind"] for g in truth["hard_negatives"]}) >= 12
    setl = _csv(folder, "setl_d")
    setl = setl[setl.psn_no.isin(innocent) & (setl.refd_setl_flag == "0")].assign(
        t=lambda f: pd.to_datetime(f.setl_time), pref=lambda f: f.fixmedins_code.str[1:5])
    died = _csv(folder, "psn_info").set_index("psn_no").death_date.replace("", None).dropna()
    after = setl[setl.psn_no.isin(died.index)]
    assert not (after.t > pd.to_datetime(after.psn_no.map(died))).any()
    pairs = setl.merge(setl, on="psn_no")
    far = pairs[(pairs.pref_x < pairs.pref_y) & ((pairs.t_x - pairs.t_y).abs() < pd.Timedelta(hours=3))]
    assert far.empty, far.head().to_string()


def test_look_alikes_reuse_no_trace_code(full_world):
    folder, truth = full_world
    innocent = {p for g in truth["hard_negatives"] for p in g["persons"]}
    codes = _codes(_csv(folder, "fee_list_d"))
    mine = codes[codes.psn_no.isin(innocent)]
    again = codes[codes.code.isin(mine.code)].groupby("code").setl_id.nunique()
    assert (again == 1).all()


def test_look_alikes_are_as_large_as_the_schemes(full_world):
    _, truth = full_world
    sizes = {g["kind"]: len(g["persons"]) for g in truth["hard_negatives"]}
    assert max(sizes.values()) >= 100
    assert max(len(r["persons"]) for r in truth["rings"]) <= max(sizes.values())


def test_nofraud_twin_has_the_same_world_and_no_group(tmp_path: Path):
    a = generate(tmp_path / "a", persons=3000, seed=14, messy=False, variant="adversarial")
    b = generate(tmp_path / "b", persons=3000, seed=14, messy=False, variant="adversarial-nofraud")
    ta, tb = (json.loads(s.truth_path.read_text(encoding="utf-8")) for s in (a, b))
    assert ta["rings"] and tb["rings"] == [] and tb["parameters"]["planted_groups"] == 0
    assert [(g["group_id"], sorted(g["persons"])) for g in ta["hard_negatives"]] == \
        [(g["group_id"], sorted(g["persons"])) for g in tb["hard_negatives"]]
    assert ta["parameters"]["export"] == tb["parameters"]["export"]
    assert len(_csv(b.outdir, "setl_d")) < len(_csv(a.outdir, "setl_d"))  # the schemes' settlements are gone


def test_a_messy_adversarial_world_loads_as_its_truth_says(tmp_path: Path):
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    summary = generate(tmp_path / "data", persons=3000, seed=16, variant="adversarial")
    truth = json.loads(summary.truth_path.read_text(encoding="utf-8"))
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        report = load_directory(store, tmp_path / "data", tmp_path / "loads")
    assert report.per_table() == truth["load_expectations"]


def test_world_file_accepts_the_family_and_its_modi(tmp_path: Path):
    from graphfraud.generate.families import draw_params, read_world_file

    path = tmp_path / "w.toml"
    path.write_text('variant = "adversarial"\ngroup_size = 4\ndormant_share = 0.5\n[modi]\n'
                    '"resale.online_voucher" = 2\n', encoding="utf-8")
    params = draw_params(1, 20_000, world=read_world_file(path))
    assert sum(g.modus == "online_voucher" for g in params.groups) == 2
    assert {g.size for g in params.groups} == {4}


def test_background_refills_skip_persons_whose_month_a_look_alike_buys():
    """A diabetes-club member or a village elder buys the month's drug in the group; a background
    refill on top would supply them twice, an over-supply no honest story has."""
    from graphfraud.generate.background import _frame, _lines
    from graphfraud.generate.families import draw_params
    from graphfraud.generate.routine import varied_routines
    from graphfraud.generate.scenario import build_world, plant

    world = build_world(3000, 21, draw_params(21, 3000, "adversarial-nofraud"))
    plant(world)
    covered = world.extras["planted_refills"]
    clubs = {p for t in world.truths for p, role in t.persons.items() if role in ("member", "villager")}
    assert covered and clubs <= {str(world.psn_no[q]) for q in covered}
    setl, _ = varied_routines(world, _frame, _lines)
    refilled = set(setl.psn[setl.med_type == "41"])
    assert not refilled & covered and refilled
