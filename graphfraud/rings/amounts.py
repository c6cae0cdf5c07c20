"""Ring amounts and their criminal amount class (数额较大 / 巨大 / 特别巨大).

Amounts come from ``setl_d``, never from fee lines joined to settlements (1:N would inflate them):
once per ``setl_id``, valid rows only, each suspicious settlement's refunds netted in. Pooled fund
(``fund_pay_sumamt``, of which ``hifp_pay``) and personal account (``acct_pay``) stay apart.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.errors import InputError

AMOUNT_COLUMNS = ["medfee_sumamt", "fund_pay_sumamt", "hifp_pay", "acct_pay"]
SETTLEMENT_COLUMNS = ["setl_id", "mdtrt_id", "psn_no", "setl_time", "refd_setl_flag", "vali_flag", *AMOUNT_COLUMNS]
CLASSES = ("数额较大", "数额巨大", "数额特别巨大")
BASES = ("fund_pay_sumamt", "fund_plus_account")


@dataclass(frozen=True)
class Thresholds:
    province: str
    large: float
    huge: float
    especially_huge: float
    basis: str = "fund_pay_sumamt"

    def amount_class(self, fund_pay: float, acct_pay: float = 0.0) -> str:
        """The class an amount reaches, or "" below 数额较大.

        >>> Thresholds("50", 5000, 70000, 500000).amount_class(69_999.0)
        '数额较大'
        """
        amount = fund_pay + (acct_pay if self.basis == "fund_plus_account" else 0.0)
        for label, bar in zip(reversed(CLASSES), (self.especially_huge, self.huge, self.large)):
            if amount >= bar:
                return label
        return ""


def load_thresholds(path: str | Path | None = None, province: str = "") -> Thresholds:
    """Thresholds of ``province`` (two-digit admdvs prefix or its name) from ``path`` or the defaults."""
    try:
        text = (Path(path).read_text(encoding="utf-8") if path
                else resources.files("graphfraud.rings").joinpath("thresholds.toml").read_text(encoding="utf-8"))
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read thresholds file {path}: {exc}",
                         "give a TOML file shaped like graphfraud/rings/thresholds.toml") from exc
    basis = data.get("basis", "fund_pay_sumamt")
    if basis not in BASES:
        raise InputError(f"unknown amount basis {basis!r} in {path or 'thresholds.toml'}", "use " + " or ".join(BASES))
    section, name = _province_section(data, province)
    try:
        return Thresholds(name, float(section["large"]), float(section["huge"]), float(section["especially_huge"]),
                          basis)
    except KeyError as exc:
        raise InputError(f"thresholds for {name} lack {exc}", "give large, huge and especially_huge") from exc


def _province_section(data: dict[str, Any], province: str) -> tuple[dict[str, Any], str]:
    if not province:
        return data.get("default", {}), "default"
    provinces = data.get("provinces", {})
    for code, section in provinces.items():
        if province in (code, section.get("name")):
            return section, code
    known = ", ".join(f"{c} ({s.get('name', '')})" for c, s in provinces.items()) or "none"
    raise InputError(f"no thresholds for province {province!r}", f"known provinces: {known}; or add one to the file")


def ring_settlements(settlements: pd.DataFrame, ring_setl: pd.DataFrame,
                     owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each ring's settlements: the valid rows of its evidence ``setl_id``s plus the valid refunds of the
    same visits, once per (ring_id, setl_id). ``ring_setl`` has ring_id and setl_id columns.

    With ``owners`` (ring_id, setl_id, psn_no: the member persons each evidence row names for that
    settlement) a settlement counts only as its own holder's evidence: the resold box a downstream
    buyer paid for, a member's genuine refill that a pharmacy's stock gap or swipe burst names beside
    the others, are evidence of the ring, not its loss."""
    valid = settlements[settlements.vali_flag.fillna(1) == 1]
    chosen = ring_setl[["ring_id", "setl_id"]].drop_duplicates().merge(valid, on="setl_id")
    if owners is not None:
        chosen = chosen.merge(owners[["ring_id", "setl_id", "psn_no"]].drop_duplicates(),
                              on=["ring_id", "setl_id", "psn_no"])
    refunds = valid[valid.refd_setl_flag.fillna(0) == 1]
    netted = (chosen[["ring_id", "mdtrt_id"]].dropna().drop_duplicates()
              .merge(refunds, on="mdtrt_id"))
    return pd.concat([chosen, netted], ignore_index=True).drop_duplicates(["ring_id", "setl_id"])


def ring_amounts(settlements: pd.DataFrame) -> pd.DataFrame:
    """Per ring_id: sums of the amount columns, settlement count (refunds excluded) and period."""
    frame = settlements.assign(original=settlements.refd_setl_flag.fillna(0) == 0)
    for column in AMOUNT_COLUMNS:
        frame[column] = frame[column].fillna(0.0)
    grouped = frame.groupby("ring_id")
    out = grouped[AMOUNT_COLUMNS].sum().round(2)
    out["settlements"] = grouped["original"].sum().astype(int)
    out["period_start"] = grouped["setl_time"].min()
    out["period_end"] = grouped["setl_time"].max()
    return out
