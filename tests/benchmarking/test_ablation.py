"""The ablation benchmark takes out exactly what each variant names, and nothing else."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.ablation import VARIANTS, degrade, summary


def _export(folder: Path) -> None:
    folder.mkdir()
    pd.DataFrame({"setl_id": [f"s{i}" for i in range(400)], "prd_days": "30",
                  "drug_trac_codg": [f"8167{i:016d}" for i in range(400)]}).to_csv(folder / "fee_list_d.csv", index=False)
    pd.DataFrame({"psn_no": ["p1"], "tel": ["13800000000"], "addr": ["杭州"], "psn_name": ["张三"]}).to_csv(
        folder / "psn_info.csv", index=False)
    pd.DataFrame({"med_list_codg": ["X1"], "resale_risk": ["1"]}).to_csv(folder / "drug_catalog.csv", index=False)
    for table in ("psn_ident", "inv_sale", "rule_hits"):
        pd.DataFrame({"psn_no": ["p1"]}).to_csv(folder / f"{table}.csv", index=False)


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def test_each_variant_takes_out_its_fields_only(tmp_path: Path) -> None:
    kept = {}
    for variant in ("full", "codes50", "nocodes", "nodays", "noident", "noinv", "norules", "nowatch", "nocatalog"):
        folder = tmp_path / variant
        _export(folder)
        degrade(folder, variant, seed=7)
        fee = _read(folder, "fee_list_d")
        kept[variant] = (fee.drug_trac_codg != "").mean()
        assert bool((fee.prd_days == "").all()) is (variant == "nodays")
        person = _read(folder, "psn_info")
        assert bool((person.tel == "").all()) is (variant == "noident") and person.psn_name.tolist() == ["张三"]
        assert (folder / "psn_ident.csv").exists() is (variant != "noident")
        assert (folder / "inv_sale.csv").exists() is (variant != "noinv")
        assert (folder / "rule_hits.csv").exists() is (variant != "norules")
        assert len(fee) == 400
        catalogue = folder / "drug_catalog.csv"
        assert catalogue.exists() is (variant != "nocatalog")
        if variant != "nocatalog":
            assert bool((_read(folder, "drug_catalog").resale_risk == "").all()) is (variant == "nowatch")
    assert kept["full"] == 1.0 and kept["nocodes"] == 0.0 and 0.4 < kept["codes50"] < 0.6
    assert {"messy", "nowatch", "nocatalog"} <= set(VARIANTS)


def test_the_summary_takes_the_worst_world_of_each_variant() -> None:
    def row(world: str, variant: str, recall: float, error: float | None) -> dict:
        return {"world": world, "variant": variant,
                "product": {"recall": recall, "precision_at_k": 1.0, "member_f1": 0.9, "amount_error": error,
                            "lookalikes": 0}}
    empty = {"world": "nofraud-100", "variant": "full", "product": {"recall": None, "precision_at_k": None,
                                                                     "member_f1": None, "amount_error": None,
                                                                     "lookalikes": 1, "rings": 2}}
    got = summary([row("a", "full", 1.0, 0.01), row("b", "full", 0.8, 0.2), row("a", "nocodes", 0.3, None), empty])
    assert got["full"]["empty_rings"] == 2 and got["full"]["lookalikes"] == 1 and got["full"]["worlds"] == 2
    assert got["full"]["recall"] == {"worst": 0.8, "median": 0.9}
    assert got["full"]["amount_error"]["worst"] == 0.2 and got["nocodes"]["amount_error"] is None


def test_a_world_is_family_and_seed_or_a_one_line_usage_error(capsys) -> None:
    import pytest

    from benchmarks.ablation import _world, main

    assert _world("adversarial-nofraud:200") == ("adversarial-nofraud", 200)
    with pytest.raises(SystemExit) as stop:
        main(["--seeds", "adversarial"])
    assert stop.value.code == 2 and "is not FAMILY:SEED" in capsys.readouterr().err
