"""Terminal rendering of library results shared by several commands (tables to stdout, notes to stderr).

The library returns data (load reports, ring frames, bundle results); only the CLI layer prints.
Every table fits 80 columns: tokens (IDs, amounts, Chinese words) are never split; the columns
named in each ``drop`` tuple are left out first when space runs short, and ``--wide`` shows them.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from graphfraud import ui
from graphfraud.case import labels as L
from graphfraud.case.narrative import short
from graphfraud.commands.jsonout import frame_records, jsonable
from graphfraud.loaders import LoadReport
from graphfraud.schema import REJECT_REASONS
from graphfraud.store.base import GraphStore

RING_HEADERS = ["#", "ring", "score", "typology", "persons", "fund yuan", "account yuan", "class", "period",
                "inst", "dr", "context"]
RING_DROP = ("context", "dr", "inst", "period", "account yuan")
_TERM = re.compile(r"([A-Za-z_]+)\s+(-?\d+(?:\.\d+)?)")


def load_report(report: LoadReport, wide: bool = False) -> None:
    rows = [[f.file, f.table, f.rows_read, f.loaded, f.duplicates, f.invalid, f.rejected_total,
             *(f.rejected[r] for r in REJECT_REASONS)] for f in report.files]
    t = report.totals()
    rows.append(["total", "", t["rows_read"], t["loaded"], t["duplicates"], t["invalid"], t["rejected"],
                 *(sum(f.rejected[r] for f in report.files) for r in REJECT_REASONS)])
    ui.table(f"Load {report.load_id} of {report.data_dir}",
             ["file", "table", "read", "loaded", "dup", "invalid", "rejected", *REJECT_REASONS], rows,
             drop=(*reversed(REJECT_REASONS), "table", "invalid"), wide=wide)
    for s in report.skipped:
        ui.note(f"skipped {s['file']}: {s['reason']}")
    for w in report.warnings:
        ui.note(f"warning: {w}")
    if report.rejects_file:
        ui.note(f"rejected rows (with file, line and reason): {report.rejects_file}")


def ring_record(ring: dict[str, Any]) -> dict[str, Any]:
    """A ring row for --json: the stored columns, its score breakdown as an object."""
    out = jsonable(ring)
    breakdown = ring.get("breakdown")
    if isinstance(breakdown, str):
        out["breakdown"] = {name: float(value) for name, value in _TERM.findall(breakdown)}
    return out


def ring_records(rings: pd.DataFrame) -> list[dict[str, Any]]:
    return [ring_record(r) for r in frame_records(rings)]


def ring_table(rings: pd.DataFrame, title: str, wide: bool = False) -> None:
    """One line per ring: persons (core), pooled fund and personal account apart, the 诈骗罪 amount
    class; institutions, doctors and context persons when there is room."""
    rows = [[int(r.rank), r.ring_id, round(float(r.score), 1), r.typology, int(r.persons),
             float(r.fund_pay_sumamt or 0.0), float(r.acct_pay or 0.0),
             (r.amount_class or "-").removeprefix("数额") if isinstance(r.amount_class, str) else "-",
             f"{_month(r.period_start)}–{_month(r.period_end)}", int(r.institutions), int(r.doctors),
             int(getattr(r, "context_persons", 0) or 0)] for r in rings.itertuples()]
    ui.table(title, RING_HEADERS, rows, drop=RING_DROP, wide=wide)


def top_rings(top: pd.DataFrame, wide: bool = False) -> None:
    """The best-ranked rings (what ``detect`` and the demo end with)."""
    ring_table(top, f"Top {len(top)} rings (graphfraud ring show RING_ID for the evidence)", wide)


def regions(store: GraphStore, members: pd.DataFrame) -> dict[str, set[str]]:
    from graphfraud.rings.report import ring_regions

    places = store.table("fixmedins", ["_key", "admdvs"])
    doctors = store.table("practitioner", ["_key", "fixmedins_code"])
    return ring_regions(members, places, doctors)


def _month(value: Any) -> str:
    return value.strftime("%y%m") if isinstance(value, pd.Timestamp) and not pd.isna(value) else "?"


def _money(value: Any) -> str:
    return "-" if value is None or value != value else f"{float(value):,.2f}"


def _day(value: Any) -> str:
    return "?" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)[:10]


def ring_detail(detail: Any, findings: list[dict[str, Any]], limit: int | None, wide: bool) -> None:
    """``ring show``: summary and findings first, then members, context, evidence and timeline, each
    cut to ``limit`` rows (None: all) with a note of what was left out."""
    r = detail["ring"]
    members, context = detail["members"], detail["context"]
    ui.say(f"{r['ring_id']}: rank {r['rank']}, score {float(r['score']):.1f}, {r['typology']}", style="bold")
    ui.say(f"period {_day(r.get('period_start'))} to {_day(r.get('period_end'))}; {_n(r['persons'], 'person')}, "
           f"{_n(r['institutions'], 'institution')}, {_n(r['doctors'], 'doctor')}"
           + (f"; {_n(len(context), 'context person')} apart" if len(context) else ""))
    ui.say(f"pooled fund {_money(r['fund_pay_sumamt'])} yuan (basic pooled fund {_money(r.get('hifp_pay'))}), "
           f"personal account {_money(r['acct_pay'])} yuan; amount class: {r.get('amount_class') or 'below 数额较大'}")
    ui.say("")
    ui.say("What was found", style="bold")
    for f in findings:
        ui.say(f"• {f['title']}: {f['text']}")
    shown = _cut(members, limit)
    ui.table(_title("Members (core: the parties)", len(shown), len(members)), ["member", "name", "role", "tied by", "score"],
             [[m.key, _name(m.name), L.role("en", m.role) + (f"; also in {m.also_in}" if getattr(m, "also_in", "") else ""),
               _basis(getattr(m, "basis", "")), float(m.score)]
              for m in shown.itertuples()], wrap=("tied by",), drop=("tied by", "score"), wide=wide)
    if len(context):
        shown = _cut(context, limit)
        ui.table(_title("Context (linked, not parties; never counted)", len(shown), len(context)),
                 ["person", "name", "role", "tied by"],
                 [[c.key, _name(c.name), L.role("en", c.role), _basis(getattr(c, "basis", ""))]
                  for c in shown.itertuples()], wrap=("tied by",), drop=("tied by",), wide=wide)
    evidence = _by_indicator(detail["evidence"], [i for i in detail["indicators"].get("indicator", [])])
    shown = _cut(evidence, limit)
    ui.table(_title("Evidence rows, every indicator in turn", len(shown), len(evidence)),
             ["check", "file:line", "row", "time", "fund", "table", "setl_id"],
             [[short(e.indicator), f"{e.src_file}:{e.src_line}", e.row_key, _time(getattr(e, "event_time", None)),
               float(e.fund_pay_sumamt) if e.fund_pay_sumamt == e.fund_pay_sumamt else None, e.table,
               e.setl_id if isinstance(e.setl_id, str) else "-"]
              for e in shown.itertuples()], drop=("setl_id", "table", "time", "fund"), wide=wide)
    timeline = detail["timeline"]
    shown = _ends(timeline, limit)
    ui.table(_title("Timeline (settlements)", len(shown), len(timeline), "first and last"),
             ["time", "settlement", "check", "fund", "account"],
             [[_time(t.event_time), t.setl_id, short(t.indicator), float(t.fund_pay_sumamt or 0.0), float(t.acct_pay or 0.0)]
              for t in shown.itertuples()], drop=("account", "check"), wide=wide)


def _name(value: Any) -> str:
    return str(value) if isinstance(value, str) and value else "-"


def _basis(value: Any) -> str:
    return ", ".join(short(i.strip()) for i in str(value or "").split(",") if i.strip()) or "-"


def _n(count: Any, noun: str) -> str:
    n = int(count or 0)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _title(what: str, shown: int, total: int, which: str = "first") -> str:
    return f"{what}: {total}" if shown >= total else f"{what}: {which} {shown} of {total} (--all for every row)"


def _cut(frame: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    return frame if limit is None else frame.head(limit)


def _ends(frame: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    if limit is None or len(frame) <= limit:
        return frame
    head = (limit + 1) // 2
    return pd.concat([frame.head(head), frame.tail(limit - head)])


def _by_indicator(evidence: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Evidence rows taking turns by indicator (strongest indicator first), so the first rows show
    every indicator and never skip the main one."""
    if evidence.empty:
        return evidence
    ranked = {name: i for i, name in enumerate(order)}
    frame = evidence.assign(_turn=evidence.groupby("indicator").cumcount(),
                            _rank=evidence.indicator.map(lambda n: ranked.get(n, len(ranked))))
    return frame.sort_values(["_turn", "_rank", "evidence_id"]).drop(columns=["_turn", "_rank"])


def _time(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "-"
    return str(value)[:16]


def path_steps(number: int, steps: list[dict[str, Any]]) -> None:
    """One path: each node with its kind and name, each hop with its relationship and direction."""
    ui.say(f"path {number} ({len(steps) - 1} hops)", style="bold")
    for step in steps:
        name = f" {step['name']}" if step.get("name") else ""
        ui.say(f"  {step['label']} {step['key']}{name}")
        if step.get("rel_type"):
            arrow = "↓" if step.get("rel_forward") else "↑"
            ui.say(f"    {arrow} {step['rel_type']}")


def with_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``frame`` with a ``name`` column beside ``node_id``."""
    if frame.empty:
        return frame.assign(name=pd.Series(dtype=object))
    out = frame.copy()
    out.insert(1, "name", out.node_id.map(names))
    return out


def expansion(places: pd.DataFrame, cards: pd.DataFrame, limit: int | None, wide: bool) -> None:
    shown = _cut(places, limit)
    ui.table(_title("Institutions reached", len(shown), len(places)),
             ["institution", "name", "round", "cards", "seed cards", "jaccard", "hub (not expanded)"],
             [[p.node_id.split(":", 1)[1], p.name or "-", int(p.round), int(p.cards), int(p.seed_cards), float(p.jaccard),
               "yes" if p.capped else ""] for p in shown.itertuples()], drop=("hub (not expanded)", "round"), wide=wide)
    shown = _cut(cards, limit)
    ui.table(_title("Cards reached", len(shown), len(cards)),
             ["card (psn_no)", "name", "round", "institutions", "settlements", "fund yuan", "seed"],
             [[c.node_id.split(":", 1)[1], c.name or "-", int(c.round), int(c.institutions), int(c.settlements),
               float(c.fund_pay_sumamt), "yes" if c.seed else ""] for c in shown.itertuples()],
             drop=("seed", "round", "fund yuan"), wide=wide)


def involvement(node: str, name: str | None, rings: pd.DataFrame, evidence: pd.DataFrame, limit: int | None,
                wide: bool) -> None:
    """``why``: the rings first (role, member or context), then evidence counted per ring and
    indicator, then the first rows."""
    who = f"{node} ({name})" if name else node
    if rings.empty:
        ui.say(f"{who} is in no stored ring, neither as member nor as context")
        return
    ui.table(f"Rings of {who}", ["ring", "rank", "score", "typology", "part", "role"],
             [[r.ring_id, int(r.rank), round(float(r.score), 1), r.typology, r.part, L.role("en", r.role)]
              for r in rings.itertuples()], wide=wide)
    if evidence.empty:
        return
    counts = (evidence.groupby(["ring_id", "indicator"]).agg(rows=("row_key", "count"), first=("event_time", "min"),
                                                             last=("event_time", "max")).reset_index())
    ui.table("Evidence that ties it in, per ring and check", ["ring", "check", "rows", "first", "last"],
             [[c.ring_id, short(c.indicator), int(c.rows), _time(c.first), _time(c.last)] for c in counts.itertuples()],
             drop=("last", "first"), wide=wide)
    shown = _cut(_by_indicator(evidence, []), limit)
    ui.table(_title("Evidence rows", len(shown), len(evidence)), ["ring", "check", "file:line", "row", "time"],
             [[e.ring_id, short(e.indicator), f"{e.src_file}:{e.src_line}", e.row_key, _time(getattr(e, "event_time", None))]
              for e in shown.itertuples()], drop=("time", "ring"), wide=wide)
