"""The offline single-file HTML view: the ring as an interactive picture beside every table.

Zoom (wheel, buttons), pan (drag), click a member to see its settlements and evidence rows, filter
by check (indicator) and by date, highlight the shortest path between two members. Everything is in
the file: the picture is SVG drawn here from the ring graph (the same positions as the A4
picture, every member shown), the data a JSON block, the behaviour ~200 lines of our own
JavaScript (no library, no licence to carry). Nothing is fetched: a Content-Security-Policy forbids
the browser to try (the 医保专网 is kept off the Internet).
"""
from __future__ import annotations

import json
import re
from html import escape
from typing import Any

import networkx as nx
import pandas as pd

from graphfraud.case import labels as L
from graphfraud.case import words as W
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles
from graphfraud.case.htmlkit import render, table
from graphfraud.case.narrative import OTHER, TITLES, Statement
from graphfraud.case.pictures import EDGE_STYLE, NODE_COLOUR

MAX_VIEW_ROWS = 2000  # per table in the page; the CSV and XLSX hold every row
MAX_PANEL_ROWS = 20_000  # settlements and evidence rows the click panel can show
SCALE_X, SCALE_Y = 260.0, 26.0


def inline_svg(svg: bytes) -> str:
    """An SVG file as inline markup, without its prolog and metadata block."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


def _section(name: str, frame: pd.DataFrame, lang: str) -> str:
    shown = frame.head(MAX_VIEW_ROWS)
    numeric = [i for i, c in enumerate(shown.columns) if pd.api.types.is_float_dtype(shown[c])]
    more = (f"<p>前 {MAX_VIEW_ROWS} 行，全部见 tables/{name}.csv</p>" if lang == "zh"
            else f"<p>first {MAX_VIEW_ROWS} rows; all in tables/{name}.csv</p>") if len(frame) > MAX_VIEW_ROWS else ""
    rows = [list(r) for r in shown.itertuples(index=False)]
    title = escape(f"{L.TABLE_TITLE[lang][name]}（{len(frame)}）" if lang == "zh" else f"{L.TABLE_TITLE[lang][name]} ({len(frame)})")
    return f'<details{" open" if name == "members" else ""}><summary>{title}</summary>{more}' \
           f'{table(list(shown.columns), rows, numeric=numeric)}</details>'


def graph_svg(graph: nx.DiGraph, lang: str) -> str:
    """The ring as SVG with one element per node and edge, tagged for the script (data-* attributes)."""
    if not len(graph):
        return '<svg id="ring" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    xs = [d["x"] * SCALE_X for _, d in graph.nodes(data=True)]
    ys = [-d["y"] * SCALE_Y for _, d in graph.nodes(data=True)]
    box = (min(xs) - 200, min(ys) - 60, max(xs) - min(xs) + 420, max(ys) - min(ys) + 120)
    marks = "".join(f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="5" markerHeight="5" '
                    f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
                    for kind, (colour, _) in EDGE_STYLE.items())
    ids = {n: i for i, n in enumerate(sorted(graph))}
    view_box = " ".join(f"{v:.0f}" for v in box)
    parts = [f'<svg id="ring" xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">'
             f'<defs>{marks}</defs><g id="edges">']
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        colour, dash = EDGE_STYLE.get(d["type"], ("#888888", "-"))
        undirected = d["type"] in ("SHARES_IDENTIFIER", "TIED_BY")
        x1, y1 = graph.nodes[a]["x"] * SCALE_X, -graph.nodes[a]["y"] * SCALE_Y
        x2, y2 = graph.nodes[b]["x"] * SCALE_X, -graph.nodes[b]["y"] * SCALE_Y
        faded = "context" in (graph.nodes[a]["part"], graph.nodes[b]["part"])
        title = f"{L.LINK[lang].get(d['type'], '')} ×{d.get('count', 1)}" + (f" {d['first']}—{d['last']}" if d.get("first") else "")
        kind = d["type"]
        marker = "" if undirected else f' marker-end="url(#arrow-{kind})"'
        cls = "e faded" if faded else "e"
        first, last = escape(str(d.get("first") or "")), escape(str(d.get("last") or ""))
        dashes = "4 3" if dash != "-" else "none"
        parts.append(f'<line class="{cls}" data-a="{ids[a]}" data-b="{ids[b]}" data-first="{first}" data-last="{last}" '
                     f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                     f'stroke-dasharray="{dashes}"{marker}><title>{escape(title)}</title></line>')
    parts.append('</g><g id="nodes">')
    for n, d in sorted(graph.nodes(data=True)):
        x, y = d["x"] * SCALE_X, -d["y"] * SCALE_Y
        kind = "collector" if d["role"] in ("collector", "broker") else d["label"]
        colour = "#BBBBBB" if d["part"] == "context" else NODE_COLOUR.get(kind, "#3B6FB6")
        fill = "white" if d["part"] == "outside" else colour
        shape = (f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{fill}" stroke="{colour}" '
                 f'stroke-width="2"/>' if d["label"] == "Institution" else
                 f'<path d="M{x:.1f},{y - 8:.1f}L{x + 8:.1f},{y + 7:.1f}L{x - 8:.1f},{y + 7:.1f}z" fill="{fill}"/>'
                 if d["label"] == "Practitioner" else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{fill}"/>')
        name = escape(str(d.get("name") or d.get("key")))
        anchor = "end" if d["column"] == 1 else "start"
        dx = -9 if anchor == "end" else 9
        part, role = d["part"], escape(L.role(lang, d["role"]))
        parts.append(f'<g class="n {part}" data-i="{ids[n]}">{shape}<text x="{x + dx:.1f}" y="{y + 4:.1f}" '
                     f'text-anchor="{anchor}">{name}</text><title>{name} · {role}</title></g>')
    parts.append("</g></svg>")
    return "".join(parts)


def view_data(graph: nx.DiGraph, tables: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame], lang: str) -> dict[str, Any]:
    """What the script needs: nodes (display fields), the settlements and evidence rows per node."""
    ids = {n: i for i, n in enumerate(sorted(graph))}
    totals = _totals(raw["settlements"])
    nodes = []
    for n, d in sorted(graph.nodes(data=True)):
        # members carry their amounts; others (an outside institution) get them from the rows shown
        own = totals.get(str(d["key"]), {}) if not d.get("settlements") else {}
        nodes.append({"id": n, "key": str(d["key"]), "name": str(d.get("name") or d["key"]),
                      "kind": L.LABEL[lang].get(d["label"], d["label"]), "role": L.role(lang, d["role"]),
                      "part": L.PART[lang].get(d["part"], ""),
                      "fund": round(float(own.get("fund", d.get("fund_pay_sumamt") or 0)), 2),
                      "acct": round(float(own.get("acct", d.get("acct_pay") or 0)), 2),
                      "n": int(own.get("n", d.get("settlements") or 0)),
                      "first": str(own.get("first", d.get("first") or "")), "last": str(own.get("last", d.get("last") or ""))})
    settled = raw["settlements"].head(MAX_PANEL_ROWS)
    setl = [[str(r.psn_no or ""), str(r.fixmedins_code or ""), str(r.setl_id), _time(r.setl_time), _num(r.fund_pay_sumamt),
             _num(r.acct_pay), f"{r.src_file}:{r.src_line}"] for r in settled.itertuples()]
    evidence = raw["evidence"].head(MAX_PANEL_ROWS)
    ev = [[TITLES.get(r.indicator, OTHER)[lang], str(r.row_key), f"{r.src_file}:{r.src_line}", _time(getattr(r, "event_time", None)),
           [ids[e] for e in str(getattr(r, "entities", "") or "").split() if e in ids]] for r in evidence.itertuples()]
    checks = sorted({str(row[0]) for row in ev})
    return {"nodes": nodes, "settlements": setl, "evidence": ev, "checks": checks}


def _totals(settlements: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per person and per institution: valid settlements (refunds excluded from the count, netted in
    the sums), pooled fund, personal account, first and last day."""
    from graphfraud.case.facts import valid_settlements

    if settlements.empty:
        return {}
    valid = valid_settlements(settlements)
    out: dict[str, dict[str, Any]] = {}
    for column in ("psn_no", "fixmedins_code"):
        for key, rows in valid.groupby(column):
            days = pd.to_datetime(rows.setl_time)
            out[str(key)] = {"n": int((rows.refd_setl_flag.fillna(0) == 0).sum()),
                             "fund": float(rows.fund_pay_sumamt.sum()), "acct": float(rows.acct_pay.sum()),
                             "first": str(days.min())[:10], "last": str(days.max())[:10]}
    return out


def _time(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:19]


def _num(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return round(number, 2) if number == number else 0.0


def view_html(facts: CaseFacts, statements: list[Statement], graph: nx.DiGraph, tables: dict[str, pd.DataFrame],
              raw: dict[str, pd.DataFrame], files: BundleFiles, lang: str, profile: str) -> str:
    zh = lang == "zh"
    data = json.dumps(view_data(graph, tables, raw, lang), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    facts_rows = [[s.title, s.text] for s in statements]
    ui = {k: (v[0] if zh else v[1]) for k, v in UI_WORDS.items()}
    return render("view.html", {
        "lang": "zh-CN" if zh else "en", "title": escape(("团伙线索 " if zh else "Ring ") + facts.ring_id),
        "profile": escape(L.PROFILE[lang][profile]), "ring_id": escape(facts.ring_id),
        "typology": escape(L.typology(lang, facts.typology)), "period": escape(W.period(facts.period_start, facts.period_end, lang)),
        "ring_svg": graph_svg(graph, lang), "timeline_svg": inline_svg((files.root / "pictures/timeline.svg").read_bytes()),
        "facts_table": table(["事实" if zh else "finding", "内容" if zh else "statement"], facts_rows),
        "sections": "\n".join(_section(name, frame, lang) for name, frame in tables.items()),
        "data": data, "words": json.dumps(ui, ensure_ascii=False), **{f"w_{k}": escape(v) for k, v in ui.items()},
        "footer": escape("离线文件，不访问网络。每行注明来源文件与行号。" if zh
                         else "Offline file; no network access. Every row names its source file and line."),
    })


UI_WORDS = {
    "picture": ("关系图（滚轮缩放，拖动平移，点击人员或机构查看记录，按住Shift点击两个对象显示其间最短路径）",
                "Ring picture (wheel: zoom; drag: pan; click a member for its records; shift-click two to show the path)"),
    "timeline": ("时间线", "Timeline"), "facts": ("调查认定的事实", "Findings"), "checks": ("按分析项筛选：", "Checks:"),
    "from": ("起：", "From:"), "to": ("止：", "To:"), "reset": ("复位", "Reset"), "filter": ("表格筛选：", "Filter tables:"),
    "settlements": ("结算记录", "Settlements"), "evidence": ("证据记录", "Evidence rows"), "none": ("无", "none"),
    "path": ("路径", "Path"), "nopath": ("两者之间没有可见的连线", "No visible path between them"),
    "fund": ("统筹基金", "pooled fund"), "acct": ("个人账户", "personal account"), "count": ("结算笔数", "settlements"),
    "hint": ("点击图中的人员或机构", "Click a member in the picture"), "more": ("仅显示前200条", "first 200 shown"),
    "time": ("时间", "time"), "setl": ("结算编号", "settlement"), "src": ("来源", "source"), "check": ("分析项", "check"),
    "row": ("记录", "record"), "all": ("全部", "all"), "kind": ("类别", "kind"), "key": ("编号", "code"),
    "part": ("身份", "part"), "period": ("首次至末次结算", "first to last settlement"),
}


def write_view(files: BundleFiles, facts: CaseFacts, statements: list[Statement], graph: nx.DiGraph,
               tables: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame], lang: str, profile: str) -> None:
    html = view_html(facts, statements, graph, tables, raw, files, lang, profile)
    files.add("view/ring_view.html", html.encode("utf-8"), "view", "离线查看页" if lang == "zh" else "offline view")
