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
    "zh": {"card_holder": "开药人（持卡人）", "collector": "收药人", "downstream_buyer": "下游购药人",
           "pharmacy": "涉案药店", "downstream_pharmacy": "下游药店", "doctor": "开单医师", "impersonated": "被冒名人",
           "broker": "中间人", "institution": "涉案机构", "person": "涉案人员", "customer": "药店顾客",
           "patient": "就诊患者", "co_visitor": "同行就医人", "contact": "关联人", "outside": "关联机构（未列为涉案）"},
    "en": {"card_holder": "card holder", "collector": "collector", "downstream_buyer": "downstream buyer",
           "pharmacy": "pharmacy", "downstream_pharmacy": "downstream pharmacy", "doctor": "prescriber",
           "impersonated": "impersonated person", "broker": "broker", "institution": "institution", "person": "person",
           "customer": "customer", "patient": "patient", "co_visitor": "co-visitor", "contact": "contact",
           "outside": "linked institution (not a member)"},
}
SHORT_ROLE = {
    "zh": {"card_holder": "开药人", "collector": "收药人", "downstream_buyer": "下游购药人", "pharmacy": "药店",
           "downstream_pharmacy": "下游药店", "doctor": "医师", "impersonated": "被冒名人", "broker": "中间人",
           "institution": "机构", "person": "人员", "customer": "顾客", "patient": "患者", "co_visitor": "同行人",
           "contact": "关联人", "outside": "关联机构"},
    "en": {"card_holder": "card holder", "collector": "collector", "downstream_buyer": "buyer", "pharmacy": "pharmacy",
           "downstream_pharmacy": "downstream", "doctor": "doctor", "impersonated": "impersonated", "broker": "broker",
           "institution": "institution", "person": "person", "customer": "customer", "patient": "patient",
           "co_visitor": "co-visitor", "contact": "contact", "outside": "linked"},
}
LINK = {
    "zh": {"SETTLED_AT": "医保结算（基金向机构支付）", "BOX_RESOLD": "药品流向（同一追溯码在此再次销售）",
           "TRACE_REUSE": "药品流向（机构之间）", "SOLD_TO": "回流药品售予", "PRESCRIBED_FOR": "开具处方",
           "FILLED_AT": "处方流向药店", "WORKS_AT": "执业于", "SHARES_IDENTIFIER": "共用手机号、银行账户或设备",
           "TIED_BY": "同一证据关联"},
    "en": {"SETTLED_AT": "settled (the fund pays the institution)", "BOX_RESOLD": "box flow (trace code sold again there)",
           "TRACE_REUSE": "box flow (between institutions)", "SOLD_TO": "resold box sold to", "PRESCRIBED_FOR": "prescribed for",
           "FILLED_AT": "prescriptions filled at", "WORKS_AT": "works at", "SHARES_IDENTIFIER": "shares a phone, account or device",
           "TIED_BY": "named in the same evidence"},
}
COLUMN = {"zh": ["医师", "开药人及涉案人员", "结算机构", "收药人、中间人", "药品流向机构", "关联人员（非涉案）"],
          "en": ["doctors", "card holders and members", "where cards were settled", "collectors, brokers",
                 "where boxes went", "context (not members)"]}
PART = {"zh": {"core": "涉案", "context": "关联人员（非涉案）", "outside": "关联机构"},
        "en": {"core": "member", "context": "context", "outside": "linked institution"}}

LABEL = {"zh": {"Person": "人员", "Institution": "机构", "Practitioner": "医师", "Drug": "药品", "Claim": "结算",
                "Identifier": "标识", "TraceCode": "追溯码", "FeeLine": "费用明细", "Visit": "就诊"},
         "en": {"Person": "person", "Institution": "institution", "Practitioner": "practitioner", "Drug": "drug",
                "Claim": "settlement", "Identifier": "identifier", "TraceCode": "trace code", "FeeLine": "fee line",
                "Visit": "visit"}}

PROFILE = {"zh": {"police": "公安移送版（完整身份）", "internal": "内部流转版（已脱敏）", "public": "公开版（已脱敏）",
                  "discipline": "纪检监察移送版（参保人已脱敏）", "health": "卫生健康部门移送版（参保人已脱敏）",
                  "drug": "药品监管部门移送版（人员已脱敏）", "market": "市场监管部门移送版（人员已脱敏）"},
           "en": {"police": "police copy (full identities)", "internal": "internal copy (masked)",
                  "public": "public copy (masked)", "discipline": "discipline-inspection copy (insured persons masked)",
                  "health": "health-commission copy (insured persons masked)",
                  "drug": "drug-administration copy (persons masked)", "market": "market-regulation copy (persons masked)"}}
# Who receives a referral of each profile, and what it is asked to do (一案多查、一案多处).
RECIPIENT = {"zh": {"police": "接收的公安机关", "discipline": "接收的纪检监察机关", "health": "接收的卫生健康行政部门",
                    "drug": "接收的药品监督管理部门", "market": "接收的市场监督管理部门"},
             "en": {"police": "receiving police agency", "discipline": "receiving discipline inspection and supervision organ",
                    "health": "receiving health administration", "drug": "receiving drug administration",
                    "market": "receiving market regulation administration"}}
REMIT = {"zh": {"discipline": "涉及公职人员的违纪违法问题", "health": "医疗机构和医务人员的执业行为",
                "drug": "药品经营、追溯码和进销存管理", "market": "经营主体的违法经营行为"},
         "en": {"discipline": "breaches of discipline and law by public officials",
                "health": "the practice of medical institutions and staff", "drug": "drug trading, trace codes and stock records",
                "market": "unlawful trading by the businesses"}}

PLACEHOLDER = {"zh": "【待填：{}】", "en": "[TO FILL: {}]"}

FILE_KIND = {
    "zh": {"document": "文书", "list": "清单", "table": "证据数据表", "graph": "关系图数据", "picture": "图片",
           "view": "离线查看页", "record": "笔录", "source": "原始数据文件"},
    "en": {"document": "document", "list": "list", "table": "evidence table", "graph": "graph data",
           "picture": "picture", "view": "offline view", "record": "record", "source": "source data file"},
}

TABLE_TITLE = {
    "zh": {"members": "涉案人员及角色", "context": "关联人员（非涉案，化名）", "settlements": "结算记录", "fee_lines": "费用明细", "trace_chains": "追溯码链",
           "inventory_mismatches": "进销存不符", "swipe_bursts": "集中刷卡", "rule_hits": "智能监管规则命中"},
    "en": {"members": "members and roles", "context": "context persons (not members; pseudonyms)", "settlements": "settlements", "fee_lines": "fee lines",
           "trace_chains": "trace-code chains", "inventory_mismatches": "inventory mismatches",
           "swipe_bursts": "swipe bursts", "rule_hits": "rule hits"},
}


def placeholder(lang: str, what: str) -> str:
    """A marked blank for what only a person can fill (案号, signatures)."""
    return PLACEHOLDER[lang].format(what)


def typology(lang: str, code: str) -> str:
    return TYPOLOGY[lang].get(code, code)


def role(lang: str, code: str) -> str:
    return ROLE[lang].get(code, ROLE[lang]["person"])


def short_role(lang: str, code: str) -> str:
    return SHORT_ROLE[lang].get(code, SHORT_ROLE[lang]["person"])

# Column headers of the evidence tables (CSV, XLSX, offline view): the platform's Chinese field
# names where it has them. A column not listed here is headed 其他字段N / other field N, so no
# code name reaches a Chinese table.
COLUMNS: dict[str, tuple[str, str]] = {
    "node_id": ("节点编号", "node"), "label": ("类别", "kind"), "key": ("编号", "code"), "name": ("姓名或名称", "name"),
    "role": ("角色", "role"), "score": ("关联强度", "strength"), "basis": ("关联依据", "tied by"),
    "part": ("身份", "part"), "settlements": ("结算笔数", "settlements"), "medfee_sumamt": ("医疗费总额", "total cost"),
    "fund_pay_sumamt": ("基金支付总额", "fund paid"), "hifp_pay": ("基本医疗保险统筹基金支出", "basic pooled fund"),
    "acct_pay": ("个人账户支出", "personal account"), "psn_cash_pay": ("个人现金支出", "cash"),
    "line_amount": ("开具明细金额", "prescribed amount"), "lines": ("开具明细条数", "prescribed lines"),
    "amount_class": ("数额档次（按统筹基金）", "amount class"), "class_with_account": ("数额档次（计入个人账户时）", "class incl. account"),
    "first": ("首次结算", "first"), "last": ("末次结算", "last"), "certno": ("公民身份号码", "ID number"),
    "psn_name": ("姓名", "name"), "gend": ("性别", "sex"), "brdy": ("出生日期", "birth date"), "insutype": ("险种类型", "insurance type"),
    "insuplc_admdvs": ("参保地医保区划", "insured in"), "tel": ("联系电话", "phone"), "addr": ("地址", "address"),
    "death_date": ("死亡日期", "death date"), "src_file": ("来源文件", "source file"), "src_line": ("来源行号", "source line"),
    "fixmedins_type": ("机构类型", "institution type"), "admdvs": ("医保区划", "region"), "legal_rep_name": ("法定代表人", "legal representative"),
    "legal_rep_certno": ("法定代表人身份证号", "legal representative ID"), "uscc": ("统一社会信用代码", "credit code"),
    "dr_type": ("人员类别", "practitioner type"), "prac_cert_no": ("执业证书编号", "licence number"),
    "fixmedins_code": ("定点医药机构编号", "institution code"), "fixmedins_name": ("定点医药机构名称", "institution"),
    "dr_name": ("医师姓名", "doctor"), "dr_code": ("医师编码", "doctor code"), "setl_id": ("结算编号", "settlement"),
    "mdtrt_id": ("就诊编号", "visit"), "psn_no": ("人员编号", "person number"), "med_type": ("医疗类别", "medical type"),
    "setl_time": ("结算时间", "settled"), "refd_setl_flag": ("退费标志", "refund"), "vali_flag": ("有效标志", "valid"),
    "mdtrtarea_admvs": ("就医地医保区划", "treated in"), "mdtrt_cert_type": ("就诊凭证类型", "credential type"),
    "opter_id": ("经办人", "operator"), "dev_no": ("设备编号", "device"), "bkkp_sn": ("记账流水号", "fee line"),
    "fee_ocur_time": ("费用发生时间", "time"), "med_list_codg": ("医疗目录编码", "drug code"), "hilist_name": ("医保目录名称", "drug"),
    "list_type": ("目录类别", "list type"), "cnt": ("数量", "quantity"), "pric": ("单价", "price"),
    "det_item_fee_sumamt": ("明细项目费用总额", "line amount"), "prd_days": ("周期天数", "days supplied"),
    "bilg_dr_codg": ("开单医师编码", "prescriber"), "bilg_dr_name": ("开单医师姓名", "prescriber name"), "rxno": ("处方号", "prescription"),
    "rx_circ_flag": ("外购处方标志", "external prescription"), "trdn_flag": ("拆零标志", "split pack"),
    "drug_trac_codg": ("药品追溯码", "trace codes"), "code": ("药品追溯码", "trace code"), "step": ("序号", "step"),
    "channel": ("记录来源", "record of"), "row_key": ("记录编号", "record"), "event_time": ("发生时间", "time"),
    "in_ring": ("是否本团伙", "in the ring"), "ring_id": ("团伙编号", "ring"), "indicator": ("分析项", "check"),
    "evidence_id": ("证据编号", "evidence"), "entities": ("涉及对象", "entities"), "table": ("数据表", "table"),
    "jr_id": ("违规记录编号", "hit"), "rule_id": ("规则编码", "rule"), "rule_name": ("规则名称", "rule name"),
    "vola_cont": ("违规内容", "violation"), "vola_amt": ("违规金额", "violation amount"), "sev_deg": ("严重程度", "severity"),
    "vola_bhvr_type": ("违规行为类别", "behaviour"), "task_id": ("任务编号", "task"), "gap": ("库存缺口", "stock gap"),
    "month": ("月份", "month"), "unexplained": ("无法解释的数量", "unexplained"), "t": ("时间", "time"),
    "cards": ("医保卡张数", "cards"), "mean_cards": ("平时张数", "usual cards"), "entity": ("对象", "entity"),
    "kind": ("类型", "kind"), "buyers": ("购药人数", "buyers"), "dr12": ("药品品种", "drug variety"),
    "ratio": ("用药天数倍数", "days ratio"), "share": ("处方流向比例", "share"), "peer_share": ("同机构医师比例", "peer share"),
    "gap_hours": ("间隔小时", "hours apart"), "home": ("参保地", "home"), "prefecture": ("结算地", "prefecture"),
    "service_time": ("就诊时间", "service time"), "ident_type": ("标识类型", "identifier type"),
    "ident_value": ("标识值", "identifier"), "persons": ("人数", "persons"), "resold_at": ("再次销售机构", "resold at"),
    "gap_days": ("间隔天数", "days apart"), "window": ("时间窗", "window"), "decisive": ("决定性", "decisive"),
    "strength": ("强度", "strength"), "settled": ("结算数量", "settled"),
}
CHANNEL = {"zh": {"fee_list_d": "医保结算费用明细", "inv_sale": "药店销售记录", "inv_purc": "药店进货记录",
                  "setl_d": "结算记录", "psn_ident": "人员标识", "rule_hits": "智能监管规则命中", "report_lead": "举报线索",
                  "fixmedins": "机构信息", "practitioner": "医师信息", "mdtrt_d": "就诊记录"},
           "en": {"fee_list_d": "fee line", "inv_sale": "pharmacy sale", "inv_purc": "pharmacy purchase",
                  "setl_d": "settlement", "psn_ident": "person identifier", "rule_hits": "rule hit", "report_lead": "tip-off",
                  "fixmedins": "institution", "practitioner": "practitioner", "mdtrt_d": "visit"}}
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}


def column(lang: str, name: str, position: int = 0) -> str:
    """The header of an evidence-table column in ``lang``."""
    found = COLUMNS.get(name)
    if found:
        return found[0 if lang == "zh" else 1]
    return f"其他字段{position}" if lang == "zh" else name
