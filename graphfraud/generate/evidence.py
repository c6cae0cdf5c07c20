"""Evidence from outside the claims: identifiers linked to persons, rule hits (3101/3102), tip-offs.

``psn_ident``: everyone has their own phones, devices, accounts; one household in four keeps its
members' e-vouchers on one phone (an innocent shared device); the rings' shared identifiers
come from the schemes (``world.idents``). Rule hits and tips point at planted rings and at
innocent hard-negative groups alike, as rule engines and informants do: a place to start,
never a verdict.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate import lexicon
from graphfraud.generate.formats import digits, frame, join, money, padded
from graphfraud.generate.population import mobiles, names
from graphfraud.generate.records import pick
from graphfraud.generate.timeline import DAY, DAYS, render
from graphfraud.generate.world import World

RULES = {  # rule for the settlements of each kind of group; GZ codes from the NHSA framework
    "resale": ("GZ10000301006000", "重复开药", "同一参保人短期内重复开具同一药品"),
    "fake_purchase": ("GZ10000202001000", "药品进销存异常", "药品销售数量大于进货数量"),
    "collusion": ("GZ10000301005000", "超说明书用量开药", "单次开药量超过说明书规定用量"),
    "impersonation": ("R-DEATH-01", "死亡人员发生医保结算", "结算时间晚于死亡登记日期"),
    "chronic_patient": ("GZ10000301006000", "重复开药", "同一参保人短期内重复开具同一药品"),
    "nursing_home": ("GZ10000204003000", "频繁购药", "参保人短期内在同一药店频繁购药"),
    "family": ("GZ10000204003000", "频繁购药", "参保人短期内在同一药店频繁购药"),
    "background": ("GZ10000204002000", "频繁门诊", "参保人短期内频繁门诊就医"),
}
TASKS = np.array(["TASK2025Q3", "TASK2025Q4", "TASK2026Q1", "TASK2026Q2"])  # one rule-engine run per quarter
TIPS = {
    "resale": "有人在医院门口收购医保药品，组织老人用医保卡开药",
    "fake_purchase": "该药店收集他人医保卡夜间刷卡，购买日用品记为药品",
    "collusion": "某医生开大量外配处方，患者都被要求到指定药店取药",
    "impersonation": "已去世的亲属医保卡仍在被人使用",
    "nursing_home": "养老院工作人员拿很多老人的医保卡去药店刷卡",
    "hub_pharmacy": "医院药房排队人多，怀疑有人倒药",
    "background": "怀疑邻居把医保卡借给他人使用",
}


def ident_table(world: World) -> pd.DataFrame:
    rng = world.rng("idents")
    p = world.persons
    n = len(p)
    people = np.arange(n)
    hh = p.hh.to_numpy()
    shared_hh = (p.hh_size.to_numpy() > 1) & (rng.random(hh.max() + 1) < 0.25)[hh]
    device_owner = np.where(shared_hh, hh + n, people)  # a household device, or the person's own
    parts = []
    for ident_type, share, source, values in (
            ("device", 0.4, "e_voucher", np.strings.add("86", padded(device_owner * 7919 + 10**12, 13))),
            ("bank_acct", 0.45, "bank_registration", np.strings.add("6217", padded(rng.integers(0, 10**15, n), 15))),
            ("wechat", 0.2, "wechat_bind", np.strings.add("wxid_", padded(rng.integers(0, 10**10, n), 10))),
            ("tel", 0.15, "bank_registration", mobiles(rng, n))):  # a second phone
        has = rng.random(n) < share
        if ident_type == "device":
            has |= shared_hh
        parts.append(pd.DataFrame({"psn": people[has], "ident_type": ident_type, "ident_value": values[has],
                                   "source": source}))
    parts.append(pd.DataFrame(world.idents, columns=["psn", "ident_type", "ident_value", "source"]))
    idents = pd.concat(parts, ignore_index=True).drop_duplicates(["psn", "ident_type", "ident_value"])
    idents = idents.sort_values(["psn", "ident_type", "ident_value"], ignore_index=True)
    t = rng.integers(0, DAYS * DAY, len(idents))
    return frame({"psn_no": pick(p.psn_no, idents.psn.to_numpy()), "ident_type": idents.ident_type,
                  "ident_value": idents.ident_value, "source": idents.source, "obs_time": render(t)})


def rule_hits_table(world: World, setl: pd.DataFrame) -> pd.DataFrame:
    rng = world.rng("rule-hits")
    kinds = {t.id: t.kind for t in world.truths}
    valid = ((setl.refd == 0) & (setl.vali == 1)).to_numpy()
    tags = setl.tag.to_numpy()
    tagged = np.flatnonzero(valid & (tags != ""))
    chosen, chosen_kind = [], []
    for tag, rows in sorted(pd.Series(tagged).groupby(tags[tagged]).groups.items()):
        if kinds.get(tag) in RULES and rng.random() < 0.6:  # a group's context settlements carry no rule hit
            picked = rng.choice(tagged[rows], size=min(len(rows), int(rng.integers(1, 4))), replace=False)
            chosen += list(picked)
            chosen_kind += [kinds[tag]] * len(picked)
    background = np.flatnonzero(valid & (tags == ""))
    picked = np.sort(rng.choice(background, size=max(5, len(background) // 400), replace=False))
    order = np.argsort(setl.t.to_numpy()[np.concatenate([chosen, picked]).astype(np.int64)], kind="stable")
    hits = setl.iloc[np.concatenate([chosen, picked]).astype(np.int64)[order]]
    rule = pd.Series(np.array(chosen_kind + ["background"] * len(picked))[order]).map(RULES)
    n = len(hits)
    return frame({
        "jr_id": join("JR", digits(np.arange(n) * 7 + 500001 + world.offset("rule_hit"), 12)),
        "rule_id": rule.str[0], "rule_name": rule.str[1], "vola_cont": rule.str[2],
        "psn_no": pick(world.persons.psn_no, hits.psn.to_numpy()), "mdtrt_id": hits.mdtrt_id.to_numpy(),
        "setl_id": hits.setl_id.to_numpy(), "fixmedins_code": pick(world.inst.code, hits.inst.to_numpy()),
        "vola_amt": money(hits.fund.to_numpy()), "sev_deg": rng.choice(["1", "2", "3"], n),
        "vola_bhvr_type": rng.choice(["1", "2"], n),
        "task_id": TASKS[np.minimum(hits.t.to_numpy() * 4 // (DAYS * DAY), 3)],
    })


def report_lead_table(world: World) -> pd.DataFrame:
    """Tips about some rings and some innocent groups; informant fields are filled (and protected)."""
    rng = world.rng("report-lead")
    rows = []
    for truth in world.truths:
        if truth.kind in TIPS and rng.random() < 0.5:
            subject_psn = sorted(truth.persons)[int(rng.integers(0, len(truth.persons)))] if truth.persons else ""
            about_place = truth.institutions and (not subject_psn or rng.random() < 0.6)
            subject_inst = sorted(truth.institutions)[0] if about_place else ""
            rows.append((TIPS[truth.kind], subject_psn, subject_inst))
    psn_no = world.persons.psn_no.to_numpy()
    for psn in rng.choice(len(psn_no), size=max(3, len(psn_no) // 2000), replace=False):
        rows.append((TIPS["background"], str(psn_no[psn]), ""))
    n = len(rows)
    rows = [rows[i] for i in rng.permutation(n)]
    received = np.sort(rng.integers(0, DAYS * DAY, n))
    surnames = np.array(lexicon.SURNAMES)[rng.integers(0, len(lexicon.SURNAMES), n)]
    return frame({
        "lead_id": join("JB2026", digits(np.arange(1, n + 1) + world.offset("lead"), 6)),
        "received_time": render(received), "subject_psn_no": [r[1] for r in rows],
        "subject_fixmedins_code": [r[2] for r in rows], "content": [r[0] for r in rows],
        "informant_name": names(rng, surnames), "informant_tel": mobiles(rng, n),
    })
