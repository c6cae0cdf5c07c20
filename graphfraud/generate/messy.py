"""Dress clean tables as real exports: aliases, encodings, monthly files, full-width IDs, bad rows.

Every defect is counted as it is made, so ``load_expectations`` in the truth file says exactly
what a loader that follows input-format.md must report: rows read, loaded, duplicates skipped,
invalid rows kept, and rejects by reason.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from graphfraud.generate.formats import full_width
from graphfraud.generate.timeline import MONTHS

REASONS = ("missing_key", "bad_time", "bad_number", "bad_columns")
MISSING = ["", "NULL", "\\N", "-"]
BAD_TIME, BAD_NUMBER = "2025-13-45", "12,3x"
# (format, encoding, separator) of each table's files when messy
LAYOUT = {"setl_d": ("csv", "gb18030", ","), "psn_info": ("xlsx", None, ""), "inv_sale": ("parquet", None, ""),
          "inv_purc": ("parquet", None, ""), "inv_stock": ("parquet", None, ""), "mdtrt_d": ("parquet", None, ""),
          "psn_ident": ("parquet", None, ""), "practitioner": ("csv", "utf-8-sig", ","),
          "report_lead": ("csv", "gb18030", ",")}
TSV_MONTH = "2026-01"  # the one fee_list_d month exported tab-separated, UTF-8 with BOM
# Optional columns this export leaves out (the doctor's name is in practitioner, rxno unused downstream).
LEFT_OUT = {"fee_list_d": ["bilg_dr_name", "rxno"]}
HEADERS = {
    "setl_d": {"setl_id": "结算ID", "psn_no": "人员编号", "fixmedins_code": "定点医药机构编号", "setl_time": "结算时间",
               "medfee_sumamt": "医疗费总额", "hifp_pay": "统筹基金支出", "fund_pay_sumamt": "基金支付总额",
               "acct_pay": "个人账户支出", "psn_cash_pay": "cash_payamt"},
    "drug_catalog": {"med_list_codg": "医保目录编码"},
    "inv_sale": {"mdtrt_id": "mdtrt_sn"},  # the 3505 interface's own name
}
# key, time column, number column, and how many rows of each defect
DEFECTS = {
    "setl_d": ("setl_id", "setl_time", "medfee_sumamt", dict(missing_key=2, bad_time=2, bad_number=2, bad_columns=2)),
    "fee_list_d": ("bkkp_sn", "fee_ocur_time", "det_item_fee_sumamt",
                   dict(missing_key=3, bad_time=3, bad_number=3, bad_columns=3)),
    "mdtrt_d": ("mdtrt_id", "begntime", "ipt_days", dict(missing_key=1, bad_time=1, bad_number=1)),
    "psn_info": ("psn_no", None, None, dict(missing_key=1)),
    "inv_sale": ("medins_prod_sel_no", "sel_retn_time", "sel_retn_cnt", dict(missing_key=1, bad_time=1, bad_number=1)),
}


@dataclass
class OutFile:
    """One file to write. ``frame`` holds text only; its ``_defect`` column says what each row is."""

    name: str
    table: str
    fmt: str
    encoding: str | None
    frame: pd.DataFrame
    sep: str = ","
    raw: list[tuple[int, str, str]] = field(default_factory=list)  # (data rows before it, reason, text)
    date_columns: tuple[str, ...] = ()


def clean_files(tables: dict[str, pd.DataFrame]) -> list[OutFile]:
    return [OutFile(f"{name}.csv", name, "csv", "utf-8", _separable(frame.assign(_defect=""), ","))
            for name, frame in tables.items()]


def _separable(frame: pd.DataFrame, sep: str) -> pd.DataFrame:
    """In a comma-separated file, list trace codes with ';' (input-format.md allows , ; |)."""
    if sep == "," and "drug_trac_codg" in frame.columns:
        frame = frame.assign(drug_trac_codg=frame.drug_trac_codg.str.replace(",", ";", regex=False))
    return frame


def messy_files(tables: dict[str, pd.DataFrame], rng: np.random.Generator) -> list[OutFile]:
    files: list[OutFile] = []
    for name, frame in tables.items():
        frame = _noise(name, frame.drop(columns=LEFT_OUT.get(name, [])).assign(_defect=""), rng)
        if name == "fee_list_d":
            files += _monthly(frame, rng)
            continue
        fmt, encoding, sep = LAYOUT.get(name, ("csv", "utf-8", ","))
        out = OutFile(f"{name}.{fmt}", name, fmt, encoding, _separable(frame, sep) if fmt == "csv" else frame, sep)
        if name in DEFECTS:
            _defects(out, DEFECTS[name][3], rng)
        if name == "psn_info":
            out.frame = out.frame.rename(columns=lambda c: c if c == "_defect" else c.upper())
            out.date_columns = ("BRDY",)
        out.frame = out.frame.rename(columns=HEADERS.get(name, {}))
        files.append(out)
    return files


def _some(rng: np.random.Generator, n: int, share: float, least: int) -> np.ndarray:
    return rng.choice(n, size=min(n, max(least, int(n * share))), replace=False) if n else np.array([], int)


def _noise(name: str, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Harmless variation a loader must absorb: full-width IDs, padded keys, missing-value tokens."""
    def alter(column: str, rows: np.ndarray, how: Callable[[Any], Any]) -> None:
        frame.iloc[rows, frame.columns.get_loc(column)] = [how(v) for v in frame[column].iloc[rows]]

    n = len(frame)
    if name == "setl_d":
        alter("fixmedins_code", _some(rng, n, 0.001, 2), full_width)
        alter("setl_id", _some(rng, n, 0.0005, 2), lambda v: f"  {v} ")
        if "opter_id" in frame.columns:  # some exports leave the counter columns out (adversarial worlds)
            alter("opter_id", _some(rng, n, 0.01, 2), lambda v: MISSING[int(rng.integers(0, 4))])
    elif name == "fee_list_d":
        alter("psn_no", _some(rng, n, 0.001, 3), full_width)
        empty = np.flatnonzero((frame.prd_days == "").to_numpy())
        alter("prd_days", empty[_some(rng, len(empty), 0.05, 3)], lambda v: MISSING[int(rng.integers(1, 4))])
    elif name == "mdtrt_d":
        empty = np.flatnonzero((frame.dise_codg == "").to_numpy())
        alter("dise_codg", empty[_some(rng, len(empty), 0.1, 2)], lambda v: "NULL")
    return frame


def _monthly(fee: pd.DataFrame, rng: np.random.Generator) -> list[OutFile]:
    """One file per month; each repeats the last few lines of the month before (duplicates)."""
    month = (fee.fee_ocur_time.str[:4] + "-" + fee.fee_ocur_time.str[4:6]).to_numpy()
    if (month[1:] < month[:-1]).any():
        raise ValueError("fee lines must come in time order")
    bounds = np.searchsorted(month, MONTHS + ["9999-99"])
    files = []
    defect_month = rng.choice(len(MONTHS), size=sum(DEFECTS["fee_list_d"][3].values()))
    for m, label in enumerate(MONTHS):
        part = fee.iloc[bounds[m]:bounds[m + 1]]
        if m and bounds[m] > bounds[m - 1]:
            previous = fee.iloc[bounds[m - 1]:bounds[m]]
            overlap = previous.tail(int(rng.integers(3, 9))).assign(_defect="duplicate")
            overlap.iloc[0, overlap.columns.get_loc("bkkp_sn")] = full_width(overlap.bkkp_sn.iat[0])
            part = pd.concat([overlap, part])
        tsv = label == TSV_MONTH
        if tsv:  # another exporter: ISO times instead of YYYYMMDDHHMMSS
            c = part.fee_ocur_time.str
            part = part.assign(fee_ocur_time=c[:4] + "-" + c[4:6] + "-" + c[6:8] + " " + c[8:10] + ":" + c[10:12]
                               + ":" + c[12:14])
        sep = "\t" if tsv else ","
        out = OutFile(f"fee_list_d_{label}.csv", "fee_list_d", "csv", "utf-8-sig" if tsv else "utf-8",
                      _separable(part, sep), sep)
        wanted: dict[str, int] = {}
        for reason in np.array(_each(DEFECTS["fee_list_d"][3]))[defect_month == m]:
            wanted[str(reason)] = wanted.get(str(reason), 0) + 1
        _defects(out, wanted, rng)
        files.append(out)
    return files


def _each(counts: dict[str, int]) -> list[str]:
    return [reason for reason, count in counts.items() for _ in range(count)]


def _defects(out: OutFile, counts: dict[str, int], rng: np.random.Generator) -> None:
    """Add bad rows: copies of real rows under fresh keys, each broken in exactly one way.

    In CSV files every bad row is raw text (a broken amount such as ``12,3x`` needs quoting, which
    the fast writer never does); in XLSX and Parquet they are rows of the frame.
    """
    key, time_col, num_col, _ = DEFECTS[out.table]
    good = np.flatnonzero((out.frame._defect == "").to_numpy())
    bad_rows = []
    for reason, count in counts.items():
        for j in range(count):
            row = out.frame.iloc[int(good[rng.integers(0, len(good))])].copy()
            row[key] = f"{str(row[key]).strip()}{j + 1}"  # a key no real row has: never a duplicate
            row["_defect"] = reason
            if reason == "missing_key":
                row[key] = "" if out.fmt == "xlsx" else MISSING[j % len(MISSING)]
            elif reason == "bad_time":
                row[time_col] = BAD_TIME
            elif reason == "bad_number":
                row[num_col] = BAD_NUMBER
            if out.fmt == "csv":
                fields = [str(v) for v in row.drop("_defect")]
                if reason == "bad_columns":
                    fields = fields + ["EXTRA"] if j % 2 == 0 else fields[:-1]
                text = io.StringIO()
                csv.writer(text, delimiter=out.sep, lineterminator="").writerow(fields)
                out.raw.append((int(rng.integers(1, max(len(out.frame), 2))), reason, text.getvalue()))
            else:
                bad_rows.append(row)
    if bad_rows:
        extra = pd.DataFrame(bad_rows)
        position = np.concatenate([np.arange(len(out.frame)), rng.uniform(0.5, len(out.frame) - 0.5, len(extra))])
        merged = pd.concat([out.frame, extra], ignore_index=True)
        out.frame = merged.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
    out.raw.sort()


def expectations(files: list[OutFile]) -> dict[str, dict]:
    """What a loader following input-format.md must report per table for these files."""
    out: dict[str, dict] = {}
    for f in files:
        e = out.setdefault(f.table, {"rows_read": 0, "loaded": 0, "duplicates": 0, "invalid": 0,
                                     "rejected": {r: 0 for r in REASONS}})
        defect = f.frame._defect.value_counts()
        e["rows_read"] += len(f.frame) + len(f.raw)
        e["loaded"] += int(defect.get("", 0))
        e["duplicates"] += int(defect.get("duplicate", 0))
        if "vali_flag" in f.frame.columns:
            e["invalid"] += int(((f.frame._defect == "") & (f.frame.vali_flag == "0")).sum())
        for reason in REASONS:
            e["rejected"][reason] += int(defect.get(reason, 0)) + sum(r == reason for _, r, _ in f.raw)
    return out
