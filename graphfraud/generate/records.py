"""The claim and person tables as the platform exports them: canonical columns, every value text.

Times come out in the style asked for (see ``timeline.render``); amounts in yuan with two
decimals; identifiers exactly as generated, so a loader reading strings gets them back unchanged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.generate import lexicon
from graphfraud.generate.claims import Claims
from graphfraud.generate.formats import arrow, decimal, frame, money
from graphfraud.generate.timeline import DAY, render, render_date
from graphfraud.generate.world import World

DISEASE_NAMES = dict(lexicon.ACUTE_DISEASES + lexicon.INPATIENT_DISEASES + list(lexicon.CHRONIC_DISEASES.values()))


def pick(values: pd.Series, rows: np.ndarray) -> pa.Array:
    """``values[rows]`` of a small table's string column, as Arrow text."""
    return arrow(values).take(pa.array(np.asarray(rows, dtype=np.int64)))


def doctor(world: World, dr: np.ndarray, column: str) -> pa.Array:
    """A practitioner column for each row, empty where no doctor is named (-1)."""
    return pc.if_else(pa.array(dr >= 0), pick(world.staff[column], np.maximum(dr, 0)), "")


def text(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values)), pa.string())


def setl_table(world: World, claims: Claims, time_style: str = "iso") -> pd.DataFrame:
    s = claims.setl
    psn, inst = s.psn.to_numpy(), s.inst.to_numpy()
    return frame({
        "setl_id": s.setl_id, "mdtrt_id": s.mdtrt_id, "psn_no": pick(world.persons.psn_no, psn),
        "fixmedins_code": pick(world.inst.code, inst), "med_type": s.med_type,
        "insutype": pick(world.persons.insutype, psn), "setl_time": render(s.t.to_numpy(), time_style),
        "medfee_sumamt": money(s.medfee), "hifp_pay": money(s.hifp), "fund_pay_sumamt": money(s.fund),
        "acct_pay": money(s.acct), "psn_cash_pay": money(s.cash), "refd_setl_flag": text(s.refd),
        "vali_flag": text(s.vali), "insuplc_admdvs": pick(world.persons.insuplc, psn),
        "mdtrtarea_admvs": pick(world.inst.admdvs, inst), "mdtrt_cert_type": s.cert, "opter_id": s.opter,
        "dev_no": s.dev,
    })


def fee_table(world: World, claims: Claims, time_style: str = "iso") -> pd.DataFrame:
    ln = claims.lines
    item, dr = ln.item.to_numpy(), ln.dr.to_numpy()
    prd = ln.prd_days.to_numpy()
    return frame({
        "bkkp_sn": ln.bkkp_sn, "setl_id": ln.setl_id, "mdtrt_id": ln.mdtrt_id,
        "psn_no": pick(world.persons.psn_no, ln.psn.to_numpy()), "fixmedins_code": pick(world.inst.code, ln.inst),
        "fee_ocur_time": render(ln.ft.to_numpy(), time_style), "med_list_codg": pick(world.items.code, item),
        "hilist_name": pick(world.items.name, item), "list_type": pick(world.items.list_type, item),
        "cnt": text(ln.cnt), "pric": decimal(ln.pric.to_numpy(), 4), "det_item_fee_sumamt": money(ln.amount),
        "prd_days": pc.if_else(pa.array(np.isnan(prd)), "", text(np.nan_to_num(prd).astype(np.int64))),
        "bilg_dr_codg": doctor(world, dr, "dr_code"), "bilg_dr_name": doctor(world, dr, "dr_name"),
        "rxno": ln.rxno, "rx_circ_flag": text(ln.rx), "trdn_flag": text(ln.trdn),
        "drug_trac_codg": ln.trace, "vali_flag": text(ln.vali),
    })


def visit_table(world: World, claims: Claims, time_style: str = "iso") -> pd.DataFrame:
    v = claims.setl[claims.setl.refd == 0].sort_values(["begn", "key"], ignore_index=True)
    stay = -(-(v.endt.to_numpy() - v.begn.to_numpy()) // DAY)
    return frame({
        "mdtrt_id": v.mdtrt_id, "psn_no": pick(world.persons.psn_no, v.psn.to_numpy()),
        "fixmedins_code": pick(world.inst.code, v.inst.to_numpy()), "med_type": v.med_type,
        "begntime": render(v.begn.to_numpy(), time_style), "endtime": render(v.endt.to_numpy(), time_style),
        "dise_codg": v.dise, "dise_name": v.dise.map(DISEASE_NAMES).fillna(""),
        "atddr_no": doctor(world, v.dr.to_numpy(), "dr_code"),
        "ipt_days": pc.if_else(pa.array(v.med_type.to_numpy() == "21"), text(stay), ""), "vali_flag": text(v.vali),
    })


def person_table(world: World) -> pd.DataFrame:
    p = world.persons
    death = p.death_t.to_numpy()
    death_day = (np.datetime64("2025-07-01") - np.datetime64("1970-01-01")).astype(np.int64) + death // DAY
    return frame({
        "psn_no": p.psn_no, "certno": p.certno, "psn_name": p.psn_name, "gend": p.gend,
        "brdy": render_date(p.birth_day.to_numpy()), "insutype": p.insutype, "psn_type": p.psn_type,
        "insuplc_admdvs": p.insuplc, "emp_name": p.emp_name, "tel": p.tel, "addr": p.addr,
        "psn_insu_stas": "1",  # the insurance side does not learn of deaths (人亡卡活)
        "death_date": np.where(death >= 0, render_date(death_day), ""),
    })
