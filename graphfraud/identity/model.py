"""The identity model: a Fellegi-Sunter model run by Splink on DuckDB, with every weight in configuration.

Each comparison (ID number, name, birth date, sex, phone, address) has levels from strongest to
weakest agreement; each level's m and u probabilities come from ``defaults.toml`` (overlaid by a
user file), so a reviewer reads the model there and its weights are ``log2(m / u)`` bits. Splink
generates the candidate pairs by the blocking rules (never all pairs), scores them and keeps those at
or above the threshold. Households share a phone and an address, so those weigh little; two records
with different full ID numbers are two people whatever else they share.

>>> cfg = load_config()
>>> round(level_weight(cfg, "certno", "different"), 1), round(level_weight(cfg, "name", "sound_equal"), 1)
(-13.3, 8.0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.errors import InputError
from graphfraud.identity.records import person_keys
from graphfraud.tomlconfig import load_layered

# Each comparison: (column shown, [(level, SQL condition)]) from strongest to weakest; the last
# level of each is its ELSE; a null level (weight 0) comes first.
LEVELS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "certno": ("cert_rt", "cert_rt_l IS NULL OR cert_rt_r IS NULL", [
        ("full_equal", "cert_full_l = cert_full_r"),
        ("head_one_digit", "cert_tail_l = cert_tail_r AND levenshtein(cert_head_l, cert_head_r) = 1"),
        ("masked_equal", "(cert_full_l IS NULL OR cert_full_r IS NULL) AND cert_rt_l = cert_rt_r"),
        ("tail_one_digit", "cert_head_l = cert_head_r AND levenshtein(cert_tail_l, cert_tail_r) = 1"),
        ("different", "ELSE")]),
    "name": ("name_key", "name_key_l IS NULL OR name_key_r IS NULL", [
        ("chars_equal", "name_chars_l = name_chars_r"),
        ("sound_equal", "name_key_l = name_key_r"),
        ("similar", "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.9"),
        ("different", "ELSE")]),
    "brdy": ("brdy", "brdy_l IS NULL OR brdy_r IS NULL", [
        ("equal", "brdy_l = brdy_r"),
        ("near", "damerau_levenshtein(brdy_l, brdy_r) <= 1"
                 " OR (substr(brdy_l, 1, 4) = substr(brdy_r, 1, 4) AND substr(brdy_l, 5, 2) = substr(brdy_r, 7, 2)"
                 " AND substr(brdy_l, 7, 2) = substr(brdy_r, 5, 2))"
                 " OR abs(date_diff('day', try_strptime(brdy_l, '%Y%m%d'), try_strptime(brdy_r, '%Y%m%d'))) <= 1"),
        ("different", "ELSE")]),
    "gend": ("gend", "gend_l IS NULL OR gend_r IS NULL", [("equal", "gend_l = gend_r"), ("different", "ELSE")]),
    "tel": ("tel", "tel_l IS NULL OR tel_r IS NULL", [("equal", "tel_l = tel_r"), ("different", "ELSE")]),
    "addr": ("addr_key", "addr_key_l IS NULL OR addr_key_r IS NULL", [
        ("equal", "addr_key_l = addr_key_r"), ("same_house", "addr_base_l = addr_base_r"), ("different", "ELSE")]),
}


@dataclass(frozen=True)
class IdentityConfig:
    prior: float
    threshold: float
    blocking: list[str]
    levels: dict[str, dict[str, list[float]]]  # comparison -> level -> [m, u]

    def as_dict(self) -> dict[str, Any]:
        return {"prior": self.prior, "threshold": self.threshold, "blocking": self.blocking, **self.levels}


def load_config(path: str | Path | None = None) -> IdentityConfig:
    data = load_layered("graphfraud.identity", "identity config", "docs/identity.md", path)
    levels = {name: data[name] for name in LEVELS}
    for name, (_, _, steps) in LEVELS.items():
        missing = [level for level, _ in steps if level not in levels[name]]
        bad = [level for level, mu in levels[name].items()
               if not (isinstance(mu, list) and len(mu) == 2 and all(0 < float(v) <= 1 for v in mu))]
        if missing or bad:
            raise InputError(f"identity config [{name}]: " + ", ".join(
                [f"missing level {m}" for m in missing] + [f"{b} must be [m, u], each in (0, 1]" for b in bad]),
                "see docs/identity.md for the levels of each comparison")
    model = data["model"]
    return IdentityConfig(float(model["prior"]), float(model["threshold"]), list(model["blocking"]), levels)


def level_weight(config: IdentityConfig, comparison: str, level: str) -> float:
    m, u = config.levels[comparison][level]
    return math.log2(m / u)


def splink_settings(config: IdentityConfig) -> dict[str, Any]:
    """The Splink settings of the model: comparisons with fixed m and u, blocking rules, prior."""
    comparisons = []
    for name, (column, null_sql, steps) in LEVELS.items():
        levels: list[dict[str, Any]] = [{"sql_condition": null_sql, "label_for_charts": "missing", "is_null_level": True}]
        for level, sql in steps:
            m, u = config.levels[name][level]
            levels.append({"sql_condition": sql, "label_for_charts": level, "m_probability": m, "u_probability": u})
        comparisons.append({"output_column_name": name, "comparison_description": column,
                            "comparison_levels": levels})
    return {"link_type": "dedupe_only", "unique_id_column_name": "unique_id",
            "probability_two_random_records_match": config.prior,
            "blocking_rules_to_generate_predictions": [{"blocking_rule": rule, "sql_dialect": "duckdb"}
                                                       for rule in config.blocking],
            "comparisons": comparisons, "retain_matching_columns": False,
            "retain_intermediate_calculation_columns": True}


def score_pairs(psn_info: pd.DataFrame, config: IdentityConfig) -> pd.DataFrame:
    """Pairs of ``psn_no`` at or above the threshold: ``psn_a < psn_b``, ``match_weight``,
    ``match_probability`` and, per comparison, the level that applied (``certno`` ... ``addr``)."""
    import logging

    from splink import DuckDBAPI, Linker

    columns = ["psn_a", "psn_b", "match_weight", "match_probability", *LEVELS]
    records = person_keys(psn_info)
    if len(records) < 2:
        return pd.DataFrame(columns=columns)
    db = DuckDBAPI()
    linker = Linker(db.register(records), splink_settings(config), log_level=logging.WARNING)
    scored = linker.inference.predict(threshold_match_weight=config.threshold, warning_mode="never").as_pandas_dataframe()
    out = pd.DataFrame({"psn_a": scored.unique_id_l.astype(str), "psn_b": scored.unique_id_r.astype(str),
                        "match_weight": scored.match_weight.astype(float),
                        "match_probability": scored.match_probability.astype(float)})
    for name, (_, _, steps) in LEVELS.items():  # Splink gives each comparison's weight: name its level
        by_weight = {round(level_weight(config, name, level), 6): level for level, _ in steps} | {0.0: "missing"}
        out[name] = scored[f"mw_{name}"].astype(float).round(6).map(by_weight).fillna("missing")
    swap = out.psn_a > out.psn_b
    out.loc[swap, ["psn_a", "psn_b"]] = out.loc[swap, ["psn_b", "psn_a"]].to_numpy()
    return out.sort_values(["psn_a", "psn_b"]).reset_index(drop=True)[columns]
