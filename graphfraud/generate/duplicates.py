"""Persons enrolled twice (重复参保) under a varied record, and twins who are two people, for identity resolution.

A second enrolment is what a region's register gets when someone moves, changes from employee to
resident insurance, or is enrolled by a relative: a new ``psn_no`` in another insurance region, with
the noise a clerk or an old system leaves, one to three of:

- ``pinyin``: the name typed in pinyin, sometimes given name first (``Wei Zhang``);
- ``homophone``: one character replaced by another of the same sound (伟/玮, 张/章);
- ``masked_cert``: the ID number exported masked (``330304********1234``);
- ``old_cert``: the 15-digit ID number of before 1999 (no century, no check digit);
- ``cert_typo``: one digit of the ID number mistyped;
- ``brdy_typo``: the birth date one digit off, or day and month swapped;
- ``new_phone``: another mobile number;
- ``addr_variant``: the address without building and flat, or with full-width digits.

Never more than one of the noises that hide the ID number, so a record stays linkable by the facts a
reviewer would use. Twins are the hard negatives: same household (address, phone), same surname,
birth date and sex, another given name and ID number; they must never be linked. Spouses and other
household members already share address and phone in every generated world.

>>> import numpy as np, pandas as pd
>>> people = pd.DataFrame({"psn_no": ["01" + "0" * 18], "certno": ["33030419600101123X"],
...     "psn_name": ["张伟"], "gend": ["1"], "brdy": ["1960-01-01"], "insutype": ["310"], "psn_type": ["1101"],
...     "insuplc_admdvs": ["330304"], "emp_name": ["某公司"], "tel": ["13800000000"], "addr": ["温州市鹿城区1号"],
...     "psn_insu_stas": ["1"], "death_date": [""]})
>>> added, truth = enrol_twice(people, np.random.default_rng(1), duplicates=1, twins=0)
>>> added.psn_no[0] != people.psn_no[0], added.certno[0][:6], truth["duplicates"][0][0] == people.psn_no[0]
(True, '330304', True)
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graphfraud.generate import lexicon
from graphfraud.generate.formats import certno_check, full_width

HOMOPHONES = ["伟玮炜纬", "芳方", "娜纳", "秀绣", "英瑛", "敏闽", "静婧靖", "丽莉俐", "强蔷", "磊垒", "军君钧", "洋阳扬",
              "勇永", "艳燕彦", "杰洁捷", "娟鹃", "涛韬", "明鸣铭", "超潮", "兰岚", "霞侠", "平萍", "刚钢", "华桦",
              "建健剑", "国帼", "志智", "红虹鸿", "玉钰", "凤峰锋", "梅媚", "林琳霖", "芬纷", "海亥", "燕艳", "雪学",
              "琴勤", "云芸耘", "飞菲", "婷亭", "浩皓昊", "宇雨语", "欣馨", "怡宜仪", "子梓紫", "涵晗", "思斯",
              "远源媛", "晨辰", "曦希熙", "佳嘉家", "琪琦祺", "萱轩", "俊骏", "文雯", "博波", "桐彤", "然冉",
              "一依", "德得", "福富", "春纯", "生升", "秋丘", "菊局", "冬东", "荣容", "根庚", "毛茅",
              "张章", "王汪", "李黎", "刘柳", "杨阳", "黄皇", "吴伍武", "徐许", "周舟", "孙荪", "朱诸", "胡湖",
              "郭国", "何贺", "林凌", "郑正", "谢解", "唐汤", "韩寒", "冯丰", "曾增", "程成", "魏卫", "沈申"]
SOUND = {c: group for group in HOMOPHONES for c in group}
NOISE = ("pinyin", "homophone", "masked_cert", "old_cert", "cert_typo", "brdy_typo", "new_phone", "addr_variant")
HIDES_CERT = {"masked_cert", "old_cert", "cert_typo"}
OTHER_REGIONS = ("330102", "330106", "310115", "230103", "460105")


def enrol_twice(psn_info: pd.DataFrame, rng: np.random.Generator, duplicates: int,
                twins: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    """New ``psn_info`` rows (second enrolments and twins) and their truth: the pairs that are one
    person, the pairs that are two, and the noise each duplicate carries."""
    living = psn_info[psn_info.death_date.fillna("") == ""]
    pool = living.sample(n=min(len(living), duplicates + twins), random_state=rng.integers(2**31)).reset_index(drop=True)
    taken = set(psn_info.psn_no)
    rows, pairs, noises = [], [], []
    for original in pool.iloc[:duplicates].to_dict("records"):
        kinds = _noise_kinds(rng, born_before_1999=str(original["brdy"]) < "1999")
        record = _second_enrolment(original, kinds, rng)
        record["psn_no"] = _new_psn_no(rng, taken)
        rows.append(record)
        pairs.append([original["psn_no"], record["psn_no"]])
        noises.append(sorted(kinds))
    twin_pairs = []
    for original in pool.iloc[duplicates:].to_dict("records"):
        record = _twin(original, rng)
        record["psn_no"] = _new_psn_no(rng, taken)
        rows.append(record)
        twin_pairs.append([original["psn_no"], record["psn_no"]])
    added = pd.DataFrame(rows, columns=psn_info.columns)
    return added, {"duplicates": pairs, "noise": noises, "twins": twin_pairs}


def _noise_kinds(rng: np.random.Generator, born_before_1999: bool) -> set[str]:
    """One to three kinds; at most one that hides the ID number; the 15-digit number only for those
    who were issued one (born before 1999)."""
    kinds: set[str] = set()
    for kind in rng.permutation(NOISE)[: rng.integers(1, 4)]:
        if (kind in HIDES_CERT and kinds & HIDES_CERT) or (kind == "old_cert" and not born_before_1999):
            continue
        kinds.add(str(kind))
    return kinds


def _second_enrolment(p: dict[str, Any], kinds: set[str], rng: np.random.Generator) -> dict[str, Any]:
    r = dict(p)
    r["insuplc_admdvs"] = str(rng.choice([x for x in OTHER_REGIONS if x != p["insuplc_admdvs"]]))
    r["insutype"], r["psn_type"], r["emp_name"] = ("390", "1501", "") if p["insutype"] == "310" else (
        "310", "1101", p["emp_name"])
    name = str(p["psn_name"])
    if "homophone" in kinds:
        name = _homophone(name, rng)
    if "pinyin" in kinds:
        name = _pinyin(name, rng)
    r["psn_name"] = name
    cert = str(p["certno"])
    if "masked_cert" in kinds:
        cert = cert[:6] + "*" * 8 + cert[-4:]
    elif "old_cert" in kinds:
        cert = cert[:6] + cert[8:14] + cert[14:17]
    elif "cert_typo" in kinds:
        at = int(rng.integers(0, 17))
        cert = cert[:at] + str((int(cert[at]) + int(rng.integers(1, 10))) % 10) + cert[at + 1:]
    r["certno"] = cert
    if "brdy_typo" in kinds:
        r["brdy"] = _brdy_typo(str(p["brdy"]), rng)
    if "new_phone" in kinds:
        r["tel"] = "1" + "".join(str(d) for d in rng.integers(3, 10, 1)) + "".join(str(d) for d in rng.integers(0, 10, 9))
    if "addr_variant" in kinds:
        addr = str(p["addr"])
        r["addr"] = addr.split("号")[0] + "号" if "幢" in addr and rng.random() < 0.6 else full_width(addr)
    return r


def _homophone(name: str, rng: np.random.Generator) -> str:
    spots = [i for i, c in enumerate(name) if c in SOUND and len(SOUND[c]) > 1]
    if not spots:
        return name
    at = spots[int(rng.integers(0, len(spots)))]
    others = [c for c in SOUND[name[at]] if c != name[at]]
    return name[:at] + others[int(rng.integers(0, len(others)))] + name[at + 1:]


def _pinyin(name: str, rng: np.random.Generator) -> str:
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    family, given = syllables[0].capitalize(), "".join(syllables[1:]).capitalize()
    text = f"{given} {family}" if rng.random() < 0.3 else f"{family} {given}"
    return text.upper() if rng.random() < 0.5 else text


def _brdy_typo(brdy: str, rng: np.random.Generator) -> str:
    y, m, d = brdy[:4], brdy[5:7], brdy[8:10]
    if rng.random() < 0.4 and int(d) <= 12 and d != m:
        return f"{y}-{d}-{m}"
    day = int(d) + (1 if int(d) < 28 else -1)
    return f"{y}-{m}-{day:02d}"


def _twin(p: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    r = dict(p)
    name = str(p["psn_name"])
    given = [g for g in lexicon.GIVEN if g not in name[1:]]
    r["psn_name"] = name[0] + given[int(rng.integers(0, len(given)))]
    cert = str(p["certno"])
    seq = (int(cert[14:17]) + 2) % 1000
    body = cert[:14] + f"{seq:03d}"
    r["certno"] = body + str(certno_check(np.array([body]))[0])
    return r


def _new_psn_no(rng: np.random.Generator, taken: set[str]) -> str:
    while True:
        value = "".join(str(d) for d in rng.integers(0, 10, 20))
        if value not in taken:
            taken.add(value)
            return value
