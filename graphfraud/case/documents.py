"""The draft 涉嫌犯罪案件移送书 and 案件调查报告, filled from the ring, as HTML and DOCX.

What only a person can decide or sign (案号, receiving agency, signatures, seal, date, the
recommendation) is left as a marked placeholder, never invented.
"""
from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from graphfraud import __version__
from graphfraud.case import labels as L
from graphfraud.case.collect import CaseData
from graphfraud.case.docx_writer import html_to_docx
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles
from graphfraud.case.htmlkit import blank, render, table

TITLES = {"referral": {"zh": "涉嫌犯罪案件移送书", "en": "Referral of a suspected criminal case"},
          "report": {"zh": "案件调查报告", "en": "Case investigation report"}}
HEAD = {
    "zh": {"subjects": ["编号", "姓名", "证件号码", "角色", "结算笔数", "统筹基金支付(元)", "个人账户支付(元)",
                        "首次", "末次", "数额档次"],
           "institutions": ["机构编码", "机构名称", "法定代表人", "地址"],
           "doctors": ["医师编码", "姓名", "执业机构", "开单明细条数", "明细金额(元)"],
           "facts": ["指标", "说明", "证据条数", "结算笔数", "起", "止", "统筹基金(元)", "个人账户(元)"],
           "summary": ["项目", "内容"], "files": ["文件", "内容", "格式", "行数"]},
    "en": {"subjects": ["ID", "name", "ID number", "role", "settlements", "pooled fund (yuan)",
                        "personal account (yuan)", "first", "last", "amount class"],
           "institutions": ["code", "name", "legal representative", "address"],
           "doctors": ["code", "name", "institution", "fee lines", "line amount (yuan)"],
           "facts": ["indicator", "explanation", "evidence rows", "settlements", "from", "to", "pooled fund (yuan)",
                     "personal account (yuan)"],
           "summary": ["item", "value"], "files": ["file", "content", "format", "rows"]},
}


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _subjects_rows(facts: CaseFacts, case: CaseData, lang: str) -> list[list[Any]]:
    certs = dict(zip(case.persons.psn_no, case.persons.certno)) if len(case.persons) else {}
    return [[s.key, s.name, certs.get(s.key, ""), L.role(lang, s.role),
             s.settlements, s.fund_pay_sumamt, s.acct_pay, s.first, s.last, s.amount_class]
            for s in facts.subjects.itertuples() if s.label == "Person"]


def _context(case: CaseData, facts: CaseFacts, files: BundleFiles, lang: str, profile: str) -> dict[str, str]:
    head, t = HEAD[lang], facts.thresholds
    persons = facts.subjects[facts.subjects.label == "Person"]
    named = [f"{n}（{k}）" if lang == "zh" else f"{n} ({k})" for k, n in zip(persons.key, persons.name.fillna(""))]
    shown = ("、" if lang == "zh" else ", ").join(named[:5])
    more = len(named) - 5
    summary = shown + ((f"等 {len(named)} 人" if lang == "zh" else f" and {more} others") if more > 0 else "")
    inst = case.institutions
    evidence_rows = [[f.path, f.title, f.format, "" if f.rows is None else f.rows]
                     for f in files.of_kind("table", "graph", "picture", "view")]
    doctors = facts.subjects[facts.subjects.label == "Practitioner"]
    places = dict(zip(case.practitioners.dr_code, case.practitioners.fixmedins_code)) if len(case.practitioners) else {}
    run = case.run
    method = (f"graphfraud {__version__}; run {run.get('run_id', '')}, {run.get('algorithm', '')}, seed {run.get('seed', '')}; "
              f"versions {run.get('versions', '')}; store {run.get('store', '')}")
    period = f"{facts.period_start} — {facts.period_end}"
    return {
        "case_no": blank(L.placeholder(lang, "案号" if lang == "zh" else "case number")),
        "receiver": blank(L.placeholder(lang, "接收的公安机关" if lang == "zh" else "receiving police agency")),
        "profile": escape(L.PROFILE[lang][profile]), "ring_id": escape(facts.ring_id),
        "typology": escape(L.typology(lang, facts.typology)), "period": escape(period),
        "subject_summary": escape(summary or "—"), "settlements": str(facts.settlements), "refunds": str(facts.refunds),
        "fee_lines": str(facts.fee_lines), "trace_codes": str(facts.trace_codes),
        "fund": _money(facts.totals["fund_pay_sumamt"]), "hifp": _money(facts.totals["hifp_pay"]),
        "acct": _money(facts.totals["acct_pay"]), "cash": _money(facts.totals["psn_cash_pay"]),
        "medfee": _money(facts.totals["medfee_sumamt"]),
        "amount_class": escape(facts.amount_class or ("未达数额较大" if lang == "zh" else "below the first class")),
        "legal_basis": escape(facts.legal_basis), "thresholds_source": escape(f"province {t.province}"),
        "large": _money(t.large), "huge": _money(t.huge), "especially_huge": _money(t.especially_huge),
        "basis": escape(t.basis), "run_id": escape(str(run.get("run_id", ""))),
        "persons_n": str(len(persons)), "institutions_n": str(int((facts.subjects.label == "Institution").sum())),
        "doctors_n": str(len(doctors)), "method": escape(method),
        "summary_table": table(head["summary"], [
            ["类型" if lang == "zh" else "typology", L.typology(lang, facts.typology)],
            ["期间" if lang == "zh" else "period", period],
            ["统筹基金（含各项基金）" if lang == "zh" else "pooled fund (all funds)", _money(facts.totals["fund_pay_sumamt"])],
            ["个人账户" if lang == "zh" else "personal account", _money(facts.totals["acct_pay"])],
            ["数额档次" if lang == "zh" else "amount class", facts.amount_class]]),
        "subjects_table": table(head["subjects"], _subjects_rows(facts, case, lang), numeric=(4, 5, 6)),
        "institutions_table": table(head["institutions"], [[r.fixmedins_code, r.fixmedins_name, r.legal_rep_name, r.addr]
                                                           for r in inst.itertuples()]),
        "doctors_table": table(head["doctors"], [[d.key, d.name, places.get(d.key, ""), d.lines, d.line_amount]
                                                 for d in doctors.itertuples()], numeric=(3, 4)),
        "facts_table": table(head["facts"], [[i["indicator"], i["explanation"], i["evidence_rows"], i["settlements"],
                                              i["first"], i["last"], i["fund_pay_sumamt"], i["acct_pay"]]
                                             for i in facts.indicators], numeric=(2, 3, 6, 7)),
        "evidence_table": table(head["files"], evidence_rows, numeric=(3,)),
        "attachments_table": table(head["files"], evidence_rows + [[p, t_, "HTML/DOCX", ""] for p, t_ in (
            ("documents/report", TITLES["report"][lang]), ("lists/", "证据清单、电子数据清单、提取笔录" if lang == "zh"
                                                           else "evidence list, electronic data list, extraction record"))],
                                   numeric=(3,)),
        "opinion": blank(L.placeholder(lang, "处理意见，由承办人填写" if lang == "zh" else "recommendation, by the officer")),
        "sign_officers": blank(L.placeholder(lang, "签名" if lang == "zh" else "signature")) + "　" +
                         blank(L.placeholder(lang, "签名" if lang == "zh" else "signature")),
        "sign_head": blank(L.placeholder(lang, "签名" if lang == "zh" else "signature")),
        "seal": blank(L.placeholder(lang, "盖章" if lang == "zh" else "seal")),
        "sign_date": blank(L.placeholder(lang, "日期" if lang == "zh" else "date")),
        "cc": blank(L.placeholder(lang, "同级人民检察院" if lang == "zh" else "procuratorate")),
    }


def write_documents(files: BundleFiles, case: CaseData, facts: CaseFacts, lang: str, profile: str) -> None:
    values = _context(case, facts, files, lang, profile)
    for name in ("referral", "report"):
        html = render(f"{name}.{lang}.html", values)
        title = TITLES[name][lang]
        files.add(f"documents/{name}.html", html.encode("utf-8"), "document", title)
        files.add(f"documents/{name}.docx", html_to_docx(html, title, files.fixed_time), "document", title)
