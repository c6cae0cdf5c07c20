"""The offence, its legal basis and the amount (数额) as the rules compute it, in the reader's language.

- Offence: 诈骗罪, 《中华人民共和国刑法》第二百六十六条; defrauding the medical-insurance fund is charged
  as fraud under 《最高人民法院 最高人民检察院 公安部关于办理医保骗保刑事案件若干问题的指导意见》
  （法发〔2024〕6号）, which names the funds protected (basic medical insurance incl. maternity,
  medical assistance, large-amount supplements, civil-servant subsidies, critical-illness insurance).
- Amount classes: 法释〔2011〕7号 (数额较大 / 巨大 / 特别巨大), the province's figures (rings/thresholds.toml).
- The amount is what the pooled funds paid (``fund_pay_sumamt``, the sum of those funds): valid
  settlements only, refunds netted, once per settlement. Personal-account money (``acct_pay``) is
  shown apart: whether it counts is for the case officer (domain guide §4); the class it would
  reach is shown too.
- Administrative law: 《医疗保障基金使用监督管理条例》（国务院令第735号）; referral procedure:
  国务院令第310号 and 医保发〔2021〕49号; electronic data: 法发〔2016〕22号.
"""
from __future__ import annotations

from graphfraud import settings
from graphfraud.case import words as W
from graphfraud.case.facts import CaseFacts

OFFENCE = {"zh": "诈骗罪（《中华人民共和国刑法》第二百六十六条）", "en": "fraud (art. 266 of the Criminal Law of the PRC)"}
CRIMINAL_LAW = "《中华人民共和国刑法》第二百六十六条"
GUIDANCE = "《最高人民法院 最高人民检察院 公安部关于办理医保骗保刑事案件若干问题的指导意见》（法发〔2024〕6号）"
AMOUNT_RULE = "《最高人民法院 最高人民检察院关于办理诈骗刑事案件具体应用法律若干问题的解释》（法释〔2011〕7号）"
REGULATION = "《医疗保障基金使用监督管理条例》（国务院令第735号）"
PROCEDURE = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"
JOINT_NOTICE = "《国家医疗保障局 公安部关于加强查处骗取医保基金案件行刑衔接工作的通知》（医保发〔2021〕49号）"
ELECTRONIC = "《最高人民法院 最高人民检察院 公安部关于办理刑事案件收集提取和审查判断电子数据若干问题的规定》（法发〔2016〕22号）"
EN_TITLES = {
    CRIMINAL_LAW: "art. 266 of the Criminal Law of the PRC",
    GUIDANCE: "the guidance of the Supreme People's Court, Supreme People's Procuratorate and Ministry of Public "
              "Security on medical-insurance fraud cases (法发〔2024〕6号)",
    AMOUNT_RULE: "the interpretation on fraud cases by the Supreme People's Court and Supreme People's Procuratorate "
                 "(法释〔2011〕7号)",
    REGULATION: "the Regulation on the Supervision of the Use of Medical Security Funds (State Council Decree 735)",
    PROCEDURE: "the rules on administrative referral of suspected crimes (State Council Decree 310)",
    JOINT_NOTICE: "the NHSA and MPS notice on referring medical-insurance fraud cases (医保发〔2021〕49号)",
    ELECTRONIC: "the rules on collecting and examining electronic data in criminal cases (法发〔2016〕22号)",
}
CLASS_EN = {"数额较大": "large", "数额巨大": "huge", "数额特别巨大": "especially huge", "": "below the first class"}


def cite(title: str, lang: str) -> str:
    return title if lang == "zh" else EN_TITLES[title]


def class_name(code: str, lang: str, short: bool = False) -> str:
    """The class as the reader says it ("数额巨大" / "huge"; below the first: 未达“数额较大”标准, or in a
    table cell ``short``: 未达数额较大)."""
    if lang == "zh":
        return code or ("未达数额较大" if short else "未达“数额较大”标准")
    return CLASS_EN.get(code, code)


def province(facts: CaseFacts, lang: str) -> str:
    t = facts.thresholds
    if t.province == "default":
        return "本省（区、市）" if lang == "zh" else "the province"
    return (f"省级行政区划代码{t.province}" if lang == "zh" else f"province {t.province}")


def class_bar(code: str, facts: CaseFacts) -> float:
    t = facts.thresholds
    return {"数额较大": t.large, "数额巨大": t.huge, "数额特别巨大": t.especially_huge}.get(code, t.large)


def thresholds_sentence(facts: CaseFacts, lang: str) -> str:
    t, local = facts.thresholds, settings.get("case_legal_basis")
    if lang == "zh":
        return (f"依照{AMOUNT_RULE}和{province(facts, lang)}规定的标准" + (f"（{local}）" if local else "") +
                f"，诈骗公私财物{W.money(t.large, lang)}以上为“数额较大”，{W.money(t.huge, lang)}以上为“数额巨大”，"
                f"{W.money(t.especially_huge, lang)}以上为“数额特别巨大”。")
    return (f"Under {cite(AMOUNT_RULE, lang)} and the figures of {province(facts, lang)}" + (f" ({local})" if local else "") +
            f", fraud of {W.money(t.large, lang)} or more is 'large', {W.money(t.huge, lang)} or more 'huge' and "
            f"{W.money(t.especially_huge, lang)} or more 'especially huge'.")


def amount_basis(facts: CaseFacts, lang: str) -> list[str]:
    """Paragraphs: how the amount is computed, which amount the class rests on and why."""
    total, acct = facts.totals["fund_pay_sumamt"], facts.totals["acct_pay"]
    with_account = total + acct
    fund_class, account_class = class_name(facts.amount_class, lang), class_name(facts.class_with_account, lang)
    if lang == "zh":
        return [
            "计算方法：只计有效结算记录；退费记录与原结算冲抵；每笔结算的金额只计一次（一笔结算含多条费用明细时不重复计算）；"
            "统筹基金与个人账户分别计算，不相加。",
            f"认定依据：诈骗数额按医疗保障基金因上述结算实际支付的金额计算，即统筹基金支付合计{W.money(total, lang)}（含基本医疗保险统筹基金、"
            f"职工大额医疗费用补助、居民大病保险、公务员医疗补助和医疗救助等各项基金，{GUIDANCE}所称医疗保障基金）。"
            + thresholds_sentence(facts, lang) + f"据此，本案统筹基金支付金额达到“{fund_class}”标准。",
            f"个人账户：上述结算中另有个人账户支付{W.money(acct, lang)}。个人账户资金是否计入骗取医疗保障基金的数额，由办案机关结合案情认定，"
            f"本报告单列，不计入上述数额；如计入，合计为{W.money(with_account, lang)}，达到“{account_class}”标准。",
            "共同犯罪的数额：下表列出每名涉案人员医保凭证名下的结算金额；各共同犯罪人应承担的数额（如组织者对团伙全部数额负责）由办案机关依法认定。",
        ]
    return [
        "Method: valid settlements only; refunds netted against their settlements; each settlement's amount counted once "
        "(never once per fee line); pooled fund and personal account computed apart, never added.",
        f"Basis: the amount of the fraud is what the medical-security funds paid for these settlements, the pooled fund "
        f"total of {W.money(total, lang)} (basic pooled fund, large-amount supplements, critical-illness insurance, "
        f"civil-servant subsidies and medical assistance: the funds named by {cite(GUIDANCE, lang)}). "
        + thresholds_sentence(facts, lang) + f" The pooled-fund amount of this case is '{fund_class}'.",
        f"Personal accounts: these settlements also drew {W.money(acct, lang)} from personal accounts. Whether account "
        f"money counts as defrauded fund money is for the case officer to decide; it is shown apart and not included "
        f"above. Included, the total would be {W.money(with_account, lang)}, class '{account_class}'.",
        "Joint offence: the table lists the settlements on each suspect's own credential; what amount each party "
        "answers for (an organiser answers for the whole ring) is for the case officer and the court to decide.",
    ]


def offence_paragraphs(facts: CaseFacts, lang: str) -> list[str]:
    """Section 'offence and legal basis' of the report."""
    resale = facts.typology in ("resale", "mixed")
    if lang == "zh":
        out = [f"上述人员以非法占有为目的，采取欺骗手段骗取医疗保障基金支出，涉嫌构成{OFFENCE['zh']}。",
               f"法律依据：{CRIMINAL_LAW}；{GUIDANCE}；{AMOUNT_RULE}；{REGULATION}。",
               f"移送程序依据：{PROCEDURE}；{JOINT_NOTICE}。电子数据的收集提取依照{ELECTRONIC}，见电子数据提取笔录。"]
        if resale:
            out.append("明知是骗取医疗保障基金所得的药品而收购、销售的下游人员或机构，可能另涉嫌掩饰、隐瞒犯罪所得罪"
                       "（《中华人民共和国刑法》第三百一十二条）；组织、指使他人开药并收购的人员，可能构成诈骗罪的共犯。具体由办案机关认定。")
        return out
    out = [f"The persons named obtained payments from the medical-security fund by deception with intent to possess "
           f"them unlawfully, suspected of {OFFENCE['en']}.",
           "Legal basis: " + "; ".join(cite(t, lang) for t in (CRIMINAL_LAW, GUIDANCE, AMOUNT_RULE, REGULATION)) + ".",
           f"Referral under {cite(PROCEDURE, lang)} and {cite(JOINT_NOTICE, lang)}; electronic data collected under "
           f"{cite(ELECTRONIC, lang)} (see the extraction record)."]
    if resale:
        out.append("Buyers or institutions that knowingly bought or sold the drugs may also be suspected of concealing "
                   "proceeds of crime (art. 312); whoever organised the prescription-getting and bought the drugs may be "
                   "an accomplice to the fraud. This is for the case officer to decide.")
    return out
