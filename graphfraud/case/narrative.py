"""Each indicator of a ring as a statement of fact, with its numbers, in Chinese or English.

A police officer reads 「2025年7月30日至12月26日，15名参保人在同一药店同日购买胰岛素共300笔……」,
not an indicator's code name or its score. Every statement is built from the rows behind the
indicator (its evidence rows, their settlements and fee lines, the trace-code chains): dates,
counts, drugs by name, institutions by name, pooled fund and personal account apart. The same
statements serve the bundle's documents, its offline view and ``graphfraud ring show``.

What an indicator's detector found beyond the rows (a ratio, a share, a stock gap) comes from the
evidence row's ``detail`` when the detector recorded it; a statement leaves out what is unknown.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Callable

import pandas as pd

from graphfraud.case import words as W
from graphfraud.case.collect import CaseData
from graphfraud.store.base import GraphStore

TITLES: dict[str, dict[str, str]] = {
    "co_purchase": {"zh": "多人同日同店购买同种药品", "en": "Several persons buying the same drug together"},
    "trace_reuse": {"zh": "同一盒药品（追溯码）重复结算或销售", "en": "One box (trace code) settled or sold again"},
    "over_supply": {"zh": "购药数量远超正常用量", "en": "Drugs obtained far beyond normal use"},
    "inventory_mismatch": {"zh": "结算数量超过进货与库存", "en": "Sales beyond purchases and stock"},
    "swipe_burst": {"zh": "短时间内集中刷卡", "en": "Many cards swiped within minutes"},
    "collusion": {"zh": "医师处方集中流向特定药店", "en": "A doctor's prescriptions steered to one pharmacy"},
    "backdated_rx": {"zh": "先结算后补开处方", "en": "Prescriptions written after the sale"},
    "switched_drug": {"zh": "结算药品与实际发出药品不符（串换）", "en": "Another product dispensed than the drug paid for"},
    "impersonation": {"zh": "冒用他人或死亡人员医保凭证", "en": "Credentials used by someone else or after death"},
    "split_stays": {"zh": "出院后短期内以同一诊断反复入院（分解住院、挂床）", "en": "Readmitted with the same diagnosis days after discharge, again and again"},
    "co_admission": {"zh": "同一批人多次同日入住同一医院", "en": "The same people admitted together again and again"},
    "yearend_drain": {"zh": "年底集中消费个人账户", "en": "Personal accounts drained in December"},
    "unrefunded_returns": {"zh": "药店登记退货但医保结算未退费", "en": "Sales booked back into stock, the fund never refunded"},
    "shared_identifiers": {"zh": "共用手机号、银行账户或设备", "en": "Shared phones, bank accounts or devices"},
    "imported_evidence": {"zh": "医保智能监管规则命中", "en": "Hits of the smart-monitoring rules"},
    "same_person": {"zh": "同一人以多条参保记录出现（重复参保）", "en": "One person behind several insured records"},
    "resold_drug": {"zh": "被倒卖药品的其他同量购药", "en": "Other fills, of the same size, of a drug whose boxes were resold"},
}
OTHER = {"zh": "其他分析发现", "en": "Other finding"}
SHORT = {"co_purchase": {"zh": "同日购药", "en": "buying together"}, "trace_reuse": {"zh": "追溯码重复", "en": "box resold"},
         "over_supply": {"zh": "超量购药", "en": "over-supply"}, "inventory_mismatch": {"zh": "进销存不符", "en": "stock gap"},
         "swipe_burst": {"zh": "集中刷卡", "en": "swipe burst"}, "collusion": {"zh": "处方流向", "en": "steered rx"},
         "backdated_rx": {"zh": "补开处方", "en": "backdated rx"}, "switched_drug": {"zh": "药品串换", "en": "drug switched"}, "impersonation": {"zh": "冒名使用", "en": "impersonation"},
         "split_stays": {"zh": "分解住院", "en": "split stays"}, "co_admission": {"zh": "结伴住院", "en": "admitted together"},
         "yearend_drain": {"zh": "年底冲顶", "en": "year-end drain"},
         "unrefunded_returns": {"zh": "退货未退费", "en": "returned, not refunded"},
         "shared_identifiers": {"zh": "共用标识", "en": "shared ids"}, "imported_evidence": {"zh": "规则命中", "en": "rule hits"},
         "same_person": {"zh": "同一人多记录", "en": "same person"},
         "resold_drug": {"zh": "同药同量购药", "en": "same drug"}}


def short(indicator: str, lang: str = "en") -> str:
    """A check's name in a few words, for table cells (never its code name)."""
    return SHORT.get(indicator, {"zh": "其他", "en": "other"})[lang]
IDENT_KIND = {"zh": {"tel": "手机号", "bank_acct": "银行账户", "device": "设备", "wechat": "微信号", "addr": "住址",
                     "certno": "身份证号", "ip": "网络地址", "email": "电子邮箱"},
              "en": {"tel": "phone number", "bank_acct": "bank account", "device": "device", "wechat": "WeChat account",
                     "addr": "address", "certno": "ID number", "ip": "IP address", "email": "e-mail address"}}


@dataclass
class Statement:
    """One indicator's facts: a title and a sentence for people, its numbers for scripts."""

    indicator: str
    title: str
    text: str
    evidence_rows: int
    settlements: int
    persons: int
    first: str
    last: str
    fund_pay_sumamt: float
    acct_pay: float
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Names:
    """Names of the case's persons, institutions, doctors and drugs (as the redaction profile shows
    them), and the case's trace-code chains."""

    def __init__(self, case: CaseData) -> None:
        self.chains = case.trace_rows
        members = dict(zip(case.members.node_id, case.members.name))
        self.people = {k: n for k, n in zip(case.persons.get("psn_no", []), case.persons.get("psn_name", [])) if _ok(n)}
        self.places = {k: n for k, n in zip(case.institutions.get("fixmedins_code", []),
                                            case.institutions.get("fixmedins_name", [])) if _ok(n)}
        self.doctors = {k: n for k, n in zip(case.practitioners.get("dr_code", []),
                                             case.practitioners.get("dr_name", [])) if _ok(n)}
        self.members = {str(k): str(v) for k, v in members.items() if _ok(v)}
        lines = case.fee_lines
        self.drugs = {c: n for c, n in zip(lines.get("med_list_codg", []), lines.get("hilist_name", [])) if _ok(n) and _ok(c)}

    def person(self, key: Any) -> str:
        return self.people.get(key) or self.members.get(f"Person:{key}") or str(key)

    def place(self, code: Any) -> str:
        return self.places.get(code) or self.members.get(f"Institution:{code}") or str(code)

    def doctor(self, code: Any) -> str:
        return self.doctors.get(code) or self.members.get(f"Practitioner:{code}") or str(code)

    def drug(self, code: Any) -> str:
        text = str(code or "")
        if text in self.drugs:
            return self.drugs[text]
        found = next((n for c, n in self.drugs.items() if text and c.startswith(text)), None)
        return found or ""


def _ok(value: Any) -> bool:
    return value is not None and value == value and str(value) != ""


@dataclass
class _Rows:
    """The rows behind one indicator."""

    evidence: pd.DataFrame
    details: list[dict[str, Any]]
    settlements: pd.DataFrame  # valid, original settlements of the evidence (refunds of their visits netted in sums)
    netted: pd.DataFrame  # the same plus refunds, for amounts
    lines: pd.DataFrame

    def values(self, key: str) -> list[Any]:
        return [d[key] for d in self.details if key in d and _ok(d[key])]

    @property
    def persons(self) -> list[str]:
        found = list(self.settlements.psn_no.dropna().astype(str)) + [str(v) for v in self.values("psn_no")]
        return list(dict.fromkeys(found))

    def amounts(self) -> tuple[float, float]:
        return round(float(self.netted.fund_pay_sumamt.sum()), 2), round(float(self.netted.acct_pay.sum()), 2)


def _rows(case: CaseData, valid: pd.DataFrame, indicator: str) -> _Rows:
    ev = case.evidence[case.evidence.indicator == indicator] if len(case.evidence) else case.evidence
    details = [_detail(v) for v in ev.get("detail", [])]
    ids = set(ev.setl_id.dropna().astype(str)) if len(ev) else set()
    chosen = valid[valid.setl_id.astype(str).isin(ids)]
    originals = chosen[chosen.refd_setl_flag.fillna(0) == 0]
    visits = set(chosen.mdtrt_id.dropna())
    refunds = valid[(valid.refd_setl_flag.fillna(0) == 1) & valid.mdtrt_id.isin(visits) & ~valid.setl_id.isin(chosen.setl_id)]
    netted = pd.concat([chosen, refunds]).drop_duplicates("setl_id")
    keys = set(ev.row_key.astype(str)) if len(ev) else set()
    lines = case.fee_lines
    mine = lines[lines.bkkp_sn.astype(str).isin(keys)] if len(lines) else lines
    if mine.empty and len(lines):
        mine = lines[lines.setl_id.astype(str).isin(ids)]
    return _Rows(ev, details, originals, netted, mine)


def _detail(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def statements(case: CaseData, valid: pd.DataFrame, lang: str) -> list[Statement]:
    """One statement per indicator of the ring, strongest contribution first."""
    names = _Names(case)
    weights = case.indicators.set_index("indicator") if len(case.indicators) else pd.DataFrame()
    found = set(case.evidence.indicator) if len(case.evidence) else set()
    order = sorted(set(weights.index) | found,
                   key=lambda n: (-_number(weights.loc[n].get("contribution")) if n in weights.index else 0.0, n))
    out = []
    for indicator in order:
        rows = _rows(case, valid, indicator)
        write = WRITERS.get(indicator, _generic) if len(rows.evidence) else _withheld
        text = write(rows, names, lang)
        fund, acct = rows.amounts()
        times = pd.to_datetime(rows.settlements.setl_time) if len(rows.settlements) else pd.Series(dtype="datetime64[ns]")
        out.append(Statement(indicator, TITLES.get(indicator, OTHER)[lang], text + _amounts(rows, lang), len(rows.evidence),
                             int(rows.settlements.setl_id.nunique()), len(rows.persons), W.day(times.min(), lang) if len(times) else "",
                             W.day(times.max(), lang) if len(times) else "", fund, acct,
                             _number(weights.loc[indicator].get("contribution")) if indicator in weights.index else 0.0))
    return out


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number else 0.0


def _amounts(rows: _Rows, lang: str) -> str:
    if rows.settlements.empty:
        return "" if lang == "zh" else ""
    fund, acct = rows.amounts()
    if lang == "zh":
        return f"相关结算统筹基金支付{W.money(fund, lang)}、个人账户支付{W.money(acct, lang)}。"
    return f" The settlements concerned drew {W.money(fund, lang)} from the pooled fund and {W.money(acct, lang)} " \
           "from personal accounts."


def _span(rows: _Rows, lang: str) -> str:
    times = pd.to_datetime(rows.settlements.setl_time) if len(rows.settlements) else pd.Series(dtype="datetime64[ns]")
    if len(times) == 0 and rows.values("t"):
        times = pd.to_datetime(pd.Series(rows.values("t")), errors="coerce")
    return W.period(times.min(), times.max(), lang) if len(times) else ("期间不详" if lang == "zh" else "at dates unknown")


def _drugs(rows: _Rows, names: _Names, lang: str) -> str:
    found = list(rows.lines.hilist_name.dropna().astype(str).value_counts().index) if len(rows.lines) else []
    if not found:
        found = [names.drug(c) for c in rows.values("med_list_codg") + rows.values("dr12")]
    return W.listed([f for f in found if f], lang, 3, "种药品" if lang == "zh" else "drug") or \
        ("涉案药品" if lang == "zh" else "the drugs concerned")


def _places(codes: list[Any], names: _Names, lang: str) -> str:
    return W.listed([names.place(c) for c in dict.fromkeys(codes) if _ok(c)], lang, 3, "家机构" if lang == "zh" else
                    "institution") or ("涉案机构" if lang == "zh" else "the institutions concerned")


def _co_purchase(rows: _Rows, names: _Names, lang: str) -> str:
    s = rows.settlements
    places = _places(list(s.fixmedins_code) + rows.values("fixmedins_code"), names, lang)
    days = pd.to_datetime(s.setl_time).dt.normalize().nunique() if len(s) else 0
    n, k = len(rows.persons), int(s.setl_id.nunique())
    if lang == "zh":
        return (f"{_span(rows, lang)}，{n}名参保人在{places}同日购买{_drugs(rows, names, lang)}，共{k}笔，"
                f"多人同日一同购药的日子共{days}天。")
    return (f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} bought {_drugs(rows, names, lang)} at "
            f"{places} on the same days, {W.count(k, '', 'settlement', lang)} on {W.count(days, '', 'day', lang)} "
            "when several of them bought together.")


def _trace_reuse(rows: _Rows, names: _Names, lang: str) -> str:
    codes = list(dict.fromkeys([str(c) for c in rows.values("code")] + _codes_of(rows.lines)))
    chain = names.chains
    if chain.empty or not codes:
        k = int(rows.settlements.setl_id.nunique())
        if lang == "zh":
            return f"{_span(rows, lang)}，{len(codes) or '多'}个药品追溯码对应的同一盒药品被重复结算或销售，涉及结算{k}笔。"
        return f"From {_span(rows, lang)}, the same boxes (trace codes) were settled or sold more than once, in {k} settlements."
    mine = chain[chain.code.astype(str).isin(codes)].sort_values(["code", "event_time"])
    sold = mine[mine.channel != "inv_purc"]
    places_per_code = sold.groupby("code").fixmedins_code.nunique()
    moved = [c for c, n in places_per_code.items() if n >= 2]
    repeats = int((sold.groupby("code").size() - 1).clip(lower=0).sum())
    no_purchase, example = 0, None
    for code, rows_of in sold.groupby("code"):
        first = rows_of.iloc[0]
        later = rows_of[rows_of.fixmedins_code != first.fixmedins_code]
        if later.empty:
            continue
        bought = set(mine[(mine.code == code) & (mine.channel == "inv_purc")].fixmedins_code)
        unbought = later[~later.fixmedins_code.isin(bought)]
        if len(unbought):
            no_purchase += 1
            example = example or (code, first, unbought.iloc[0])
    if not moved:
        places = _places(list(sold.fixmedins_code), names, lang)
        if lang == "zh":
            return (f"{_span(rows, lang)}，{len(codes)}个药品追溯码对应的{_drugs(rows, names, lang)}在{places}被重复结算，"
                    f"同一追溯码最多结算{int(sold.groupby('code').size().max())}次，重复共{repeats}次（一盒药品应只结算一次）。")
        return (f"From {_span(rows, lang)}, {W.count(len(codes), '', 'trace code', lang)} of {_drugs(rows, names, lang)} were "
                f"settled again and again at {places}: up to {int(sold.groupby('code').size().max())} times for one code, "
                f"{W.count(repeats, '', 'repeat', lang)} in all (a box is sold once).")
    first_places = _places(list(sold.groupby("code").fixmedins_code.first()), names, lang)
    later_places = _places([p for c, g in sold.groupby("code") for p in g.fixmedins_code.iloc[1:] if p != g.fixmedins_code.iloc[0]],
                           names, lang)
    drug = _drugs(rows, names, lang)
    stayed = len(places_per_code) - len(moved)
    if lang == "zh":
        text = (f"{_span(rows, lang)}，{len(codes)}个药品追溯码对应的{drug}先在{first_places}结算，"
                f"其中{len(moved)}个追溯码的同一盒药品其后又在{later_places}再次结算或销售"
                + (f"，另有{stayed}个追溯码在同一机构被重复结算" if stayed else "") + f"，重复共{repeats}次")
        text += f"；其中{no_purchase}个追溯码在后一机构无对应进货记录。" if no_purchase else "。"
        if example:
            code, a, b = example
            text += (f"例如追溯码{code}的同一盒药品于{W.day(a.event_time, lang)}在{names.place(a.fixmedins_code)}结算，"
                     f"{W.day(b.event_time, lang)}又在{names.place(b.fixmedins_code)}{'结算' if b.channel == 'fee_list_d' else '销售'}，"
                     f"{names.place(b.fixmedins_code)}无该追溯码的进货记录。")
        return text
    text = (f"From {_span(rows, lang)}, boxes of {drug} with {W.count(len(codes), '', 'trace code', lang)} were first settled at "
            f"{first_places}; the same boxes of {len(moved)} of these codes were settled or sold again at {later_places}"
            + (f", {stayed} more were settled again at the same institution" if stayed else "")
            + f", {W.count(repeats, '', 'repeat', lang)} in all")
    text += f"; for {no_purchase} codes the later institution has no purchase record of the box." if no_purchase else "."
    if example:
        code, a, b = example
        text += (f" For example, the box with trace code {code} was settled at {names.place(a.fixmedins_code)} on "
                 f"{W.day(a.event_time, lang)} and {'settled' if b.channel == 'fee_list_d' else 'sold'} again at "
                 f"{names.place(b.fixmedins_code)} on {W.day(b.event_time, lang)}, which has no purchase record of it.")
    return text


def _codes_of(lines: pd.DataFrame) -> list[str]:
    """The trace codes on fee lines (a line may carry several, comma- or semicolon-separated)."""
    if lines.empty or "drug_trac_codg" not in lines:
        return []
    found = lines.drug_trac_codg.dropna().astype(str).str.replace(r"[;|]", ",", regex=True).str.split(",")
    return [c.strip() for codes in found for c in codes if c.strip()]


def _over_supply(rows: _Rows, names: _Names, lang: str) -> str:
    ratios = [float(r) for r in rows.values("ratio") if isinstance(r, (int, float))]
    n, k = len(rows.persons), int(rows.settlements.setl_id.nunique())
    top = ""
    if ratios:
        best = max((d for d in rows.details if isinstance(d.get("ratio"), (int, float))), key=lambda d: d["ratio"])
        who = names.person(best.get("psn_no")) if best.get("psn_no") else ""
        top = (f"用药天数最高为实际天数的{best['ratio']:.1f}倍（{who}）" if lang == "zh" else
               f"at most {best['ratio']:.1f} times the days that passed ({who})")
    if lang == "zh":
        return (f"{_span(rows, lang)}，{n}名参保人购买{_drugs(rows, names, lang)}的数量远超正常用量"
                + (f"，{top}" if top else "") + f"，涉及结算{k}笔。")
    return (f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} obtained {_drugs(rows, names, lang)} far "
            f"beyond normal use" + (f", {top}" if top else "") + f", in {W.count(k, '', 'settlement', lang)}.")


def _resold_drug(rows: _Rows, names: _Names, lang: str) -> str:
    n, k = len(rows.persons), int(rows.settlements.setl_id.nunique())
    if lang == "zh":
        return (f"{_span(rows, lang)}，{n}名参保人所购{_drugs(rows, names, lang)}经追溯码证实被倒卖，其本人另有{k}笔同种药品购药，"
                f"数量与被倒卖的购药相当，无法与之区分，一并计入。")
    return (f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} whose boxes of "
            f"{_drugs(rows, names, lang)} were resold (trace codes) obtained the drug in "
            f"{W.count(k, '', 'more settlement', lang)}, in quantities like the resold ones: nothing tells them apart, "
            f"and they are counted too.")


def _inventory(rows: _Rows, names: _Names, lang: str) -> str:
    by_item: dict[tuple[str, str], float] = {}
    for d in rows.details:
        if _ok(d.get("gap")):
            by_item[(str(d.get("fixmedins_code")), str(d.get("med_list_codg")))] = float(d["gap"])
    gap = sum(by_item.values())
    places = _places([p for p, _ in by_item] or list(rows.settlements.fixmedins_code), names, lang)
    months = sorted({str(m)[:7] for m in rows.values("month")})
    when = (W.listed([f"{m[:4]}年{int(m[5:7])}月" for m in months], lang, 4, "个月") if lang == "zh" and months else
            W.listed([pd.Timestamp(m + "-01").strftime("%B %Y") for m in months], lang, 4, "month") if months else _span(rows, lang))
    n, k = len(rows.persons), int(rows.settlements.setl_id.nunique())
    if lang == "zh":
        return (f"{places}在{when}结算的{_drugs(rows, names, lang)}数量超过其进货和库存所能支撑的数量"
                + (f"，缺口合计{gap:,.0f}个计价单位" if gap else "") + f"，涉及{n}名参保人{k}笔结算。")
    return (f"In {when}, {places} settled more {_drugs(rows, names, lang)} than its purchases and stock could supply"
            + (f", {gap:,.0f} pricing units short" if gap else "") + f", in {W.count(k, '', 'settlement', lang)} of "
            f"{W.count(n, '', 'insured person', lang)}.")


def _swipe_burst(rows: _Rows, names: _Names, lang: str) -> str:
    bursts: dict[tuple[str, str], dict[str, Any]] = {}
    for d in rows.details:
        place = str(d.get("fixmedins_code") or d.get("entity") or "")
        when = str(d.get("t") or d.get("window") or "")[:10]
        item = bursts.setdefault((place, when), {"cards": 0, "mean": None, "times": []})
        item["cards"] = max(item["cards"], int(d.get("cards") or 0))
        item["mean"] = d.get("mean_cards", item["mean"])
        when_text = d.get("t") or d.get("window")
        if when_text:
            item["times"].append(str(when_text))
    if not bursts:
        return _generic(rows, names, lang)
    (place, day_of), biggest = max(bursts.items(), key=lambda kv: kv[1]["cards"])
    times = sorted(biggest["times"]) or ([day_of] if day_of else [])
    k = int(rows.settlements.setl_id.nunique())
    usual = biggest["mean"]
    if lang == "zh":
        text = (f"{_span(rows, lang)}，共发生{len(bursts)}次短时间内集中刷卡，涉及结算{k}笔；规模最大的一次为"
                f"{_when(times, lang)}，{names.place(place)}在数分钟内为{biggest['cards']}张医保卡连续结算")
        return text + (f"（该机构平时同一时段约{float(usual):.1f}张）。" if _ok(usual) else "。")
    text = (f"From {_span(rows, lang)}, {W.count(len(bursts), '', 'burst', lang)} of swipes within minutes, "
            f"{W.count(k, '', 'settlement', lang)}; the largest, {_when(times, lang)}, was when "
            f"{names.place(place)} settled {biggest['cards']} cards one after another")
    return text + (f" (usually about {float(usual):.1f} in such a window)." if _ok(usual) else ".")


def _when(times: list[str], lang: str) -> str:
    """When a burst began: day and time when known, else the day, else nothing to say."""
    if not times:
        return "时间不详" if lang == "zh" else "at a time not recorded"
    first = times[0]
    if len(first) > 10:
        return W.moment(first, lang) + ("起" if lang == "zh" else "")
    return W.day(first, lang)


def _collusion(rows: _Rows, names: _Names, lang: str) -> str:
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for d in rows.details:
        if d.get("dr_code"):
            pairs[(str(d["dr_code"]), str(d.get("fixmedins_code") or ""))] = d
    n, k = len(rows.persons), int(rows.settlements.setl_id.nunique())
    if not pairs:
        return _generic(rows, names, lang)
    (doctor, place), d = max(pairs.items(), key=lambda kv: float(kv[1].get("share") or 0))
    share, peer = W.percent(d.get("share"), lang), W.percent(d.get("peer_share"), lang)
    if lang == "zh":
        return (f"{_span(rows, lang)}，医师{names.doctor(doctor)}开具的外配处方中{share}流向{names.place(place)}"
                + (f"（同机构其他医师为{peer}）" if peer else "") + f"，涉及{n}名参保人{k}笔结算。")
    return (f"From {_span(rows, lang)}, {share} of the external prescriptions of doctor {names.doctor(doctor)} were filled at "
            f"{names.place(place)}" + (f" (his colleagues: {peer})" if peer else "") +
            f", {W.count(k, '', 'settlement', lang)} of {W.count(n, '', 'insured person', lang)}.")


def _backdated(rows: _Rows, names: _Names, lang: str) -> str:
    doctors = W.listed([names.doctor(c) for c in rows.values("dr_code")], lang, 3, "名医师" if lang == "zh" else "doctors")
    k = int(rows.settlements.setl_id.nunique())
    if lang == "zh":
        return f"{_span(rows, lang)}，{k}笔购药结算的处方开具时间晚于结算时间" + (f"（开方医师：{doctors}）" if doctors else "") + "。"
    return (f"From {_span(rows, lang)}, the prescriptions of {W.count(k, '', 'settlement', lang)} were written after the "
            "sale" + (f" (doctors: {doctors})" if doctors else "") + ".")


def _switched(rows: _Rows, names: _Names, lang: str) -> str:
    places = W.listed([names.place(c) for c in dict.fromkeys(rows.values("fixmedins_code"))], lang, 3,
                      "家机构" if lang == "zh" else "institutions")
    k, n = int(rows.settlements.setl_id.nunique()), len(rows.persons)
    e = rows.details[0] if rows.details else {}
    settled = names.drug(e.get("med_list_codg")) if e else ""
    example = ""
    if e.get("code") and settled:
        example = (f"（例如追溯码{e['code']}对应的是另一种药品，却按{settled}结算）" if lang == "zh" else
                   f" (e.g. the box with trace code {e['code']} is another product, settled as {settled})")
    if lang == "zh":
        return f"{_span(rows, lang)}，{places}有{k}笔结算所扫描的药品追溯码属于其他药品，与医保结算的药品不符，涉及{n}名参保人{example}。"
    return (f"From {_span(rows, lang)}, at {places} the trace codes scanned for {W.count(k, '', 'settlement', lang)} "
            f"belong to another product than the drug the fund paid for, for {W.count(n, '', 'insured person', lang)}"
            f"{example}.")


def _split_stays(rows: _Rows, names: _Names, lang: str) -> str:
    places = W.listed([names.place(c) for c in dict.fromkeys(rows.values("fixmedins_code"))], lang, 3,
                      "家医院" if lang == "zh" else "hospitals")
    k, n = int(rows.settlements.setl_id.nunique()), len(rows.persons)
    if lang == "zh":
        return (f"{_span(rows, lang)}，{n}名参保人在{places}出院后不久即以同一诊断再次入院，反复多次，"
                f"涉及{k}笔住院结算。")
    return (f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} were readmitted to {places} with the "
            f"same diagnosis days after discharge, again and again: {W.count(k, '', 'inpatient settlement', lang)}.")


def _co_admission(rows: _Rows, names: _Names, lang: str) -> str:
    places = W.listed([names.place(c) for c in dict.fromkeys(rows.values("fixmedins_code"))], lang, 3,
                      "家医院" if lang == "zh" else "hospitals")
    n = len(rows.persons)
    surge = [d for d in rows.details if _ok(d.get("admitted_that_day"))]
    if not surge:
        if lang == "zh":
            return f"{_span(rows, lang)}，{n}名参保人多次在同一天一起入住{places}。"
        return f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} were admitted to {places} together on several days."
    # a cohort: the busiest day beside the hospital's usual one, and the stays that brought its patients back
    e = max(surge, key=lambda d: float(d["admitted_that_day"]))
    many, usual, when = int(float(e["admitted_that_day"])), e.get("usual_day") or 0.0, W.day(e.get("begntime"), lang)
    back = [d for d in rows.details if _ok(d.get("readmitted_after"))]
    returned = len({str(d.get("psn_no")) for d in back})
    if lang == "zh":
        usual_text = f"（该院平日约{float(usual):g}人）" if usual else ""
        again = f"；其中{returned}人出院后不久又以同一类诊断再次入院，共{len(back)}次" if back else ""
        return (f"{_span(rows, lang)}，{n}名参保人被集中收治入{places}：{when}一天收治同一类诊断的病人{many}人"
                f"{usual_text}{again}。")
    usual_text = f", where about {float(usual):g} a day is usual" if usual else ""
    again = (f"; {returned} of them came back with the same diagnosis days after discharge, "
             f"{W.count(len(back), '', 'readmission', lang)} in all" if back else "")
    return (f"From {_span(rows, lang)}, {W.count(n, '', 'insured person', lang)} were admitted to {places} in batches: "
            f"{many} patients of one diagnosis on {when}{usual_text}{again}.")


def _yearend(rows: _Rows, names: _Names, lang: str) -> str:
    n = len(rows.persons)
    _, account = rows.amounts()
    batched = [d for d in rows.details if d.get("batch") and d.get("t")]
    together = len({d.get("psn_no") for d in batched})
    top = max(batched, key=lambda d: (int(d["batch"]), str(d["t"])), default=None)
    if lang == "zh":
        batch = (f"其中{together}人的卡在同一机构被接连刷卡（如{W.day(top['t'], lang)}在"
                 f"{names.place(top.get('fixmedins_code'))}，一批{int(top['batch'])}人）。" if top else "")
        return f"{n}名参保人12月份个人账户支出达到平时月份的数倍，12月个人账户支付合计{account:,.2f}元。{batch}"
    batch = (f" The cards of {together} of them were swiped one after another at one counter "
             f"(e.g. {names.place(top.get('fixmedins_code'))} on {W.day(top['t'], lang)}: {int(top['batch'])} cards)."
             if top else "")
    return (f"{W.count(n, '', 'insured person', lang)} spent several times their usual month from their personal account "
            f"in December: {account:,.2f} yuan from the accounts that month.{batch}")


def _unrefunded(rows: _Rows, names: _Names, lang: str) -> str:
    places = W.listed([names.place(c) for c in dict.fromkeys(rows.values("fixmedins_code"))], lang, 3,
                      "家药店" if lang == "zh" else "pharmacies")
    k, n = int(rows.settlements.setl_id.nunique()), len(rows.persons)
    e = rows.details[0] if rows.details else {}
    example = ""
    if e.get("sold") and e.get("t"):
        drug = names.drug(e.get("med_list_codg")) or ("药品" if lang == "zh" else "the drug")
        example = (f"（例如{names.person(e.get('psn_no'))}于{W.day(e['sold'], lang)}结算的{drug}，"
                   f"{W.day(e['t'], lang)}登记退回库存）" if lang == "zh" else
                   f" (e.g. {drug} settled on {names.person(e.get('psn_no'))}'s card on {W.day(e['sold'], lang)}, "
                   f"booked back into stock on {W.day(e['t'], lang)})")
    if lang == "zh":
        return (f"{_span(rows, lang)}，{places}在进销存中为{k}笔医保结算登记了销售退货，药品退回库存，"
                f"但这些结算从未退费，统筹基金和个人账户的支付仍在，涉及{n}名参保人{example}。")
    return (f"From {_span(rows, lang)}, {places} booked sale returns in its stock records for "
            f"{W.count(k, '', 'insurance settlement', lang)}, the boxes going back on the shelf, but none was "
            f"ever refunded: what the fund and the accounts paid stands, for "
            f"{W.count(n, '', 'insured person', lang)}{example}.")


def _impersonation(rows: _Rows, names: _Names, lang: str) -> str:
    dead = [d for d in rows.details if d.get("death_date")]
    far = [d for d in rows.details if _ok(d.get("gap_hours"))]
    parts = []
    if dead:
        people = {str(d.get("psn_no")) for d in dead}
        e = dead[0]
        when = e.get("service_time") or e.get("t")
        if lang == "zh":
            parts.append(f"{len(people)}名参保人在死亡后仍有{len(dead)}笔就医购药结算（例如{names.person(e.get('psn_no'))}"
                         f"于{W.day(e['death_date'], lang)}死亡，{W.day(when, lang)}仍在{names.place(e.get('fixmedins_code'))}结算）")
        else:
            parts.append(f"{W.count(len(people), '', 'insured person', lang)} still had {W.count(len(dead), '', 'settlement', lang)}"
                         f" after death (e.g. {names.person(e.get('psn_no'))} died on {W.day(e['death_date'], lang)} and "
                         f"was settled at {names.place(e.get('fixmedins_code'))} on {W.day(when, lang)})")
    if far:
        e = min(far, key=lambda d: float(d["gap_hours"]))
        pairs = len({(str(d.get("psn_no")), str(d.get("t"))[:10]) for d in far})
        if lang == "zh":
            parts.append(f"{pairs}次同一参保人的医保凭证在相距遥远的两地数小时内先后结算（例如{names.person(e.get('psn_no'))}"
                         f"于{W.day(e.get('t'), lang)}在{float(e['gap_hours']):.1f}小时内先后在两地结算）")
        else:
            parts.append(f"{W.count(pairs, '', 'time', lang)} one person's credential was settled in two distant places within "
                         f"hours (e.g. {names.person(e.get('psn_no'))} on {W.day(e.get('t'), lang)}, "
                         f"{float(e['gap_hours']):.1f} hours apart)")
    held = sorted((d for d in rows.details if d.get("holder")), key=lambda d: not d.get("holder_t"))
    if held:
        parts.append(_hand(held, names, lang))
    lent = [d for d in rows.details if d.get("begntime") and d.get("reason")]
    if lent:
        parts.append(_lent(lent, names, lang))
    if not parts:
        return _generic(rows, names, lang)
    if lang == "zh":
        return f"{_span(rows, lang)}，" + "；".join(parts) + "。"
    return f"From {_span(rows, lang)}, " + "; ".join(parts) + "."


def _lent(stays: list[dict[str, Any]], names: _Names, lang: str) -> str:
    """Stays on lent credentials: how many stays on ID numbers alone, of how many holders, where, and
    how many of them the holder's own record contradicts (elsewhere at the time, or a diagnosis his
    body rules out)."""
    holders = {str(d.get("psn_no")) for d in stays}
    places = _places(sorted({str(d.get("fixmedins_code")) for d in stays}), names, lang)
    against = [d for d in stays if d.get("reason") in ("holder elsewhere", "diagnosis impossible for the holder")]
    e = (against or stays)[0]
    day = W.day(e.get("begntime"), lang)
    if lang == "zh":
        return (f"{len(holders)}名参保人的身份证号被用于在{places}住院{len(stays)}次（仅凭身份证号，未用医保卡或电子凭证）"
                + (f"，其中{len(against)}次住院期间本人在外地就医购药或诊断与本人性别、年龄不符" if against else "")
                + f"（例如{names.person(e.get('psn_no'))}，{day}入院）")
    return (f"{W.count(len(stays), '', 'inpatient stay', lang)} at {places} were settled on the ID numbers alone "
            f"(no card or e-voucher) of {W.count(len(holders), '', 'insured person', lang)}"
            + (f"; during {len(against)} of them the holder was settling elsewhere, or the diagnosis does not fit "
               f"the holder's sex or age" if against else "")
            + f" (e.g. {names.person(e.get('psn_no'))}, admitted {day})")


def _hand(held: list[dict[str, Any]], names: _Names, lang: str) -> str:
    """A broker's hand: the cards of persons living elsewhere or dead settled within minutes of his own
    settlements, on several days each."""
    holders = sorted({str(d["holder"]) for d in held})
    cards = {str(d.get("psn_no")) for d in held}
    e = held[0]
    who = names.person(holders[0]) if len(holders) == 1 else (f"{len(holders)}人" if lang == "zh"
                                                               else W.count(len(holders), "", "person", lang))
    day = W.day(e.get("t"), lang) if _ok(e.get("t")) else ""
    if lang == "zh":
        return (f"{len(cards)}名外地参保或已死亡人员的医保凭证，多次在{who}本人结算前后数分钟内于同一柜台结算"
                f"（例如{names.person(e.get('psn_no'))}的凭证" + (f"于{day}" if day else "")
                + f"在{names.place(e.get('fixmedins_code'))}结算），这些凭证在其手中，在这些柜台共结算{len(held)}笔")
    whose, hands = (f"{who}'s", "his") if len(holders) == 1 else (f"{who}'", "their")
    return (f"the credentials of {W.count(len(cards), '', 'person', lang)} insured elsewhere or dead were settled "
            f"within minutes of {whose} own settlements at the same counter, on several days each (e.g. "
            f"{names.person(e.get('psn_no'))}'s" + (f" on {day}" if day else "")
            + f" at {names.place(e.get('fixmedins_code'))}): they were in {hands} hands, and were settled "
            f"{W.count(len(held), '', 'time', lang)} at those counters")


def _shared(rows: _Rows, names: _Names, lang: str) -> str:
    groups: dict[tuple[str, str], set[str]] = {}
    for d in rows.details:
        kind = str(d.get("ident_type") or "")
        if kind:
            groups.setdefault((kind, str(d.get("ident_value"))), set()).add(str(d.get("psn_no") or d.get("dr_code") or ""))
    if not groups:
        return _generic(rows, names, lang)
    kinds = sorted({k for k, _ in groups}, key=lambda k: -len([1 for kk, _ in groups if kk == k]))
    labels = [IDENT_KIND[lang].get(k, "其他联系方式" if lang == "zh" else "other identifier") for k in kinds]
    people = set().union(*groups.values())
    largest = max(len(v) for v in groups.values())
    if lang == "zh":
        return (f"{len(people)}名人员之间共用{W.listed(labels, lang, 4)}，共{len(groups)}处共用，"
                f"最多{largest}人共用同一{labels[0]}。")
    return (f"{W.count(len(people), '', 'person', lang)} share {W.listed(labels, lang, 4)}: "
            f"{W.count(len(groups), '', 'shared value', lang)}, up to {largest} persons on one.")


def _imported(rows: _Rows, names: _Names, lang: str) -> str:
    rules = pd.Series([str(d.get("rule_name")) for d in rows.details if _ok(d.get("rule_name"))]).value_counts()
    amount = sum(float(d.get("vola_amt") or 0) for d in rows.details)
    listed = W.listed([f"{r}{n}条" if lang == "zh" else f"{r} ({n})" for r, n in rules.items()], lang, 4)
    if lang == "zh":
        return (f"医保智能监管系统对本案人员和机构的规则命中{len(rows.evidence)}条" + (f"：{listed}" if listed else "")
                + (f"，涉及违规金额{W.money(amount, lang)}" if amount else "") + "。")
    return (f"The smart-monitoring rules flagged the case's persons and institutions "
            f"{W.count(len(rows.evidence), '', 'time', lang)}"
            + (f": {listed}" if listed else "") + (f", {W.money(amount, lang)} in violations" if amount else "") + ".")


def _same_person(rows: _Rows, names: _Names, lang: str) -> str:
    pairs = {(str(d.get("psn_a")), str(d.get("psn_b"))) for d in rows.details if _ok(d.get("psn_a"))}
    same_cert = sum(1 for d in rows.details if d.get("certno") == "full_equal") // 2
    if lang == "zh":
        return (f"经身份比对，{len(pairs)}组参保记录属于同一人（身份证号、姓名读音、出生日期等一致）"
                + (f"，其中{same_cert}组身份证号完全相同" if same_cert else "") + "，存在重复参保。")
    return (f"Identity matching found {W.count(len(pairs), '', 'pair', lang)} of insured records to be one person "
            "(ID number, name by sound, birth date)" + (f", {same_cert} with the very same ID number" if same_cert else "")
            + ": duplicate enrolment.")


def _withheld(rows: _Rows, names: _Names, lang: str) -> str:
    """An indicator whose rows do not travel with the case (a tip-off: the reporter is protected)."""
    if lang == "zh":
        return "另有外部线索（如举报）作为参考；按照举报人信息保密的规定，其内容不随本材料移送。"
    return "External leads (such as a tip-off) also point to this ring; to protect the reporter, they are not enclosed."


def _generic(rows: _Rows, names: _Names, lang: str) -> str:
    n, k = len(rows.persons), int(rows.settlements.setl_id.nunique())
    if lang == "zh":
        return f"{_span(rows, lang)}，共有{len(rows.evidence)}条记录，涉及{n}名参保人、结算{k}笔。"
    return (f"From {_span(rows, lang)}, {W.count(len(rows.evidence), '', 'record', lang)}, "
            f"{W.count(n, '', 'insured person', lang)}, {W.count(k, '', 'settlement', lang)}.")


Writer = Callable[[_Rows, _Names, str], str]
WRITERS: dict[str, Writer] = {
    "co_purchase": _co_purchase, "trace_reuse": _trace_reuse, "over_supply": _over_supply, "inventory_mismatch": _inventory,
    "swipe_burst": _swipe_burst, "collusion": _collusion, "backdated_rx": _backdated, "switched_drug": _switched,
    "impersonation": _impersonation, "split_stays": _split_stays, "co_admission": _co_admission,
    "yearend_drain": _yearend, "unrefunded_returns": _unrefunded,
    "shared_identifiers": _shared, "imported_evidence": _imported, "same_person": _same_person,
    "resold_drug": _resold_drug,
}


def ring_findings(store: GraphStore, ring_id: str, lang: str = "en") -> list[dict[str, Any]]:
    """The statements of a stored ring for the terminal and --json (full names: the investigator's view)."""
    from graphfraud.case.collect import collect_case
    from graphfraud.case.facts import valid_settlements

    case = collect_case(store, ring_id)
    return [s.to_dict() for s in statements(case, valid_settlements(case.settlements), lang)]
