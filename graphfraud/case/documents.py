"""The draft 涉嫌犯罪案件移送书 and 涉嫌犯罪案件调查报告, filled from the ring, as HTML and A4 DOCX.

The referral letter follows the form of 国务院令第310号 and 医保发〔2021〕49号: the receiving police,
the suspects, the facts in brief, the offence, the amount and its class, the enclosures. The
report states every finding as a fact with its numbers (graphfraud.case.narrative), shows the ring
picture, computes the amount as the rules do (graphfraud.case.legal) and ends with the method
appendix for a prosecutor (graphfraud.case.method). Only the ring's core members are called
suspects; context persons are counted apart. What only a person can decide or sign (文号,
receiving agency, signatures, seal, date, the recommendation) is a marked placeholder.
"""
from __future__ import annotations

from graphfraud.case import labels as L
from graphfraud.case import legal
from graphfraud.case import words as W
from graphfraud.case.collect import CaseData
from graphfraud.case.docx_writer import html_to_docx
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles
from graphfraud.case.htmlkit import Html, blank, document, figure, h2, page_break, para, table
from graphfraud.case.method import appendix
from graphfraud.case.narrative import Statement

TITLES = {"referral": {"zh": "涉嫌犯罪案件移送书", "en": "Referral of a Suspected Criminal Case"},
          "report": {"zh": "涉嫌犯罪案件调查报告", "en": "Investigation Report of a Suspected Criminal Case"}}
PICTURES = ("../pictures/ring.png", "../pictures/timeline.png")


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _hole(lang: str, zh: str, en: str) -> Html:
    return blank(L.placeholder(lang, _t(lang, zh, en)))


def _head(lang: str, kind: str, facts: CaseFacts, profile: str) -> list[str]:
    return [f"<h1>{TITLES[kind][lang]}</h1>", f'<p class="docno">{_hole(lang, "文号", "reference number")}</p>',
            para(_t(lang, f"草稿 · {L.PROFILE[lang][profile]} · 线索编号 {facts.ring_id}",
                    f"Draft · {L.PROFILE[lang][profile]} · lead {facts.ring_id}"), "note")]


def _suspect_names(facts: CaseFacts, lang: str, most: int = 5) -> str:
    people = facts.suspects.sort_values(["fund_pay_sumamt", "key"], ascending=[False, True])
    names = [str(n) if n == n and n else str(k) for k, n in zip(people.key, people.name)]
    unit = "人" if lang == "zh" else "person"
    text = W.listed(names, lang, most, unit)
    if lang == "zh" and len(names) <= most and names:
        text += f"等{len(names)}人" if len(names) > 1 else ""
    return text or _t(lang, "涉案人员", "the persons concerned")


def _certs(case: CaseData) -> dict[str, str]:
    return dict(zip(case.persons.psn_no, case.persons.certno)) if len(case.persons) else {}


REFERRAL_LISTED = 30  # suspects named in the letter itself; the report lists every one


def suspects_table(case: CaseData, facts: CaseFacts, lang: str, most: int | None = None) -> str:
    certs = _certs(case)
    people = facts.suspects if most is None else facts.suspects.sort_values(
        ["fund_pay_sumamt", "key"], ascending=[False, True]).head(most)
    rows = [[i, s.name or "", certs.get(s.key, "") or "", s.key, L.role(lang, s.role)]
            for i, s in enumerate(people.itertuples(), start=1)]
    return table([_t(lang, "序号", "no"), _t(lang, "姓名", "name"), _t(lang, "公民身份号码", "ID number"),
                  _t(lang, "人员编号", "person number"), _t(lang, "在案中的角色", "role")], rows, whole=(1, 2, 3))


def amounts_table(facts: CaseFacts, lang: str) -> str:
    rows = [[i, s.name or s.key, L.role(lang, s.role), s.settlements, s.fund_pay_sumamt, s.acct_pay,
             legal.class_name(s.amount_class, lang, short=True), legal.class_name(s.class_with_account, lang, short=True)]
            for i, s in enumerate(facts.suspects.itertuples(), start=1)]
    return table([_t(lang, "序号", "no"), _t(lang, "姓名", "name"), _t(lang, "角色", "role"),
                  _t(lang, "结算笔数", "settlements"), _t(lang, "统筹基金支付（元）", "pooled fund (yuan)"),
                  _t(lang, "个人账户支付（元）", "personal account (yuan)"),
                  _t(lang, "按统筹基金认定", "class (pooled fund)"), _t(lang, "计入个人账户时", "class incl. account")],
                 rows, numeric=(3, 4, 5), whole=(1, 6, 7))


def institutions_table(case: CaseData, facts: CaseFacts, lang: str) -> str:
    members = facts.subjects[facts.subjects.label == "Institution"].set_index("key")
    inst = case.institutions[case.institutions.fixmedins_code.isin(members.index)] if len(case.institutions) else case.institutions
    rows = [[r.fixmedins_code, r.fixmedins_name or "", L.role(lang, members.loc[r.fixmedins_code, "role"]),
             r.legal_rep_name or "", r.addr or "", int(members.loc[r.fixmedins_code, "settlements"]),
             float(members.loc[r.fixmedins_code, "fund_pay_sumamt"])] for r in inst.itertuples()]
    return table([_t(lang, "机构编码", "code"), _t(lang, "机构名称", "name"), _t(lang, "角色", "role"),
                  _t(lang, "法定代表人", "legal representative"), _t(lang, "地址", "address"),
                  _t(lang, "结算笔数", "settlements"), _t(lang, "统筹基金（元）", "pooled fund (yuan)")], rows, numeric=(5, 6))


def doctors_table(case: CaseData, facts: CaseFacts, lang: str) -> str:
    doctors = facts.subjects[facts.subjects.label == "Practitioner"]
    if doctors.empty:
        return ""
    places = dict(zip(case.practitioners.dr_code, case.practitioners.fixmedins_code)) if len(case.practitioners) else {}
    names = dict(zip(case.institutions.fixmedins_code, case.institutions.fixmedins_name)) if len(case.institutions) else {}
    rows = [[d.key, d.name or "", names.get(places.get(d.key, ""), places.get(d.key, "")) or "", d.lines, d.line_amount]
            for d in doctors.itertuples()]
    return table([_t(lang, "医师编码", "code"), _t(lang, "姓名", "name"), _t(lang, "执业机构", "institution"),
                  _t(lang, "开具明细条数", "fee lines"), _t(lang, "明细金额（元）", "amount (yuan)")], rows, numeric=(3, 4))


def _totals_table(facts: CaseFacts, lang: str) -> str:
    t = facts.totals
    return table([_t(lang, "项目", "item"), _t(lang, "金额（元）", "yuan")], [
        [_t(lang, "统筹基金支付合计（各项基金）", "pooled fund, all funds"), t["fund_pay_sumamt"]],
        [_t(lang, "　其中：基本医疗保险统筹基金", "  of which basic pooled fund"), t["hifp_pay"]],
        [_t(lang, "个人账户支付（单列）", "personal account (apart)"), t["acct_pay"]],
        [_t(lang, "个人现金支付", "cash"), t["psn_cash_pay"]],
        [_t(lang, "医疗费总额", "total medical cost"), t["medfee_sumamt"]]], numeric=(1,))


def _context_paragraph(facts: CaseFacts, lang: str) -> str:
    n = facts.context_persons
    if not n:
        return ""
    return para(_t(lang, f"另有{n}名人员与本团伙存在关联（如购买回流药品的患者、药店的普通顾客、同住亲属），现有数据不足以认定其参与骗取医疗保障基金，"
                         "未列为涉案人员，不计入人数和金额；其化名和关联方式见离线查看页和关系图（浅色）。",
                   f"{n} more persons are linked to the ring (patients who bought a resold box, customers, relatives); "
                   "the data do not show them taking part, so they are not suspects and are not counted. Their case "
                   "pseudonyms and links are in the offline view and the picture (faded)."))


def _enclosures(files: BundleFiles, lang: str) -> str:
    rows = [[i, f.title, f"data/{f.path}", f.format] for i, f in enumerate(
        files.of_kind("table", "graph", "picture", "view"), start=1)]
    return table([_t(lang, "序号", "no"), _t(lang, "名称", "item"), _t(lang, "文件", "file"), _t(lang, "格式", "format")], rows)


def _signatures(lang: str, report: bool) -> str:
    sign = _hole(lang, "签名", "signature")
    lines = [(_t(lang, "承办人（两名）签名：", "Officers (two): ") if not report else
              _t(lang, "调查人员（两名）签名：", "Investigators (two): ")) + f"{sign}　{sign}",
             (_t(lang, "审核人签名：", "Reviewer: ") if report else _t(lang, "负责人签名：", "Head of agency: ")) + sign]
    if not report:
        lines.append(_t(lang, "移送机关（印章）：", "Referring agency (seal): ") + str(_hole(lang, "盖章", "seal")))
    lines.append(_t(lang, "日期：", "Date: ") + str(_hole(lang, "日期", "date")))
    if not report:
        lines.append(_t(lang, "抄送：", "Copy to: ") + str(_hole(lang, "同级人民检察院", "the procuratorate of the same level")))
    return '<div class="sign">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"


def _request(lang: str, profile: str) -> str:
    """What the letter asks: the police review a suspected crime; another authority (一案多查) checks
    what falls in its remit."""
    if profile not in L.REMIT["zh"]:
        return para(_t(lang, f"根据{legal.PROCEDURE}、{legal.JOINT_NOTICE}和{legal.GUIDANCE}的规定，现将该案移送你局，请依法审查。",
                       f"Under {legal.cite(legal.PROCEDURE, lang)}, {legal.cite(legal.JOINT_NOTICE, lang)} and "
                       f"{legal.cite(legal.GUIDANCE, lang)} we refer the case to you for review."))
    return para(_t(lang, f"根据{legal.REGULATION}的规定，该案已移送公安机关依法处理；其中涉及{L.REMIT['zh'][profile]}的问题线索，"
                         "现移送你单位，请依职责核查处理，并将处理结果反馈我局。",
                   f"Under {legal.cite(legal.REGULATION, lang)} the case has gone to the police; what concerns "
                   f"{L.REMIT['en'][profile]} is referred to you to check and handle within your remit; please "
                   "tell us the outcome."))


def referral_html(case: CaseData, facts: CaseFacts, statements: list[Statement], files: BundleFiles, lang: str,
                  profile: str) -> str:
    t = facts.totals
    klass = legal.class_name(facts.amount_class, lang)
    body = _head(lang, "referral", facts, profile) + [
        f'<p class="to">{_hole(lang, L.RECIPIENT["zh"].get(profile, L.RECIPIENT["zh"]["police"]), L.RECIPIENT["en"].get(profile, L.RECIPIENT["en"]["police"]))}{_t(lang, "：", ":")}</p>',
        para(_t(lang,
                f"我局在医疗保障基金监督管理工作中发现，{_suspect_names(facts, lang)}涉嫌以{L.typology(lang, facts.typology)}的方式骗取医疗保障基金。"
                f"经初步调查，{W.period(facts.period_start, facts.period_end, lang)}，涉案人员共结算{facts.settlements}笔，"
                f"医疗保障统筹基金（含各项基金）支付{W.money(t['fund_pay_sumamt'], lang)}，个人账户另支付{W.money(t['acct_pay'], lang)}（单列，未计入）。"
                f"统筹基金支付金额已达“{klass}”标准，涉嫌构成{legal.OFFENCE['zh']}。",
                f"In supervising the medical-security fund we found that {_suspect_names(facts, lang)} are suspected of "
                f"defrauding the fund by {L.typology(lang, facts.typology)}. From "
                f"{W.period(facts.period_start, facts.period_end, lang)} they settled {facts.settlements} times; the "
                f"pooled funds paid {W.money(t['fund_pay_sumamt'], lang)} and personal accounts "
                f"{W.money(t['acct_pay'], lang)} (shown apart, not included). The pooled-fund amount is '{klass}': "
                f"suspected {legal.OFFENCE['en']}.")),
        _request(lang, profile),
        h2(_t(lang, "一、涉嫌犯罪人员", "1. Suspects")), suspects_table(case, facts, lang, REFERRAL_LISTED),
        *([para(_t(lang, f"以上为统筹基金支付金额最高的{REFERRAL_LISTED}人；涉案人员共{len(facts.suspects)}人，全部名单见所附调查报告。",
                   f"The {REFERRAL_LISTED} with the largest pooled-fund amounts; {len(facts.suspects)} suspects in all, "
                   "listed in the enclosed report."))] if len(facts.suspects) > REFERRAL_LISTED else []),
        _context_paragraph(facts, lang),
        h2(_t(lang, "二、涉案定点医药机构", "2. Designated institutions")), institutions_table(case, facts, lang),
        h2(_t(lang, "三、主要事实", "3. Main facts")),
        *[para(f"{_t(lang, '（' + _cn(i) + '）', f'({i}) ')}{s.title}{_t(lang, '。', '. ')}{s.text}")
          for i, s in enumerate(statements[:4], start=1)],
        para(_t(lang, "详见所附涉嫌犯罪案件调查报告。", "See the enclosed investigation report.")),
        h2(_t(lang, "四、附件", "4. Enclosures")),
        para(_t(lang, "1. 涉嫌犯罪案件调查报告（附团伙关系图、分析方法说明）；2. 涉案物品清单（证据清单）；3. 电子数据清单及电子数据提取笔录；"
                      "4. 下列证据数据、关系图数据及离线查看页；5. ",
                "1. investigation report (with the ring picture and the method appendix); 2. evidence list; 3. "
                "electronic data list and extraction record; 4. the evidence data, graph files and offline view below; 5. ")
             ).replace("</p>", f"{_hole(lang, '检验报告或鉴定意见（如有）', 'test or expert reports, if any')}</p>"),
        _enclosures(files, lang),
        para(_t(lang, "本移送书所列事实系医保数据分析所得，尚需通过询问、调取原始处方和票据、视频监控、银行流水等方式核实。",
                "The facts stated come from analysing the fund's data; they must be confirmed by interviews, original "
                "prescriptions and receipts, video and bank records.")),
        _signatures(lang, report=False)]
    return document(lang, TITLES["referral"][lang], body)


def _who(persons: int, places: int, doctors: int) -> list[str]:
    """「36名参保人、2家定点医药机构」: the parts that are not zero."""
    return [f"{n}{unit}" for n, unit in ((persons, "名参保人"), (places, "家定点医药机构"), (doctors, "名医师")) if n]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else str(n)


def report_html(case: CaseData, facts: CaseFacts, statements: list[Statement], files: BundleFiles, lang: str,
                profile: str) -> str:
    t = facts.totals
    run = case.run
    persons, places = len(facts.suspects), int((facts.subjects.label == "Institution").sum())
    doctors = int((facts.subjects.label == "Practitioner").sum())
    body = _head(lang, "report", facts, profile) + [
        h2(_t(lang, "一、案件来源", "1. Origin of the case")),
        para(_t(lang, f"本案线索来源于医疗保障基金监管数据分析（分析运行{run.get('run_id', '')}，{W.day(run.get('started'), lang)}）。"
                      f"经对医保信息平台导出的结算、费用明细、药品追溯码和进销存等数据进行关联分析，发现"
                      f"{W.listed(_who(persons, places, doctors), lang, 3)}"
                      f"在{W.period(facts.period_start, facts.period_end, lang)}期间存在关联异常，涉嫌以"
                      f"{L.typology(lang, facts.typology)}的方式骗取医疗保障基金，共涉及结算{facts.settlements}笔（另有退费{facts.refunds}笔已冲抵）、"
                      f"费用明细{facts.fee_lines}条、药品追溯码{facts.trace_codes}个。",
                f"This lead comes from analysing fund-supervision data (run {run.get('run_id', '')}, "
                f"{W.day(run.get('started'), lang)}). Linking the platform's settlements, fee lines, trace codes and "
                f"inventory showed {persons} insured persons, {places} designated institutions and {doctors} doctors "
                f"acting together from {W.period(facts.period_start, facts.period_end, lang)}, suspected of defrauding "
                f"the fund by {L.typology(lang, facts.typology)}: {facts.settlements} settlements ({facts.refunds} "
                f"refunds netted), {facts.fee_lines} fee lines, {facts.trace_codes} trace codes.")),
        h2(_t(lang, "二、涉案人员和机构", "2. Persons and institutions")),
        "<h3>" + _t(lang, "（一）涉案人员", "(1) Suspects") + "</h3>", suspects_table(case, facts, lang),
        _context_paragraph(facts, lang),
        "<h3>" + _t(lang, "（二）涉案定点医药机构", "(2) Designated institutions") + "</h3>", institutions_table(case, facts, lang),
        *(["<h3>" + _t(lang, "（三）涉案医师", "(3) Doctors") + "</h3>", doctors_table(case, facts, lang)]
          if doctors else []),
        h2(_t(lang, "三、调查认定的事实", "3. Facts found"), "facts"),
        para(_t(lang, "经关联分析，查明以下事实（各项事实涉及的结算可能重叠，金额合计以第四部分为准）：",
                "The analysis established these facts (settlements may appear under several facts; the total is in "
                "section 4):")),
        *[para(f"{_t(lang, '（' + _cn(i) + '）', f'({i}) ')}{s.title}{_t(lang, '。', '. ')}{s.text}")
          for i, s in enumerate(statements, start=1)],
        figure(PICTURES[0], _t(lang, "图1　团伙关系图（从左至右为资金和药品的流向；浅色为关联人员，不属涉案人员）",
                               "Figure 1. The ring (money and boxes flow left to right; faded: context persons, not suspects)")),
        figure(PICTURES[1], _t(lang, "图2　结算时间线（统筹基金与个人账户分列）", "Figure 2. Settlements over time "
                                                                          "(pooled fund and personal account apart)")),
        h2(_t(lang, "四、涉案金额和数额认定", "4. Amounts"), "amounts"), _totals_table(facts, lang),
        *[para(p) for p in legal.amount_basis(facts, lang)], amounts_table(facts, lang),
        h2(_t(lang, "五、涉嫌罪名和法律依据", "5. Offence and legal basis"), "offence"),
        *[para(p) for p in legal.offence_paragraphs(facts, lang)],
        h2(_t(lang, "六、证据材料", "6. Evidence")),
        para(_t(lang, "每条证据数据均注明原始文件名和行号，可回溯至医保信息平台导出的原始记录；各文件的校验值（SHA-256）见电子数据清单。",
                "Every evidence row names its source file and line in the platform's export; each file's SHA-256 is "
                "in the electronic data list.")),
        _enclosures(files, lang),
        h2(_t(lang, "七、处理意见", "7. Recommendation")),
        f"<p>{_hole(lang, '处理意见，由承办人填写', 'recommendation, by the officer')}</p>",
        _signatures(lang, report=True), page_break(), appendix(case, facts, lang)]
    return document(lang, TITLES["report"][lang], body)


def write_documents(files: BundleFiles, case: CaseData, facts: CaseFacts, statements: list[Statement], lang: str,
                    profile: str) -> None:
    pictures = {src: (files.root / src.removeprefix("../")).read_bytes() for src in PICTURES
                if (files.root / src.removeprefix("../")).exists()}
    for name, make in (("referral", referral_html), ("report", report_html)):
        html = make(case, facts, statements, files, lang, profile)
        title = TITLES[name][lang]
        files.add(f"documents/{name}.html", html.encode("utf-8"), "document", title)
        files.add(f"documents/{name}.docx", html_to_docx(html, title, files.fixed_time, pictures), "document", title)
