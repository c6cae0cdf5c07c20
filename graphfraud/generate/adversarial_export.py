"""How an adversarial world's export differs from a tidy one: the data-shape surprises honest exports hold.

- trace codes of mixed formats: 20-digit 码上放心 codes, GS1 element strings, makers' own codes
  (letters and the serial) and codes whose first digits say nothing about the product;
- a drug catalogue without the ``resale_risk`` watch list (and without the pack-days extra);
- settlements without ``opter_id``/``dev_no``; an ``acct_mulaid_pay`` column (个账共济);
- pharmacies that upload no inventory at all (no ``inv_*`` rows);
- one prefecture's institutions using local ``med_type`` codes (140104, 2101, 9929);
- ``prd_days`` kept on only 5–15 % of drug lines;
- sale returns booked in a pharmacy's own books without any refund of the settlement (refund cycling).

Every format is a fixed function of the internal code, so a box settled twice carries the same
text twice, and the truth file's trace codes are rewritten the same way.
"""
from __future__ import annotations

import hashlib
from typing import Callable

import numpy as np
import pandas as pd

from graphfraud.generate.adversarial_params import AdversarialParams, ExportQuirks
from graphfraud.generate.claims import Claims
from graphfraud.generate.formats import money
from graphfraud.generate.world import World

LOCAL_MED_TYPES = {"14": "140104", "21": "2101", "11": "9929"}
EXTRA_DISEASES = {"O80.000": "单胎顺产", "N40.x00": "前列腺增生", "Z25.100": "需要流感预防接种"}
FORMATS = ("msfx", "gs1", "maker", "random")
TRACED = {"fee_list_d", "inv_sale", "inv_purc"}


def trace_formatter(world: World, quirks: ExportQuirks) -> Callable[[str], str]:
    """Each product's codes in one of four formats, drawn per product; a fixed function of the code."""
    rng = world.rng("adv-trace-formats")
    drugs = world.items[world.items.is_drug]
    shares = np.array(quirks.trace_formats, dtype=float)
    kinds = dict(zip(drugs.trace_prefix, rng.choice(FORMATS, size=len(drugs), p=shares / shares.sum())))
    salt = f"adv{world.seed}".encode()

    def fmt(code: str) -> str:
        kind, prefix, serial = kinds.get(code[:7], "msfx"), code[:7], code[7:]
        if kind == "gs1":
            body = "0690" + prefix[1:7] + "100"
            check = (10 - sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(body)) % 10) % 10
            h = int(hashlib.blake2b(serial.encode(), digest_size=4).hexdigest(), 16)
            return f"(01){body}{check}(17){26 + h % 3:02d}{1 + h % 12:02d}28(10)B{h % 100000:05d}(21){serial}"
        if kind == "maker":
            return "".join("ABCDEFGHJK"[int(c)] for c in prefix[1:7]) + serial
        if kind == "random":
            return f"{int(hashlib.blake2b(salt + code.encode(), digest_size=9).hexdigest(), 16) % 10**20:020d}"
        return code
    return fmt


def _recode(column: pd.Series, fmt: Callable[[str], str]) -> pd.Series:
    values = column.fillna("").astype(str)
    has = values != ""
    if not has.any():
        return values
    parts = values[has].str.split(",").explode()
    mapping = {code: fmt(code) for code in pd.unique(parts) if code}
    joined = parts.map(mapping).fillna("").groupby(level=0).agg(",".join)
    values.loc[joined.index] = joined
    return values


def _without_inventory(world: World, quirks: ExportQuirks) -> set[str]:
    rng = world.rng("adv-no-inventory")
    keep = {world.inst_codes[i] for i in world.extras.get("needs_inventory", set())}
    pharmacies = [c for c in world.inst.code[world.inst.kind == "P"] if c not in keep]
    n = int(round(quirks.no_inventory_share * len(pharmacies)))
    return set(rng.choice(pharmacies, size=n, replace=False).tolist()) if n else set()


def _sale_returns(world: World, claims: Claims, sales: pd.DataFrame) -> pd.DataFrame:
    """Sale returns (3506) booked for settlements that were never refunded (refund cycling)."""
    returns = world.extras.get("inv_returns", [])
    if not returns:
        return sales
    setl = claims.setl.set_index("key")
    delay = pd.Series({setl.setl_id.at[key]: d for key, d in returns})
    rows = sales[sales.setl_id.isin(delay.index) & (sales.sel_retn_flag == "0")].copy()
    t = pd.to_datetime(rows.sel_retn_time) + pd.to_timedelta(rows.setl_id.map(delay).to_numpy(), unit="s")
    rows["sel_retn_time"] = t.dt.strftime("%Y-%m-%d %H:%M:%S")
    rows["sel_retn_flag"] = "1"
    first = 100003 + world.offset("sale")
    rows["medins_prod_sel_no"] = [f"XT{n:014d}" for n in range(first, first + len(rows))]
    out = pd.concat([sales, rows], ignore_index=True)
    return out.sort_values(["sel_retn_time", "medins_prod_sel_no"], ignore_index=True)


def reshape(world: World, claims: Claims, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as this world's export writes them."""
    params = world.params
    assert isinstance(params, AdversarialParams) and params.export is not None
    quirks = params.export
    rng = world.rng("adv-export")
    tables = dict(tables)
    tables["inv_sale"] = _sale_returns(world, claims, tables["inv_sale"])
    fmt = trace_formatter(world, quirks)
    for name in TRACED:
        tables[name] = tables[name].assign(drug_trac_codg=_recode(tables[name].drug_trac_codg, fmt))
    gone = _without_inventory(world, quirks)
    for name in ("inv_purc", "inv_sale", "inv_stock"):
        tables[name] = tables[name][~tables[name].fixmedins_code.isin(gone)].reset_index(drop=True)
    if quirks.catalog_without_risk:
        tables["drug_catalog"] = tables["drug_catalog"].drop(columns="resale_risk")
    if quirks.catalog_without_days:
        tables["drug_catalog"] = tables["drug_catalog"].drop(columns="pack_days")
    setl = tables["setl_d"]
    mulaid = np.where(claims.setl.pay.to_numpy() == "mulaid", claims.setl.acct.to_numpy(), 0)
    setl = setl.assign(acct_mulaid_pay=pd.array(money(mulaid), dtype="str"))
    if quirks.no_counter_columns:
        setl = setl.drop(columns=["opter_id", "dev_no"])
    tables["setl_d"] = setl
    if quirks.local_med_type_pref:
        for name in ("setl_d", "mdtrt_d"):
            frame = tables[name]
            local = frame.fixmedins_code.str[1:5] == quirks.local_med_type_pref
            tables[name] = frame.assign(med_type=frame.med_type.where(~local, frame.med_type.replace(LOCAL_MED_TYPES)))
    fee = tables["fee_list_d"]
    filled = (fee.prd_days != "").to_numpy()
    keep = rng.random(len(fee)) < quirks.prd_days_share / max(filled.mean(), quirks.prd_days_share)
    tables["fee_list_d"] = fee.assign(prd_days=fee.prd_days.where(~filled | keep, ""))
    visits = tables["mdtrt_d"]
    tables["mdtrt_d"] = visits.assign(dise_name=visits.dise_name.where(visits.dise_name != "",
                                                                       visits.dise_codg.map(EXTRA_DISEASES).fillna("")))
    return tables


def reshape_truth(world: World, document: dict) -> dict:
    """Trace codes in the truth file as the export writes them."""
    params = world.params
    assert isinstance(params, AdversarialParams) and params.export is not None
    fmt = trace_formatter(world, params.export)
    for ring in document["rings"]:
        ring["trace_codes"] = sorted(fmt(code) for code in ring["trace_codes"])
    return document
