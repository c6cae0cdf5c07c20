"""A small, fully known data directory and ring for case-bundle tests (and the export benchmark).

Files are in the input format of shared/domain/input-format.md, so they go through the real loader;
the ring collections are written as detection would store them (graphfraud.rings.model).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

EXPORT_TIME = dt.datetime(2025, 7, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
INFORMANT_NAME = "欧阳举报"
INFORMANT_TEL = "13900001111"
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜秀英敏静丽强磊军洋"


BUYERS = [{"psn_no": "33010699990001", "psn_name": "欧阳买药", "certno": "330106198808081234", "tel": "13600009991"},
          {"psn_no": "33010699990002", "psn_name": "司马买药", "certno": "330106198909091235", "tel": "13600009992"}]


@dataclass
class Synthetic:
    data_dir: Path
    ring_id: str
    persons: list[dict[str, str]] = field(default_factory=list)
    setl_ids: list[str] = field(default_factory=list)
    buyers: list[dict[str, str]] = field(default_factory=lambda: list(BUYERS))


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _certno(i: int) -> str:
    return f"330106{1950 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}{i % 10}"


def write_data(root: Path, members: int = 12, ring_id: str = "R-0001") -> Synthetic:
    """``members`` persons buy a watch-listed drug at pharmacy M1 (3 settlements each, one refunded
    later); each box's trace code is sold again at M2, two of them to patients (``BUYERS``: the
    ring's context, not members); a doctor prescribes; two persons share a phone."""
    data = root / "data"
    data.mkdir(parents=True)
    m1, m2, doctor, drug = "P33010600001", "P33010600002", "D330106000001", "XL04AAT123A001010100001"
    persons, setl, fees, sales, ident = [], [], [], [], []
    for i in range(members):
        psn = f"3301060000{i:04d}"
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[(i * 7 + 3) % len(GIVEN)]
        persons.append({"psn_no": psn, "certno": _certno(i), "psn_name": name, "gend": "1",
                        "brdy": f"{1950 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}", "insutype": "310",
                        "insuplc_admdvs": "330106", "tel": f"1381234{i:04d}" if i != 1 else "13812340000",
                        "addr": f"浙江省杭州市西湖区文三路{i + 1}号"})
        for k in range(3):
            sid, when = f"S2025{i:04d}{k}", f"2025-0{3 + k}-{10 + i % 15:02d} 10:{i % 60:02d}:00"
            setl.append({"setl_id": sid, "mdtrt_id": f"V{sid}", "psn_no": psn, "fixmedins_code": m1, "med_type": "41",
                         "setl_time": when, "medfee_sumamt": 1200.0, "hifp_pay": 800.0, "fund_pay_sumamt": 900.0,
                         "acct_pay": 250.0, "psn_cash_pay": 50.0, "refd_setl_flag": 0, "vali_flag": 1})
            code = f"8{i:04d}{k:02d}0000000000001"
            fees.append({"bkkp_sn": f"F{sid}", "setl_id": sid, "psn_no": psn, "fixmedins_code": m1,
                         "fee_ocur_time": when, "med_list_codg": drug, "hilist_name": "他克莫司胶囊", "list_type": "101",
                         "cnt": 50, "pric": 24.0, "det_item_fee_sumamt": 1200.0, "bilg_dr_codg": doctor,
                         "bilg_dr_name": "孙医生", "drug_trac_codg": code, "vali_flag": 1})
            sales.append({"medins_prod_sel_no": f"X{sid}", "fixmedins_code": m2, "med_list_codg": drug,
                          "sel_retn_cnt": 50, "sel_retn_flag": 0, "sel_retn_time": f"2025-0{4 + k}-01 09:00:00",
                          "drug_trac_codg": code, "psn_no": BUYERS[k % 2]["psn_no"] if i == 0 and k < 2 else "",
                          "setl_id": ""})
    setl.append({**setl[0], "setl_id": "S2025REFUND", "refd_setl_flag": 1, "medfee_sumamt": -1200.0, "hifp_pay": -800.0,
                 "fund_pay_sumamt": -900.0, "acct_pay": -250.0, "psn_cash_pay": -50.0, "setl_time": "2025-03-11 09:00:00"})
    ident = [{"psn_no": p["psn_no"], "ident_type": "bank_acct", "ident_value": "6222021234567890123"}
             for p in persons[:2]]
    _write(data / "psn_info.csv", persons + [{**persons[0], **b, "addr": "浙江省杭州市上城区某路1号"} for b in BUYERS])
    _write(data / "fixmedins.csv", [
        {"fixmedins_code": m1, "fixmedins_name": "杭州康宁大药房", "addr": "浙江省杭州市西湖区天目山路1号",
         "legal_rep_name": "钱多多", "legal_rep_certno": "330106197001011234", "tel": "057188880001"},
        {"fixmedins_code": m2, "fixmedins_name": "哈尔滨回春药店", "addr": "黑龙江省哈尔滨市南岗区1号",
         "legal_rep_name": "郑有才", "legal_rep_certno": "230103198002023456", "tel": "045188880002"}])
    _write(data / "practitioner.csv", [{"dr_code": doctor, "dr_name": "孙医生", "dr_type": "D",
                                        "certno": "330106197503035678", "fixmedins_code": m1, "tel": "13700001234"}])
    _write(data / "setl_d.csv", setl)
    _write(data / "fee_list_d.csv", fees)
    _write(data / "inv_sale.csv", sales)
    _write(data / "psn_ident.csv", ident)
    _write(data / "report_lead.csv", [{"lead_id": "L001", "received_time": "2025-02-01", "subject_psn_no": persons[0]["psn_no"],
                                       "subject_fixmedins_code": m1, "content": "药店收购医保药",
                                       "informant_name": INFORMANT_NAME, "informant_tel": INFORMANT_TEL}])
    return Synthetic(data, ring_id, persons, [s["setl_id"] for s in setl if s["refd_setl_flag"] == 0])


def store_ring(store, synthetic: Synthetic) -> None:
    """Ring collections for the synthetic ring, as detection stores them."""
    ring_id = synthetic.ring_id
    members = ([{"node_id": f"Person:{p['psn_no']}", "label": "Person", "key": p["psn_no"], "name": p["psn_name"],
                 "role": "card_holder", "score": 1.0} for p in synthetic.persons]
               + [{"node_id": "Institution:P33010600001", "label": "Institution", "key": "P33010600001",
                   "name": "杭州康宁大药房", "role": "pharmacy", "score": 2.0},
                  {"node_id": "Practitioner:D330106000001", "label": "Practitioner", "key": "D330106000001",
                   "name": "孙医生", "role": "doctor", "score": 0.5}])
    evidence = [{"ring_id": ring_id, "indicator": "trace_reuse", "evidence_id": f"E{sid}", "table": "fee_list_d",
                 "row_key": f"F{sid}", "src_file": "fee_list_d.csv", "src_line": n + 2, "setl_id": sid,
                 "fund_pay_sumamt": 900.0, "hifp_pay": 800.0, "acct_pay": 250.0, "medfee_sumamt": 1200.0,
                 "detail": json.dumps({"psn_no": sid[5:9], "resold_at": "P33010600002", "gap_days": 20})}
                for n, sid in enumerate(synthetic.setl_ids)]
    evidence.append({**evidence[0], "indicator": "swipe_burst", "evidence_id": "EB1",
                     "detail": json.dumps({"fixmedins_code": "P33010600001", "cards": 11, "window": "2025-03-10 10:00"})})
    evidence.append({**evidence[0], "indicator": "lead", "evidence_id": "EL1", "table": "report_lead", "row_key": "L001"})
    store.put_results("runs", pd.DataFrame([{"run_id": "run-0001", "started": "2025-06-01T00:00:00", "finished": None,
                                             "store": "embedded", "algorithm": "leiden", "seed": 42,
                                             "params": json.dumps({"thresholds": {"province": "default", "large": 3000,
                                                                   "huge": 30000, "especially_huge": 500000,
                                                                   "basis": "fund_pay_sumamt"}}),
                                             "versions": json.dumps({"igraph": "x"})}]))
    store.put_results("rings", pd.DataFrame([{"ring_id": ring_id, "run_id": "run-0001", "rank": 1, "score": 9.5,
                                              "typology": "resale", "members": len(members),
                                              "persons": len(synthetic.persons), "institutions": 1, "doctors": 1,
                                              "amount_class": "数额较大", "summary": "resale ring"}]))
    store.put_results("ring_members", pd.DataFrame(members).assign(ring_id=ring_id))
    store.put_results("ring_context", pd.DataFrame([
        {"ring_id": ring_id, "node_id": f"Person:{b['psn_no']}", "label": "Person", "key": b["psn_no"],
         "name": b["psn_name"], "role": "downstream_buyer", "basis": "trace_reuse", "score": 0.5} for b in BUYERS]))
    store.put_results("ring_indicators", pd.DataFrame([
        {"ring_id": ring_id, "indicator": "trace_reuse", "weight": 3.0, "links": len(synthetic.setl_ids), "flags": 0,
         "explanation": "同一追溯码先在本团伙药店结算，后在外省药店再次销售"},
        {"ring_id": ring_id, "indicator": "swipe_burst", "weight": 1.0, "links": 0, "flags": 1,
         "explanation": "30分钟内11张卡集中结算"}]))
    store.put_results("ring_evidence", pd.DataFrame(evidence))


def bundle_texts(files: dict[str, bytes]) -> dict[str, str]:
    """Every file's text, with Office files (zips) opened so their XML can be searched too."""
    out: dict[str, str] = {}
    for name, data in files.items():
        if name.endswith((".docx", ".xlsx")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                out[name] = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        elif not name.endswith(".png"):
            out[name] = data.decode("utf-8", "replace")
    return out

