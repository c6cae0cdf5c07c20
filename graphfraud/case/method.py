"""The method appendix (分析方法说明), written for a prosecutor: what each check means, the
thresholds this run applied, how rings are drawn and scored, and how to repeat the analysis.

Thresholds are read from the run's stored parameters, so the appendix states what was applied, not
today's defaults. A check without a description here is listed as "其他分析" with its counts only:
no code name reaches a Chinese document.
"""
from __future__ import annotations

import json
import platform
from typing import Any

from graphfraud import __version__
from graphfraud.case import words as W
from graphfraud.case.collect import CaseData
from graphfraud.case.facts import CaseFacts
from graphfraud.case.htmlkit import h2, para, table
from graphfraud.case.narrative import OTHER, TITLES

MEANING = {
    "co_purchase": ("多名参保人多次在同一机构、同一天购买同一品种药品。结伙开药、由同一人收集医保凭证集中开药时会留下这种痕迹。",
                    "Several insured persons repeatedly buy the same drug at the same institution on the same day, the trace "
                    "left when cards are collected and used together."),
    "trace_reuse": ("药品追溯码“一盒一码”，一盒药品只应销售结算一次。同一追溯码被再次结算或在另一机构再次销售，说明药品被回收倒卖（回流药）或追溯码被重复使用。",
                    "A trace code identifies one box, which is sold once. A code settled or sold again means the box was "
                    "bought back and resold, or its code reused."),
    "over_supply": ("按药品规格折算，参保人获得的用药天数远超实际经过的天数，或短期内在多家机构开同一药品，超出本人合理用量。",
                    "The days of treatment obtained far exceed the days that passed, or one drug is obtained at many "
                    "institutions within weeks: more than the person can use."),
    "inventory_mismatch": ("机构结算或销售的药品数量超过其进货和库存所能支撑的数量，说明部分结算没有真实的药品交付（空刷、串换）。",
                           "An institution settles more of a drug than its purchases and stock can supply: some settlements "
                           "had no real drug behind them (phantom swipes, switching)."),
    "swipe_burst": ("同一机构、设备或操作员在很短时间内连续为多张医保卡结算，或在深夜集中结算，常见于收集医保卡集中刷卡。",
                    "Many cards settled within minutes, or at night, by one institution, device or operator: the mark of "
                    "collected cards swiped together."),
    "collusion": ("医师开具的外配处方集中流向某一药店，比例远高于同机构其他医师，提示医师与药店串通。",
                  "A doctor's external prescriptions go to one pharmacy far more than his colleagues' do: doctor and "
                  "pharmacy acting together."),
    "backdated_rx": ("处方开具时间晚于药品结算时间，即先结算、后补处方。", "Prescriptions written after the sale they justify."),
    "switched_drug": ("药品追溯码表明实际发出的是另一种药品，而医保按其他药品结算（串换）。追溯码与药品的对应关系取自数据本身：同一产品码的绝大多数记录和进货都属于同一药品时才据以判断。",
                      "The box's trace code shows another product than the drug the fund paid for (switching). Which "
                      "product a code names is learnt from the data itself: only codes whose lines and purchases "
                      "almost all belong to one drug are read."),
    "impersonation": ("参保人死亡后其医保凭证仍被使用，或同一凭证在相距遥远的两地数小时内先后结算，说明凭证被他人冒用。",
                      "A credential used after its holder's death, or in two distant places within hours: someone else "
                      "used it."),
    "split_stays": ("住院病人出院后短期内以同一诊断再次入住同一医院，反复多次，多名病人如此：住院被拆成多次结算（分解住院），或病人并未在床（挂床）。肿瘤按周期化疗不计。",
                    "Inpatients readmitted to one hospital with the same diagnosis days after discharge, again and "
                    "again, several of them: one stay billed as several (split stays), or a bed kept for someone "
                    "not in it. Planned chemotherapy cycles do not count."),
    "co_admission": ("同一批参保人多次在同一天一起入住同一医院，或某医院某天同一类诊断的入院人数远超平时且这些病人出院后不久又以同一诊断再次入院，提示有人组织入院（如整村组织住院、挂床住院）。",
                     "The same insured persons admitted to one hospital on the same day again and again, or a "
                     "hospital day admitting far more patients of one diagnosis than usual who then come back days "
                     "after discharge: someone brings them in (a village bused in, beds kept for no one)."),
    "yearend_drain": ("参保人12月份个人账户支出远高于其平时月份（年底冲顶消费），常见于药店以生活用品或现金换取账户余额。仅作佐证，不单独认定。",
                      "An insured person's personal account spent in December far above their usual month (year-end "
                      "draining), as when a counter trades goods or cash for account balances. Corroboration only."),
    "unrefunded_returns": ("药店的进销存记录显示某笔医保结算的药品已退回库存（销售退货），但医保结算从未退费，基金的支付仍在：药品回到货架，可再次刷卡销售（循环刷卡、空刷）。",
                           "A pharmacy's stock records take back the box of a settlement the fund paid, but the "
                           "settlement was never refunded: the box is on the shelf again, to be swiped on the next "
                           "card (refund cycling), and the fund's payment stands."),
    "shared_identifiers": ("涉案人员共用手机号、银行账户、设备等，提示由同一人控制或收集其医保凭证。被很多人共用的标识（如医院总机、养老院地址）不计。",
                           "Members share phones, bank accounts or devices: one person holds their credentials. Values "
                           "shared by many (a switchboard, a nursing home) do not count."),
    "imported_evidence": ("医保智能监管系统对相关人员、机构或结算的规则命中，作为佐证。", "Hits of the smart-monitoring rules, "
                          "as corroboration."),
    "resold_drug": ("参保人购买的药品经追溯码证实被倒卖，而被倒卖的购药与其本人同种药品的其他购药数量相当，无从区分哪些为本人用药，其他购药一并计入团伙金额。慢性病患者多开倒卖的药通常是常规购药之外的大量购药，其常规购药不计入。",
                    "A person's boxes of a drug were resold (trace codes), and those fills were no bigger than his "
                    "other fills of the drug: nothing tells his own medicine from the ring's supply, so they count "
                    "too. A chronic patient's extra boxes for sale come as bigger fills beside his regular ones, "
                    "which stay his."),
    "same_person": ("两条以上参保记录经身份比对属于同一人（重复参保、姓名异写、身份证号脱敏或旧号），其各自的就医购药记录均归于此人。",
                    "Several insured records are one person (duplicate enrolment, variant names, masked or old ID "
                    "numbers): the care and purchases of each are that person's."),
}
CRITERION = {
    "co_purchase": ("同一机构、同一天、同一品种的共同购药日在{lookback_days}天内达到{min_shared_windows}天及以上；同日购药超过{max_group_buyers}人的不计；门诊慢特病备案购药不计。",
                    "{min_shared_windows} or more shared days within {lookback_days} days (same institution, day and drug); "
                    "days with more than {max_group_buyers} buyers and filed chronic-disease fills do not count."),
    "trace_reuse": ("同一追溯码的有效结算（退费冲抵、拆零合并后）达到{min_settlements}次及以上；跨省再次销售加倍计权。",
                    "{min_settlements} or more settlements of one trace code after refunds and split packs; resale in "
                    "another province weighs double."),
    "over_supply": ("{window_days}天内同一品种的用药天数超过实际天数的{ratio}倍（{strong_ratio}倍以上为严重；门诊慢特病为{chronic_ratio}倍），或{shop_window_days}天内在{shop_min_places}家及以上机构购买同一品种。",
                    "Days of treatment above {ratio} times the days passed in {window_days} days ({strong_ratio} strong; "
                    "{chronic_ratio} for filed chronic patients), or one drug at {shop_min_places}+ institutions in "
                    "{shop_window_days} days."),
    "inventory_mismatch": ("结算（销售）数量超过库存加进货减退货，差额达到{min_gap_units}个计价单位及以上。",
                           "Sales above stock plus purchases by {min_gap_units} or more pricing units."),
    "swipe_burst": ("{window_minutes}分钟内结算不同医保卡{min_cards}张及以上且显著高于平时（{z}个标准差），或{night_start_hour}时至{night_end_hour}时集中结算（医院急诊除外）。",
                    "{min_cards}+ cards within {window_minutes} minutes, {z} standard deviations above usual, or "
                    "settlements between {night_start_hour}:00 and {night_end_hour}:00 (hospital emergencies exempt)."),
    "collusion": ("外配处方流向同一药店的比例达到{min_share}以上、不少于{min_prescriptions}张，且为同机构其他医师的{min_lift}倍以上。",
                  "{min_share} or more of external prescriptions, at least {min_prescriptions}, filled at one pharmacy, "
                  "{min_lift} times the colleagues' share."),
    "backdated_rx": ("处方开具时间晚于对应结算时间。", "Prescription time after the settlement time."),
    "switched_drug": ("{code_len}位追溯码的前{prefix_len}位标识产品；某产品码至少{min_lines}条记录、其中{min_share}以上属于同一药品时，按其他药品结算即为串换；同一机构至少{min_settlements}笔、同一参保人至少{min_patient_settlements}笔才计。",
                      "The first {prefix_len} of {code_len} digits name the product; a product seen on {min_lines}+ "
                      "lines, {min_share} of them one drug, settled as another drug is switched; {min_settlements}+ "
                      "settlements per institution, {min_patient_settlements}+ per patient."),
    "split_stays": ("同一诊断（前{dise_len}位）出院后{readmit_days}天内再次入住同一医院为一次再入院；同一病人在同一医院再入院{min_readmissions}次及以上即计；同一医院{decisive_persons}名及以上病人如此即为确凿；诊断以{exempt_dise_prefixes}开头的（肿瘤、化疗）不计。",
                    "A stay beginning within {readmit_days} days of a discharge from the same hospital with the same "
                    "diagnosis (first {dise_len} characters) is a readmission; {min_readmissions}+ per patient and "
                    "hospital count, {decisive_persons}+ such patients at one hospital are decisive; diagnoses "
                    "starting with {exempt_dise_prefixes} (neoplasms, chemotherapy) are exempt."),
    "co_admission": ("两人在同一医院同一天入院达到{min_shared_days}天及以上；同一医院同日入院超过{max_group}人的不计。"
                     "某医院某天同一类诊断（前{dise_len}位）入院{surge_min_persons}人及以上且达到该院平日的{surge_ratio}倍，为一批集中入院"
                     "（{surge_small_persons}人及以上的较小批次须半数、至少{surge_small_back}人出院后不久以同一类诊断再次入院）；"
                     "这批病人的再次入院一并列为证据。",
                     "Two persons admitted to one hospital on the same day on {min_shared_days}+ days; days with more "
                     "than {max_group} admissions there do not count. A hospital day admitting {surge_min_persons}+ "
                     "patients of one diagnosis (first {dise_len} characters), {surge_ratio} times its usual day, is a "
                     "batch (a smaller one of {surge_small_persons}+ only when half of it, {surge_small_back} at "
                     "least, came back with the diagnosis days after discharge); the stays that brought them back "
                     "are evidence too."),
    "impersonation": ("死亡后发生就医结算（按就诊开始时间，宽限{death_grace_days}天）；或{distant_hours}小时内在两个地市结算；或住院期间在其他机构结算。与死亡人员共用手机号、住址或设备中至少{household_types}类（共用者不超过{household_max}人）、并在其凭证被使用前后{household_hours}小时内于同一机构结算的亲属，视为凭证持有人。外地参保或已死亡人员的凭证，在同一本地参保人本人结算前后{hand_minutes}分钟内于同一机构结算、每张至少{hand_days}天，达到{hand_min_cards}张（多于一户所持）时，视为此人代刷所持。",
                      "Care begun after death (grace {death_grace_days} days); two prefectures within {distant_hours} "
                      "hours; or settlements elsewhere during an inpatient stay. A relative sharing {household_types} "
                      "kinds of the dead holder's phone, address or device (at most {household_max} holders) who settled at the same "
                      "counter within {household_hours} hours of the dead card had the card. Cards of persons insured "
                      "elsewhere or dead, settled within {hand_minutes} minutes of one local person's own settlement at "
                      "the same counter on {hand_days}+ days each, {hand_min_cards} or more of them (more than a "
                      "household holds), were in that person's hands."),
    "yearend_drain": ("12月个人账户支出达到平时月均的{ratio}倍且不少于{min_amount}元。此类参保人在同一机构接连结算（相邻两笔间隔不超过{batch_minutes}分钟，各自12月账户支出至少{batch_share}在该机构）达到{batch_persons}人，视为同一批刷卡。",
                      "December account spending {ratio} times the usual month and at least {min_amount} yuan. "
                      "{batch_persons} or more such persons settling at one institution one after another (each within "
                      "{batch_minutes} minutes of the one before), each spending at least {batch_share} of their "
                      "December account money there, are one batch of cards."),
    "unrefunded_returns": ("进销存中登记为销售退货、对应结算有效且无退费记录（同一就诊无退费，同一参保人在同一机构自结算起至退货后{grace_days}天内亦无退费）；同一机构至少{min_settlements}笔才计；数据截止前{grace_days}天内的退货不计；数据中没有任何退费记录时不作判断。",
                           "Sale returns in the stock records whose settlement is valid and was never refunded (no "
                           "refund of the visit, none of the person at that institution from the sale to "
                           "{grace_days} days after the return); at least {min_settlements} at one institution; "
                           "returns in the data's last {grace_days} days not read; nothing read when the data holds "
                           "no refunds at all."),
    "shared_identifiers": ("按标识类型计权（银行账户、设备较重，住址较轻），两人合计达到{min_weight}；被超过{max_persons}人共用的标识不计。"
                           "合计不足{min_weight}但达到{weak_weight}（共用一部手机、微信、设备或账户，且不同住）的两人只是弱关联："
                           "不据此并入团伙，只用于认定持有团伙两张以上医保凭证的人。",
                           "Weighted by identifier type (accounts and devices heavy, addresses light), {min_weight} per "
                           "pair; values shared by more than {max_persons} persons ignored. A pair under {min_weight} "
                           "but at {weak_weight} or more (one phone, WeChat, device or account, not a home) is a weak "
                           "tie: it joins no one into a ring, and only names who holds two or more of a ring's cards."),
    "imported_evidence": ("按规则命中的严重程度计权。", "Weighted by the hit's severity."),
    "resold_drug": ("被倒卖的购药数量中位数不超过本人同种药品其他购药数量中位数的{alike_ratio}倍时，其他购药一并计入；住院期间的用药不计。",
                    "The resold fills' median quantity at most {alike_ratio} times that of the person's other fills of "
                    "the drug; fills during stays never counted."),
    "same_person": ("按身份证号、姓名读音、出生日期、性别、电话、住址逐项比对计分（概率模型，各项权重见配置），合计达到{min_match_weight}分的两条参保记录视为同一人。",
                    "Records scored field by field (ID number, name by sound, birth date, sex, phone, address; a "
                    "probabilistic model whose weights are configured); {min_match_weight} or more bits: one person."),
}


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"


def _params(run: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(run.get("params") or "{}")
    except (TypeError, ValueError):
        return {}


def _criterion(indicator: str, config: dict[str, Any], lang: str) -> str:
    text = CRITERION.get(indicator, ("", ""))[0 if lang == "zh" else 1]
    values = _Missing({k: (f"{float(v) * 100:.0f}%" if k.endswith("share") else f"{v:g}" if isinstance(v, float) else v)
                       for k, v in config.items() if isinstance(v, (int, float, str))})
    return text.format_map(values)


def appendix(case: CaseData, facts: CaseFacts, lang: str) -> str:
    """The appendix as HTML (headed 附录 分析方法说明)."""
    zh = lang == "zh"
    params = _params(case.run)
    detectors = params.get("detectors") or {}
    rings_cfg = params.get("rings") or {}
    multipliers = (rings_cfg.get("scoring") or {}).get("multipliers") or {}
    known = {i["indicator"]: i for i in facts.indicators}
    weights = case.indicators.set_index("indicator") if len(case.indicators) else None
    rows = []
    for name in sorted(known, key=lambda n: -(float(weights.loc[n, "contribution"]) if weights is not None and n in weights.index
                                               and "contribution" in weights else 0.0)):
        info = weights.loc[name].to_dict() if weights is not None and name in weights.index else {}
        title = TITLES.get(name, OTHER)[lang]
        meaning = MEANING.get(name, ("本次分析的其他检查项。", "Another check of this run."))[0 if zh else 1]
        applied = detectors[name] if name in detectors else rings_cfg.get("scoring") or {}
        rows.append([title, meaning, _criterion(name, applied, lang) or "—",
                     known[name]["evidence_rows"], _num(info.get("weight")), _num(multipliers.get(name)),
                     _num(info.get("contribution"))])
    head = (["分析项", "含义", "判定标准（本次分析所用）", "本案记录数", "权重", "系数", "得分"] if zh else
            ["check", "meaning", "criterion (as applied)", "records", "weight", "multiplier", "score"])
    versions = _versions(case.run)
    repeat = [["分析运行编号" if zh else "analysis run", case.run.get("run_id", "—")],
              ["社区发现算法" if zh else "community algorithm", _algorithm(case.run.get("algorithm"), lang)],
              ["随机种子（固定，结果可重复）" if zh else "seed (fixed: results repeat)", case.run.get("seed", "—")],
              ["分析软件" if zh else "analysis software", f"graphfraud {__version__}（Python {platform.python_version()}）"],
              *[[("所用程序库" if zh else "library"), f"{k} {v}"] for k, v in versions.items()],
              ["数额标准" if zh else "amount thresholds",
               f"{W.money(facts.thresholds.large, lang)} / {W.money(facts.thresholds.huge, lang)} / "
               f"{W.money(facts.thresholds.especially_huge, lang)}"],
              ["数据期间" if zh else "data period", W.period(facts.period_start, facts.period_end, lang)],
              ["分析时间" if zh else "analysed", W.moment(case.run.get("started"), lang) or "—"]]
    parts = [h2("附录　分析方法说明" if zh else "Appendix: method", "method"),
             para("本附录供检察、审判人员审查分析方法之用。分析结果是发现和排序线索的依据，不是认定犯罪的结论；报告所述每项事实均可回溯至所附电子数据中的原始记录（文件名和行号），各文件的校验值见电子数据清单。"
                  if zh else "For prosecutors and judges reviewing the method. The analysis finds and ranks leads; it "
                  "is not a finding of guilt. Every fact stated traces to an original record (file and line) in the "
                  "enclosed electronic data, whose check values are in the electronic data list."),
             "<h3>" + ("一、数据与口径" if zh else "1. Data and counting") + "</h3>",
             para("数据来源于医保信息平台导出的结算、费用明细、进销存、药品追溯码、人员和机构等文件。只计有效记录；退费与原结算冲抵；每笔结算的金额只计一次；统筹基金与个人账户分别计算，不相加。"
                  if zh else "Data: the platform's exports of settlements, fee lines, inventory, trace codes, persons and "
                  "institutions. Valid records only; refunds netted; each settlement counted once; pooled fund and "
                  "personal account apart."),
             "<h3>" + ("二、各项分析的含义和判定标准" if zh else "2. The checks and their criteria") + "</h3>",
             table(head, rows, numeric=(3, 4, 5, 6)),
             "<h3>" + ("三、团伙的划定" if zh else "3. How the ring was drawn") + "</h3>",
             para("以各项分析发现的关联为边构建关系网络，用社区发现算法（莱顿算法，固定随机种子）划分联系紧密的群组。涉案人员须有本人记录上的异常，或与多名涉案人员存在多种独立关联；"
                  "与团伙有联系但不符合上述条件的人员（如购买回流药品的患者、药店的普通顾客、同住亲属）列为关联人员，单独列示，不计入人数和金额。"
                  if zh else "The links the checks found form a network; a community algorithm (Leiden, fixed seed) finds "
                  "tightly linked groups. A member needs an anomaly in his own records, or several independent links "
                  "to members; others linked to the ring (patients who bought a resold box, customers, relatives) are "
                  "context, listed apart and never counted."),
             "<h3>" + ("四、评分方法" if zh else "4. Scoring") + "</h3>",
             para("每项分析的得分 = 系数 × log₂(1 + 权重)，权重为该项在团伙内的关联和标记强度之和；同一类证据重复出现时得分增长放缓，多类独立证据相互印证时得分累加。团伙总分为各项得分之和，仅用于线索排序。"
                  if zh else "Each check scores multiplier × log₂(1 + weight), the weight being the strength of its links "
                  "and flags inside the ring: repeats of one kind add less and less, independent kinds add up. The "
                  "ring's score is the sum, used only to rank leads."),
             "<h3>" + ("五、可重复性" if zh else "5. Repeating the analysis") + "</h3>",
             table(["项目" if zh else "item", "内容" if zh else "value"], repeat)]
    return "\n".join(parts)


def _num(value: Any) -> Any:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return round(number, 2) if number == number else ""


def _versions(run: dict[str, Any]) -> dict[str, str]:
    try:
        found = json.loads(run.get("versions") or "{}")
    except (TypeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _algorithm(name: Any, lang: str) -> str:
    if name == "louvain":
        return "鲁汶（Louvain）社区发现" if lang == "zh" else "Louvain"
    return "莱顿（Leiden）社区发现" if lang == "zh" else "Leiden"
