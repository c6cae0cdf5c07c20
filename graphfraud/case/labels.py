"""Words the bundle prints, in Chinese (default, the language of the referral) and English."""
from __future__ import annotations

LANGS = ("zh", "en")

TYPOLOGY = {
    "zh": {"resale": "倒卖医保药品（回流药）", "fake_purchase": "虚假购药（空刷、套刷、敛卡）",
           "collusion": "串换药品、超量开药（医药勾结）", "impersonation": "冒名就医、盗刷医保凭证",
           "mixed": "多种手段骗取医保基金"},
    "en": {"resale": "resale of insured drugs", "fake_purchase": "fake purchases (phantom swipes, card collecting)",
           "collusion": "drug switching and over-prescribing (collusion)", "impersonation": "impersonation",
           "mixed": "mixed schemes against the fund"},
}

ROLE = {
    "zh": {"card_holder": "开药人（持卡人）", "collector": "收药人", "downstream_buyer": "下游买家",
           "pharmacy": "涉案药店", "downstream_pharmacy": "下游药店", "doctor": "开单医师", "impersonated": "被冒名人",
           "broker": "中间人", "institution": "涉案机构", "person": "涉案人员"},
    "en": {"card_holder": "card holder", "collector": "collector", "downstream_buyer": "downstream buyer",
           "pharmacy": "pharmacy", "downstream_pharmacy": "downstream pharmacy", "doctor": "prescriber",
           "impersonated": "impersonated person", "broker": "broker", "institution": "institution", "person": "person"},
}

LABEL = {"zh": {"Person": "人员", "Institution": "机构", "Practitioner": "医师/药师"},
         "en": {"Person": "person", "Institution": "institution", "Practitioner": "practitioner"}}

PROFILE = {"zh": {"police": "公安移送版（完整身份）", "internal": "内部流转版（已脱敏）", "public": "公开版（已脱敏）"},
           "en": {"police": "police copy (full identities)", "internal": "internal copy (masked)",
                  "public": "public copy (masked)"}}

PLACEHOLDER = {"zh": "【待填：{}】", "en": "[TO FILL: {}]"}

FILE_KIND = {
    "zh": {"document": "文书", "list": "清单", "table": "证据数据表", "graph": "关系图数据", "picture": "图片",
           "view": "离线查看页", "record": "笔录", "source": "原始数据文件"},
    "en": {"document": "document", "list": "list", "table": "evidence table", "graph": "graph data",
           "picture": "picture", "view": "offline view", "record": "record", "source": "source data file"},
}

TABLE_TITLE = {
    "zh": {"members": "涉案人员及角色", "settlements": "结算记录", "fee_lines": "费用明细", "trace_chains": "追溯码链",
           "inventory_mismatches": "进销存不符", "swipe_bursts": "集中刷卡", "rule_hits": "智能监管规则命中"},
    "en": {"members": "members and roles", "settlements": "settlements", "fee_lines": "fee lines",
           "trace_chains": "trace-code chains", "inventory_mismatches": "inventory mismatches",
           "swipe_bursts": "swipe bursts", "rule_hits": "rule hits"},
}


def placeholder(lang: str, what: str) -> str:
    """A marked blank for what only a person can fill (案号, signatures)."""
    return PLACEHOLDER[lang].format(what)


def typology(lang: str, code: str) -> str:
    return TYPOLOGY[lang].get(code, code)


def role(lang: str, code: str) -> str:
    return ROLE[lang].get(code, code)
