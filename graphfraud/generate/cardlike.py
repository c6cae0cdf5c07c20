"""The ``nodrug`` variant: the same world exported as public transaction data without drug information.

Every settlement becomes one card-like transaction (card, merchant, time, amounts) with a single
fee line of one generic item code: no drug catalogue, no trace codes, no days of supply, no
prescriber, no inventory, no identifiers or rule hits. Merchants are the world's institutions
(about a hundred at 20,000 persons) under neutral names.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate.claims import Claims
from graphfraud.generate.formats import frame, money
from graphfraud.generate.records import pick, text
from graphfraud.generate.timeline import render, render_date
from graphfraud.generate.world import World

GENERIC_ITEM = "000000000000000000000000"  # one item code for every line
GENERIC_NAME = "医疗消费"


def card_tables(world: World, claims: Claims) -> dict[str, pd.DataFrame]:
    s, lines = claims.setl, claims.lines
    first = lines.drop_duplicates("setl_id")  # one line per settlement keeps its bookkeeping number
    first = first.set_index("setl_id").reindex(s.setl_id.to_numpy())
    psn, inst = s.psn.to_numpy(), s.inst.to_numpy()
    merchants = world.inst.assign(merchant=[f"商户{i + 1:04d}" for i in range(len(world.inst))])
    p = world.persons
    return {
        "psn_info": frame({"psn_no": p.psn_no, "gend": p.gend,
                           "brdy": render_date(p.birth_day.to_numpy()), "insuplc_admdvs": p.insuplc}),
        "fixmedins": frame({"fixmedins_code": merchants.code, "fixmedins_name": merchants.merchant,
                            "fixmedins_type": merchants.fixmedins_type}),
        "setl_d": frame({
            "setl_id": s.setl_id, "psn_no": pick(p.psn_no, psn), "fixmedins_code": pick(world.inst.code, inst),
            "setl_time": render(s.t.to_numpy()), "medfee_sumamt": money(s.medfee), "hifp_pay": money(s.hifp),
            "fund_pay_sumamt": money(s.fund), "acct_pay": money(s.acct), "psn_cash_pay": money(s.cash),
            "refd_setl_flag": text(s.refd), "vali_flag": text(s.vali)}),
        "fee_list_d": frame({
            "bkkp_sn": first.bkkp_sn.fillna("").to_numpy(dtype=str), "setl_id": s.setl_id,
            "psn_no": pick(p.psn_no, psn), "fixmedins_code": pick(world.inst.code, inst),
            "fee_ocur_time": render(s.t.to_numpy()), "med_list_codg": np.full(len(s), GENERIC_ITEM),
            "hilist_name": np.full(len(s), GENERIC_NAME), "cnt": text(np.where(s.refd == 1, -1, 1)),
            "pric": money(np.abs(s.medfee.to_numpy())), "det_item_fee_sumamt": money(s.medfee),
            "vali_flag": text(s.vali)}),
    }
