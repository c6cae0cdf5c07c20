"""The drug catalogue and service items: national codes, packs, prices and the resale watch list.

Prices are list prices per box in yuan (resale-risk ones follow the public cases of the domain
guide). ``pack`` is the number of pricing units (最小计价单位) in a box: 1 where a box is the unit,
the tablet count where the drug is sold by the tablet and can be split (拆零). ``days`` is the
days of supply one box gives at the usual adult dose; ``cap`` the boxes a 12-week long
prescription allows (at most eight), the quantity resale rings obtain at every visit.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# cls, class, name, spec, form, pack, box price, days, resale, nego, disease,
# weights (pharmacy, outpatient, inpatient), makers
_DRUGS: list[tuple] = [
    ("X", "L04AD", "他克莫司胶囊", "1mg*50粒", "胶囊剂", 1, 560.00, 25, 1, 0, "transplant", (0, 0, 0),
     ["安斯泰来制药(中国)有限公司", "杭州中美华东制药有限公司"]),
    ("X", "B02BX", "马来酸阿伐曲泊帕片", "20mg*10片", "片剂", 1, 2480.00, 10, 1, 1, "itp", (0, 0, 0),
     ["上海复星医药(集团)股份有限公司"]),
    ("X", "L01EX", "盐酸安罗替尼胶囊", "12mg*7粒", "胶囊剂", 1, 1380.00, 10, 1, 1, "lung_cancer", (0, 0, 0),
     ["正大天晴药业集团股份有限公司"]),
    ("X", "A10AE", "甘精胰岛素注射液", "3ml:300单位", "注射剂", 1, 76.00, 15, 1, 0, "diabetes", (0, 1, 0),
     ["赛诺菲(北京)制药有限公司", "甘李药业股份有限公司"]),
    ("X", "A10AB", "门冬胰岛素注射液", "3ml:300单位", "注射剂", 1, 68.00, 15, 1, 0, "diabetes", (0, 0, 1),
     ["诺和诺德(中国)制药有限公司"]),
    ("X", "J05AF", "富马酸丙酚替诺福韦片", "25mg*30片", "片剂", 1, 198.00, 30, 1, 1, "hepatitis_b", (0, 0, 0),
     ["吉利德科学制药有限公司"]),
    ("X", "J05AP", "索磷布韦维帕他韦片", "400mg:100mg*28片", "片剂", 1, 2980.00, 28, 1, 1, "hepatitis_c", (0, 0, 0),
     ["吉利德科学制药有限公司"]),
    ("X", "L01EB", "甲磺酸奥希替尼片", "80mg*30片", "片剂", 1, 4980.00, 30, 1, 1, "lung_cancer", (0, 0, 0),
     ["阿斯利康制药有限公司"]),
    ("X", "L01EX", "甲磺酸仑伐替尼胶囊", "4mg*30粒", "胶囊剂", 1, 3600.00, 10, 1, 1, "liver_cancer", (0, 0, 0),
     ["卫材(中国)药业有限公司"]),
    ("X", "L04AB", "阿达木单抗注射液", "40mg:0.4ml", "注射剂", 1, 1150.00, 14, 1, 1, "rheumatoid", (0, 0, 0),
     ["艾伯维医药贸易(上海)有限公司"]),
    ("Z", "A01AA", "安宫牛黄丸", "3g*1丸", "丸剂", 1, 680.00, 1, 1, 0, None, (0, 0, 0),
     ["北京同仁堂股份有限公司同仁堂制药厂"]),
    ("X", "B05AA", "人血白蛋白", "10g:50ml(20%)", "注射剂", 1, 380.00, 2, 1, 0, None, (0, 0, 2),
     ["华兰生物工程股份有限公司"]),
    ("X", "J01CA", "阿莫西林胶囊", "0.25g*24粒", "胶囊剂", 24, 12.00, 4, 0, 0, None, (9, 6, 0),
     ["石药集团欧意药业有限公司", "华北制药股份有限公司"]),
    ("X", "A10BA", "盐酸二甲双胍片", "0.5g*60片", "片剂", 60, 15.60, 20, 0, 0, "diabetes", (8, 6, 0),
     ["中美上海施贵宝制药有限公司", "石药集团欧意药业有限公司"]),
    ("X", "C08CA", "苯磺酸氨氯地平片", "5mg*28片", "片剂", 1, 14.00, 28, 0, 0, "hypertension", (9, 6, 0),
     ["辉瑞制药有限公司", "浙江京新药业股份有限公司"]),
    ("X", "C10AA", "阿托伐他汀钙片", "20mg*7片", "片剂", 1, 9.10, 7, 0, 0, "coronary", (7, 6, 0),
     ["辉瑞制药有限公司"]),
    ("X", "B01AC", "阿司匹林肠溶片", "100mg*30片", "片剂", 1, 15.50, 30, 0, 0, "coronary", (7, 5, 0),
     ["拜耳医药保健有限公司"]),
    ("X", "A02BC", "奥美拉唑肠溶胶囊", "20mg*14粒", "胶囊剂", 1, 12.00, 14, 0, 0, None, (6, 6, 0),
     ["常州四药制药有限公司"]),
    ("X", "A10BF", "阿卡波糖片", "50mg*30片", "片剂", 30, 20.00, 10, 0, 0, "diabetes", (5, 4, 0),
     ["拜耳医药保健有限公司"]),
    ("X", "C09CA", "缬沙坦胶囊", "80mg*28粒", "胶囊剂", 1, 25.00, 28, 0, 0, "hypertension", (6, 4, 0),
     ["北京诺华制药有限公司"]),
    ("X", "C08CA", "硝苯地平控释片", "30mg*7片", "片剂", 1, 32.00, 7, 0, 0, "hypertension", (4, 4, 0),
     ["拜耳医药保健有限公司"]),
    ("X", "M01AE", "布洛芬缓释胶囊", "0.3g*20粒", "胶囊剂", 20, 10.50, 10, 0, 0, None, (8, 3, 0),
     ["中美天津史克制药有限公司"]),
    ("X", "J01DD", "头孢克肟分散片", "0.1g*6片", "片剂", 1, 22.00, 3, 0, 0, None, (4, 5, 0),
     ["广州白云山制药股份有限公司"]),
    ("X", "A07BC", "蒙脱石散", "3g*10袋", "散剂", 1, 12.00, 3, 0, 0, None, (5, 3, 0), ["博福-益普生(天津)制药有限公司"]),
    ("X", "R06AX", "氯雷他定片", "10mg*6片", "片剂", 1, 18.00, 6, 0, 0, None, (5, 2, 0), ["拜耳医药保健有限公司"]),
    ("X", "J01MA", "左氧氟沙星片", "0.5g*4片", "片剂", 1, 16.00, 4, 0, 0, None, (2, 5, 0), ["第一三共制药(北京)有限公司"]),
    ("X", "C10AA", "瑞舒伐他汀钙片", "10mg*28片", "片剂", 1, 30.00, 28, 0, 0, "coronary", (4, 5, 0),
     ["阿斯利康制药有限公司"]),
    ("X", "J01DD", "注射用头孢曲松钠", "1g", "注射剂", 1, 6.50, 1, 0, 0, None, (0, 3, 6), ["上海罗氏制药有限公司"]),
    ("X", "B05BB", "0.9%氯化钠注射液", "250ml", "注射剂", 1, 3.00, 1, 0, 0, None, (0, 3, 9), ["四川科伦药业股份有限公司"]),
    ("X", "A02BC", "注射用奥美拉唑钠", "40mg", "注射剂", 1, 18.00, 1, 0, 0, None, (0, 1, 6), ["阿斯利康制药有限公司"]),
    ("Z", "A04BA", "连花清瘟胶囊", "0.35g*24粒", "胶囊剂", 1, 14.80, 4, 0, 0, None, (7, 3, 0), ["石家庄以岭药业股份有限公司"]),
    ("Z", "A12EA", "复方丹参滴丸", "27mg*180丸", "丸剂", 1, 28.00, 20, 0, 0, "coronary", (5, 3, 0),
     ["天士力医药集团股份有限公司"]),
    ("Z", "A09FA", "六味地黄丸", "200丸", "丸剂", 1, 18.00, 25, 0, 0, None, (5, 1, 0), ["北京同仁堂科技发展股份有限公司"]),
    ("Z", "A01BA", "感冒灵颗粒", "10g*9袋", "颗粒剂", 1, 12.00, 3, 0, 0, None, (7, 2, 0), ["华润三九医药股份有限公司"]),
    ("Z", "A03AA", "藿香正气水", "10ml*10支", "酊剂", 1, 9.00, 3, 0, 0, None, (5, 1, 0), ["太极集团重庆涪陵制药厂有限公司"]),
    ("Z", "A12HA", "银杏叶片", "19.2mg*24片", "片剂", 1, 24.00, 8, 0, 0, None, (3, 2, 0), ["扬子江药业集团有限公司"]),
]
# Drugs only varied worlds carry (nursing-home anticoagulants, a cheap hepatitis B drug): the default
# world's catalogue stays as it was.
_EXTRA_DRUGS: list[tuple] = [
    ("X", "B01AF", "利伐沙班片", "10mg*7片", "片剂", 1, 42.00, 7, 0, 0, "atrial_fibrillation", (2, 2, 0),
     ["拜耳医药保健有限公司", "江苏豪森药业集团有限公司"]),
    ("X", "B01AA", "华法林钠片", "2.5mg*60片", "片剂", 60, 16.00, 30, 0, 0, "atrial_fibrillation", (2, 1, 0),
     ["齐鲁制药有限公司"]),
    ("X", "J05AF", "恩替卡韦分散片", "0.5mg*28片", "片剂", 1, 18.00, 28, 0, 0, "hepatitis_b", (2, 2, 0),
     ["正大天晴药业集团股份有限公司"]),
    ("X", "A10BK", "达格列净片", "10mg*14片", "片剂", 1, 62.00, 14, 0, 1, "diabetes", (2, 2, 0),
     ["阿斯利康制药有限公司"]),
]
# Drugs only adversarial worlds carry (a flu-vaccine day, year-end tonics, clopidogrel after a stent).
_ADV_DRUGS: list[tuple] = [
    ("X", "J07BB", "流感病毒裂解疫苗", "0.5ml", "注射剂", 1, 68.00, 365, 0, 0, None, (0, 0, 0),
     ["华兰生物疫苗股份有限公司"]),
    ("Z", "A12AX", "复方阿胶浆", "20ml*12支", "合剂", 1, 98.00, 6, 0, 0, None, (0, 0, 0), ["东阿阿胶股份有限公司"]),
    ("X", "B01AC", "硫酸氢氯吡格雷片", "75mg*7片", "片剂", 1, 118.00, 7, 0, 0, "coronary", (0, 0, 0),
     ["赛诺菲(杭州)制药有限公司"]),
]
# code, name, list type, price, inpatient per-day item
_SERVICES: list[tuple[str, str, str, float]] = [
    ("001102000010000", "普通门诊诊查费", "201", 25.00),
    ("002502010220000", "血细胞分析", "201", 20.00),
    ("002503020010000", "肝功能检查", "201", 60.00),
    ("002101000010000", "X线计算机体层(CT)平扫", "201", 320.00),
    ("001204000010000", "静脉输液", "201", 12.00),
    ("001104000010000", "床位费", "201", 60.00),
    ("001202000020000", "二级护理", "201", 30.00),
    ("C14010101600000102370000001", "一次性使用输液器", "301", 5.00),
    ("C02030104200000100230000002", "静脉留置针", "301", 25.00),
]
LONG_PRESCRIPTION_DAYS = 84  # 12 weeks, the longest chronic prescription (domain guide 2.1)
MAX_CAP = 8
CONSULT, BLOOD_TEST, LIVER_TEST, CT_SCAN, INFUSION, BED_DAY, NURSING_DAY, GIVING_SET, CANNULA = range(9)


def build_items(extra: bool = False, adversarial: bool = False) -> pd.DataFrame:
    """Services first (so their row numbers are the constants above), then one row per drug product.

    ``extra`` appends the drugs only varied worlds carry, ``adversarial`` those of adversarial worlds.
    """
    rows = [dict(code=c, name=n, list_type=t, spec="", form="", maker="", pack=1, price=round(p * 100), days=0,
                 resale=0, nego=0, cap=0, disease="", w_pharm=0, w_out=0, w_ipt=0, is_drug=False)
            for c, n, t, p in _SERVICES]
    for variety, (cls, klass, name, spec, form, pack, price, days, resale, nego, disease, w, makers) \
            in enumerate(_DRUGS + (_EXTRA_DRUGS if extra else []) + (_ADV_DRUGS if adversarial else [])):
        for m, maker in enumerate(makers):
            # 23 chars: type + class + variety + dosage form + spec, then 9 digits for the maker's
            # product: the first 12 characters (the variety, Dr12) stay the same across makers.
            code = f"{cls}{klass}{'DT'[variety % 2]}{variety + 21:03d}{'AB'[form == '注射剂']}0{variety % 7:02d}" \
                   f"{(variety * 7919 + m * 104729) % 10**9:09d}"
            rows.append(dict(code=code, name=name, list_type="101", spec=spec, form=form, maker=maker, pack=pack,
                             price=round(price * 100), days=days, resale=resale, nego=nego,
                             cap=min(max(round(LONG_PRESCRIPTION_DAYS / days), 1), MAX_CAP),
                             disease=disease or "", w_pharm=w[0], w_out=w[1], w_ipt=w[2], is_drug=True))
    items = pd.DataFrame(rows)
    # 码上放心 codes start with a 7-digit product prefix; the serial follows (see world.TraceCodes).
    items["trace_prefix"] = [f"8{(1000 + i * 7919) % 10**6:06d}" if d else "" for i, d in enumerate(items.is_drug)]
    return items


def drug_catalog_table(items: pd.DataFrame) -> pd.DataFrame:
    """The ``drug_catalog`` table; min_pac_cnt, pack_days and hi_nego_drug_flag are extra columns."""
    drugs = items[items.is_drug]
    price_cap = np.where(drugs.pack > 1, drugs.price / 100 / drugs.pack, drugs.price / 100)
    return pd.DataFrame({
        "med_list_codg": drugs.code, "reg_name": drugs.name, "spec": drugs.spec, "dosform_name": drugs.form,
        "prodentp_name": drugs.maker, "pric_uplmt": [f"{p:.4f}".rstrip("0").rstrip(".") for p in price_cap],
        "resale_risk": drugs.resale.astype(str), "hi_nego_drug_flag": drugs.nego.astype(str),
        "min_pac_cnt": drugs.pack.astype(str), "pack_days": drugs.days.astype(str),
    }).reset_index(drop=True)
