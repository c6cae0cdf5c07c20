"""Terminal rendering of library results shared by several commands (tables to stdout, notes to stderr).

The library returns data (load reports, ring frames, bundle results); only the CLI layer prints.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from graphfraud import ui
from graphfraud.loaders import LoadReport
from graphfraud.schema import REJECT_REASONS

RING_HEADERS = ["#", "ring", "score", "typology", "P/I/D", "fund 万元", "acct 万元", "class", "period"]


def load_report(report: LoadReport) -> None:
    rows = [[f.file, f.table, f.rows_read, f.loaded, f.duplicates, f.invalid, *(f.rejected[r] for r in REJECT_REASONS)]
            for f in report.files]
    t = report.totals()
    rows.append(["total", "", t["rows_read"], t["loaded"], t["duplicates"], t["invalid"],
                 *(sum(f.rejected[r] for f in report.files) for r in REJECT_REASONS)])
    ui.table(f"Load {report.load_id} of {report.data_dir}",
             ["file", "table", "read", "loaded", "duplicates", "invalid", *REJECT_REASONS], rows)
    for s in report.skipped:
        ui.err.print(f"skipped {s['file']}: {s['reason']}")
    for w in report.warnings:
        ui.err.print(f"warning: {w}")
    if report.rejects_file:
        ui.err.print(f"rejected rows: {report.rejects_file}")


def ring_table(rings: pd.DataFrame, title: str) -> None:
    """One line per ring, kept narrow: P/I/D counts persons, institutions and doctors; amounts in 万元
    (pooled fund and personal account apart); class is the 诈骗罪 amount class without 数额."""
    rows = [[r.rank, r.ring_id, round(float(r.score), 1), r.typology, f"{r.persons}/{r.institutions}/{r.doctors}",
             f"{r.fund_pay_sumamt / 1e4:,.2f}", f"{r.acct_pay / 1e4:,.2f}", (r.amount_class or "-").removeprefix("数额"),
             f"{_month(r.period_start)}-{_month(r.period_end)}"] for r in rings.itertuples()]
    ui.table(title, RING_HEADERS, rows)


def top_rings(top: pd.DataFrame) -> None:
    """The best-ranked rings with their score breakdown (what ``detect`` and the demo end with)."""
    ring_table(top, f"Top {len(top)} rings (graphfraud ring show RING_ID for the evidence)")
    for ring in top.itertuples():
        ui.out.print(f"{ring.ring_id}: {ring.summary}")


def _month(value: Any) -> str:
    return value.strftime("%y%m") if isinstance(value, pd.Timestamp) and not pd.isna(value) else "?"
