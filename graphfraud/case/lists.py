"""The lists a referral carries: 涉案物品/证据清单, 电子数据清单 (type, format, SHA-256 of each item)
and the 提取笔录 (法发〔2016〕22号 art. 14: case, object, content, time, place, method, two
investigators and the data holder), plus the machine-readable queries behind it.

The export time appears in the extraction record and nowhere else, so two exports of one ring
differ only there.
"""
from __future__ import annotations

import csv
import getpass
import io
import platform
from typing import Any

from graphfraud import __version__, settings
from graphfraud.case import labels as L
from graphfraud.case import words as W
from graphfraud.case.collect import CaseData, params_digest
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles, json_bytes
from graphfraud.case.htmlkit import blank, render, table
from graphfraud.privacy.cells import neutralise_row

DATA_KINDS = ("table", "graph", "picture", "view")
QUERY_TITLES = {"case_settlements": ("结算记录（按结算编号，含同一就诊的退费）", "settlements by ID, with refunds of the same visits"),
                "case_fee_lines": ("费用明细（按结算编号）", "fee lines by settlement"),
                "case_persons": ("人员信息（按人员编号）", "persons by number"),
                "case_institutions": ("定点医药机构信息（按机构编号）", "institutions by code"),
                "case_practitioners": ("医师信息（按医师编码）", "doctors by code"),
                "case_identifiers": ("人员和机构的联系标识", "identifiers of persons and institutions"),
                "case_trace_rows": ("药品追溯码的全部记录（按追溯码）", "every row of the trace codes"),
                "case_rule_hits": ("智能监管规则命中记录", "smart-monitoring rule hits")}
STORES = {"embedded": ("嵌入式工作区（本机数据库文件）", "embedded workspace (database file)"),
          "neo4j": ("Neo4j 图数据库", "Neo4j graph database")}


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(neutralise_row(r) for r in rows)
    return out.getvalue().encode("utf-8-sig")


def electronic_data_list(files: BundleFiles, case: CaseData, lang: str) -> bytes:
    zh = lang == "zh"
    header = (["序号", "文件", "类别", "内容", "格式", "字节数", "行数", "SHA-256"] if zh else
              ["no", "file", "type", "content", "format", "bytes", "rows", "sha256"])
    rows: list[list[Any]] = [[i, f"data/{f.path}", L.FILE_KIND[lang][f.kind], f.title, f.format, f.size,
                              "" if f.rows is None else f.rows, f.sha256]
                             for i, f in enumerate(files.of_kind(*DATA_KINDS), start=1)]
    for source in case.sources:
        rows.append([len(rows) + 1, source["file"], L.FILE_KIND[lang]["source"],
                     "原始数据，未随包（见提取笔录）" if zh else "source data, not enclosed (see extraction record)",
                     source["file"].rsplit(".", 1)[-1].upper(), source["bytes"] or "", "", source["sha256"] or
                     ("不可得" if zh else "unavailable")])
    return _csv(header, rows)


def evidence_list(files: BundleFiles, lang: str) -> bytes:
    zh = lang == "zh"
    header = (["序号", "名称", "类别", "格式", "数量", "SHA-256", "备注"] if zh else
              ["no", "item", "type", "format", "quantity", "sha256", "note"])
    rows: list[list[Any]] = []
    for f in files.of_kind("document", "list"):
        rows.append([len(rows) + 1, f"{f.title}（data/{f.path}）" if zh else f"{f.title} (data/{f.path})",
                     L.FILE_KIND[lang][f.kind], f.format, 1, f.sha256, ""])
    rows.append([len(rows) + 1, "电子数据提取笔录（data/lists/extraction_record.html）" if zh else
                 "extraction record (data/lists/extraction_record.html)", L.FILE_KIND[lang]["record"], "HTML", 1, "",
                 "校验值见 manifest-sha256.txt" if zh else "check value in manifest-sha256.txt"])
    data = files.of_kind(*DATA_KINDS)
    rows.append([len(rows) + 1, "电子数据（见电子数据清单）" if zh else "electronic data (see electronic data list)",
                 "电子数据" if zh else "electronic data", "", len(data), "", ""])
    rows.append([len(rows) + 1, L.placeholder(lang, "扣押的医保卡、账册、手机等实物" if zh else "seized cards, ledgers, phones"),
                 "物证" if zh else "physical", "", "", "", L.placeholder(lang, "承办人补充" if zh else "officer adds")])
    return _csv(header, rows)


def operator() -> str:
    return settings.get("operator") or getpass.getuser()


def queries_record(case: CaseData) -> dict[str, Any]:
    return {"tool": "graphfraud", "version": __version__, "python": platform.python_version(),
            "ring_id": case.ring_id, "run": case.run,
            "queries": [{"name": q.name, "store": q.store, "text_sha256": q.text_sha256, "params": q.params,
                         "params_sha256": params_digest(q.params), "rows": q.rows} for q in case.queries],
            "sources": case.sources}


def extraction_html(case: CaseData, facts: CaseFacts, lang: str, profile: str, export_time: str,
                    data_list_sha256: str) -> str:
    zh = lang == "zh"
    labels = (["案件", "提取对象", "提取内容", "提取时间", "提取地点", "提取方法", "工具及版本", "操作人", "数据范围"] if zh else
              ["case", "object", "content", "time of extraction", "place", "method", "tool and version", "operator",
               "data range"])
    store = STORES.get(case.queries[0].store if case.queries else "embedded", ("", ""))[0 if zh else 1]
    values = [f"{facts.ring_id} {L.typology(lang, facts.typology)}",
              (f"{store}，来源于{len(case.sources)}个医保平台导出文件" if zh else f"{store}; {len(case.sources)} source files"),
              (f"结算{facts.settlements}笔、费用明细{facts.fee_lines}条、药品追溯码{facts.trace_codes}个" if zh else
               f"{facts.settlements} settlements, {facts.fee_lines} fee lines, {facts.trace_codes} trace codes"),
              W.moment(export_time, lang) + (f"（{export_time}）" if zh else f" ({export_time})"),
              blank(L.placeholder(lang, "地点" if zh else "place")),
              ("以固定的只读查询提取（见第二部分），查询参数全部记录" if zh else "fixed read-only queries (part 2), every parameter recorded"),
              f"graphfraud {__version__}，Python {platform.python_version()}" if zh else
              f"graphfraud {__version__}, Python {platform.python_version()}", operator(),
              W.period(facts.period_start, facts.period_end, lang)]
    record = table(["项目" if zh else "item", "内容" if zh else "value"], list(zip(labels, values)))
    sources = table(["文件" if zh else "file", "SHA-256", "字节数" if zh else "bytes", "载入批次" if zh else "loads"],
                    [[s["file"], s["sha256"] or ("不可得" if zh else "unavailable"), s["bytes"] or "",
                      "、".join(map(str, s["load_ids"])) if zh else ",".join(map(str, s["load_ids"]))] for s in case.sources])
    queries = table(["查询内容" if zh else "query", "数据来源" if zh else "store", "查询文本 SHA-256" if zh else "text SHA-256",
                     "参数 SHA-256" if zh else "params SHA-256", "行数" if zh else "rows"],
                    [[QUERY_TITLES.get(q.name, ("其他查询", q.name))[0 if zh else 1],
                      STORES.get(q.store, ("", q.store))[0 if zh else 1], q.text_sha256, params_digest(q.params), q.rows]
                     for q in case.queries])
    sign = blank(L.placeholder(lang, "签名" if zh else "signature"))
    return render(f"extraction.{lang}.html", {
        "case_no": blank(L.placeholder(lang, "案号" if zh else "case number")), "profile": L.PROFILE[lang][profile],
        "record_table": record, "sources_table": sources, "queries_table": queries, "version": __version__,
        "data_list_sha256": data_list_sha256, "sign_investigator_1": sign, "sign_investigator_2": sign,
        "sign_holder": sign, "sign_witness": sign})


def write_lists(files: BundleFiles, case: CaseData, facts: CaseFacts, lang: str, profile: str, export_time: str) -> None:
    zh = lang == "zh"
    data_list = files.add("lists/electronic_data_list.csv", electronic_data_list(files, case, lang), "list",
                          "电子数据清单" if zh else "electronic data list")
    files.add("lists/extraction_queries.json", json_bytes(queries_record(case)), "list",
              "提取查询及参数" if zh else "extraction queries and parameters")
    files.add("lists/evidence_list.csv", evidence_list(files, lang), "list",
              "涉案物品/证据清单" if zh else "evidence list")
    html = extraction_html(case, facts, lang, profile, export_time, data_list.sha256)
    files.add("lists/extraction_record.html", html.encode("utf-8"), "record", "电子数据提取笔录" if zh else "extraction record")
