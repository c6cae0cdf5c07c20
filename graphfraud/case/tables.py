"""Evidence tables: one CSV each (UTF-8 with BOM, so Excel opens it) and one XLSX workbook.

Every row keeps src_file and src_line, so it can be traced to the record of the platform export.
Identifiers stay text in the workbook (inline strings): Excel would turn an 18-digit ID into a float.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graphfraud.case import labels as L
from graphfraud.case.collect import CaseData
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles
from graphfraud.case.xlsx import workbook
from graphfraud.privacy.cells import neutralise_frame

TABLES = ("members", "context", "settlements", "fee_lines", "trace_chains", "inventory_mismatches", "swipe_bursts",
          "rule_hits")
DETAIL_VALUES = {"zh": {"days": "用药天数", "shopping": "多处开药", "institution": "机构", "device": "设备", "operator": "操作员",
                        "tel": "手机号", "bank_acct": "银行账户", "addr": "住址", "certno": "身份证号", "wechat": "微信号"},
                 "en": {}}
EVIDENCE_TABLE_OF = {"inventory_mismatches": "inventory_mismatch", "swipe_bursts": "swipe_burst"}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def evidence_tables(case: CaseData, facts: CaseFacts) -> dict[str, pd.DataFrame]:
    """The seven evidence tables, in TABLES order."""
    out = {"members": members_table(case, facts), "context": context_table(case), "settlements": case.settlements,
           "fee_lines": case.fee_lines, "trace_chains": trace_chains(case), "rule_hits": case.rule_hits}
    for name, indicator in EVIDENCE_TABLE_OF.items():
        out[name] = expand_details(case.evidence[case.evidence.indicator == indicator] if len(case.evidence)
                                   else case.evidence)
    return {name: out[name].reset_index(drop=True) for name in TABLES}


def members_table(case: CaseData, facts: CaseFacts) -> pd.DataFrame:
    identity = pd.concat([
        case.persons.rename(columns={"psn_no": "key", "psn_name": "full_name"}).assign(label="Person"),
        case.institutions.rename(columns={"fixmedins_code": "key", "fixmedins_name": "full_name"}).assign(label="Institution"),
        case.practitioners.rename(columns={"dr_code": "key", "dr_name": "full_name"}).assign(label="Practitioner"),
    ], ignore_index=True)
    identity = identity.drop(columns=[c for c in ("full_name",) if c in identity])
    table = facts.subjects.merge(identity, on=["label", "key"], how="left")
    return table.drop(columns=[c for c in ("psn_name",) if c in table])


def context_table(case: CaseData) -> pd.DataFrame:
    """Context persons: their case pseudonym, role and what links them (never a name)."""
    columns = ["node_id", "label", "key", "role", "basis", "score"]
    if case.context.empty:
        return pd.DataFrame(columns=columns)
    return case.context[[c for c in columns if c in case.context]].reset_index(drop=True)


def trace_chains(case: CaseData) -> pd.DataFrame:
    """Each trace code's rows in time order, numbered; ``in_ring`` marks rows of ring members, so the
    hop from a ring settlement to a sale elsewhere stands out."""
    rows = case.trace_rows.copy()
    if rows.empty:
        return rows.assign(step=pd.Series(dtype=int), in_ring=pd.Series(dtype=bool))
    members = set(case.members.key.astype(str))
    rows["step"] = rows.groupby("code").cumcount() + 1
    rows["in_ring"] = rows.psn_no.astype(str).isin(members) | rows.fixmedins_code.astype(str).isin(members)
    return rows[["code", "step", *[c for c in rows.columns if c not in ("code", "step")]]]


def expand_details(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows with the keys of their JSON ``detail`` as columns (sorted, so stable)."""
    if evidence.empty:
        return evidence.drop(columns=[c for c in ("detail",) if c in evidence])
    details = [_json(v) for v in evidence.detail]
    keys = sorted({k for d in details for k in d})
    extra = pd.DataFrame([{k: _flat(d.get(k)) for k in keys} for d in details], index=evidence.index)
    extra = extra[[k for k in keys if k not in evidence.columns]]
    return pd.concat([evidence.drop(columns="detail"), extra], axis=1)


def _json(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {"detail": text}
    return value if isinstance(value, dict) else {"detail": value}


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, (list, dict)) else value


def localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` as its readers see it: headers in ``lang`` (graphfraud.case.labels.COLUMNS), codes
    (roles, kinds, checks, record sources, yes/no) as words, times as text, no NaT or NaN."""
    from graphfraud.case.narrative import OTHER, TITLES

    out = frame.copy()
    words = L.LABEL[lang]
    for name in out.columns:
        values = out[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[name] = values.dt.strftime(TIME_FORMAT).fillna("")
        elif pd.api.types.is_bool_dtype(values) or set(values.dropna().map(type)) == {bool}:
            out[name] = values.map(lambda v: "" if v is None or v != v else L.YES_NO[lang][0 if v else 1])
        elif name == "role":
            out[name] = values.map(lambda v: L.role(lang, v) if isinstance(v, str) else "")
        elif name == "label":
            out[name] = values.map(lambda v: words.get(v, v) if isinstance(v, str) else "")
        elif name == "indicator":
            out[name] = values.map(lambda v: TITLES.get(v, OTHER)[lang] if isinstance(v, str) else "")
        elif name == "basis":
            out[name] = values.map(lambda v: ("、" if lang == "zh" else ", ").join(
                TITLES.get(i.strip(), OTHER)[lang] for i in str(v).split(",") if i.strip()) if isinstance(v, str) else "")
        elif name in ("channel", "table"):
            out[name] = values.map(lambda v: L.CHANNEL[lang].get(v, v) if isinstance(v, str) else "")
        elif name in ("node_id", "entities"):
            out[name] = values.map(lambda v: _nodes(v, lang) if isinstance(v, str) else "")
        elif name in ("kind", "ident_type"):
            out[name] = values.map(lambda v: DETAIL_VALUES[lang].get(v, v) if isinstance(v, str) else v)
    out.columns = [L.column(lang, c, i) for i, c in enumerate(out.columns, start=1)]
    return out


def _nodes(text: str, lang: str) -> str:
    """Node IDs ("Person:330…") as "人员 330…"."""
    parts = []
    for node in text.split():
        label, _, key = node.partition(":")
        parts.append(f"{L.LABEL[lang].get(label, label)} {key}" if key else node)
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    text = neutralise_frame(frame).to_csv(index=False, date_format=TIME_FORMAT, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def workbook_bytes(tables: dict[str, pd.DataFrame], lang: str) -> bytes:
    head = ["工作表", "行数", "对应文件"] if lang == "zh" else ["sheet", "rows", "csv"]
    index = [head] + [[_sheet(name, lang), len(frame), f"tables/{name}.csv"] for name, frame in tables.items()]
    sheets: dict[str, list[list[Any]]] = {"目录" if lang == "zh" else "index": index}
    for name, frame in tables.items():
        sheets[_sheet(name, lang)] = [list(frame.columns)] + [[_xlsx_value(v) for v in row]
                                                             for row in frame.itertuples(index=False)]
    return workbook(sheets)


def _sheet(name: str, lang: str) -> str:
    """A worksheet name: the table's title (Excel allows 31 characters and no []:*?/\\)."""
    title = L.TABLE_TITLE[lang][name] if lang == "zh" else name
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def _xlsx_value(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime(TIME_FORMAT)
    return value.item() if hasattr(value, "item") else value


def write_tables(files: BundleFiles, case: CaseData, facts: CaseFacts, lang: str) -> dict[str, pd.DataFrame]:
    """Write the evidence tables (headers and codes in ``lang``); returns them as written."""
    tables = {name: localised(frame, lang) for name, frame in evidence_tables(case, facts).items()}
    for name, frame in tables.items():
        files.add(f"tables/{name}.csv", csv_bytes(frame), "table", L.TABLE_TITLE[lang][name], rows=len(frame))
    files.add("tables/evidence_tables.xlsx", workbook_bytes(tables, lang), "table",
              "证据数据表（工作簿）" if lang == "zh" else "evidence tables (workbook)",
              rows=sum(len(t) for t in tables.values()))
    return tables
