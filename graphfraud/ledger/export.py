"""The ledger as a 医保 office keeps it: XLSX or CSV with the office's column names.

Columns follow the usual 线索台账: 线索来源, 涉及机构, 涉及人员, 涉及金额, 核查结果, 处理结果,
移送情况, plus status, assignee and due date. Pooled fund and personal account stay in separate
columns (never added). CSV is UTF-8 with BOM so Excel opens it correctly.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

from graphfraud.errors import InputError
from graphfraud.ledger.book import Lead
from graphfraud.ledger.states import LABELS_ZH
from graphfraud.privacy.cells import neutralise_row

CHANGE_ZH = {"new": "新发现", "grown": "规模扩大", "shrunk": "规模缩小", "merged": "合并", "split": "拆分", "same": "无变化"}
TYPOLOGY_ZH = {"resale": "倒卖医保药品", "fake_purchase": "虚假购药", "collusion": "医药串通", "impersonation": "冒名就医",
               "mixed": "多种手段"}
MAX_LISTED = 20
COLUMNS = ("序号", "线索编号", "线索来源", "发现日期", "涉嫌类型", "涉及机构", "涉及人员", "涉及人数",
           "涉及金额（基金支付，元）", "其中统筹基金（元）", "个人账户支付（元）", "金额档次", "办理状态", "承办人",
           "办结时限", "核查结果", "处理结果", "移送情况", "最近更新")


def rows(leads: list[Lead]) -> list[list[Any]]:
    """One ledger row per lead, in the order of ``COLUMNS``."""
    return [_row(number, lead) for number, lead in enumerate(leads, start=1)]


def write(leads: list[Lead], target: Path, force: bool = False) -> str:
    """Write the ledger to ``target`` (.xlsx or .csv); returns the file's SHA-256. An existing file
    is replaced only with ``force`` (a ledger sent to the office is a record)."""
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(f"cannot export the ledger as {target.name}", "name the file .xlsx or .csv")
    if target.exists() and not force:
        raise InputError(f"{target} already exists", "choose another file name, or add --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    (_xlsx if suffix == ".xlsx" else _csv)(rows(leads), target)
    return hashlib.sha256(target.read_bytes()).hexdigest()


def _row(number: int, lead: Lead) -> list[Any]:
    f = lead.facts
    return [number, lead.lead_id, _source(f), str(f.get("opened", ""))[:10], TYPOLOGY_ZH.get(f["typology"], f["typology"]),
            _listed(f["institutions"]), _listed(f["persons"]), len(f["persons"]), round(float(f["fund_pay_sumamt"]), 2),
            round(float(f["hifp_pay"]), 2), round(float(f["acct_pay"]), 2), f.get("amount_class", ""),
            LABELS_ZH[lead.status], lead.assignee, lead.due, lead.check_result, lead.handling, lead.referral,
            lead.updated]


def _source(facts: dict[str, Any]) -> str:
    kind, _, change = str(facts["source"]).partition(":")
    if kind == "tip":
        return f"举报线索（编号 {change}）" + (f"，关联团伙 {facts['ring_id']}" if facts.get("ring_id") else "")
    if kind == "finding":
        return "单项发现（人工登记）" + (f"，关联团伙 {facts['ring_id']}" if facts.get("ring_id") else "")
    if kind == "ring":
        follow = f"；前序线索 {', '.join(facts['previous_leads'])}" if facts["previous_leads"] else ""
        return f"团伙分析 {facts['ring_id']}（{CHANGE_ZH.get(change, change)}，{facts['run_id']}）{follow}"
    return str(facts["source"])


def _listed(values: list[str]) -> str:
    shown = "、".join(values[:MAX_LISTED])
    return shown + (f" 等{len(values)}个" if len(values) > MAX_LISTED else "")


def _csv(table: list[list[Any]], target: Path) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(neutralise_row(r) for r in table)


def _xlsx(table: list[list[Any]], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "线索台账"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(neutralise_row(row))  # openpyxl would store "=..." as a formula
    sheet.freeze_panes = "C2"
    for column, name in zip(sheet.columns, COLUMNS):
        widest = max([len(str(c.value or "")) for c in column] + [len(name) * 2])
        sheet.column_dimensions[column[0].column_letter].width = min(60, widest + 2)
    book.save(target)
