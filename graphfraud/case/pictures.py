"""The ring picture and the timeline chart (SVG and PNG), drawn with matplotlib off-screen, sized
for an A4 page (16 cm wide, as the DOCX report prints them).

The picture follows the money and the boxes from left to right (graphfraud.case.layout): names as
the redaction profile shows them, roles by column, institutions and doctors by name, directed
edges labelled with counts; context persons apart and faded. A ring too large to name every
card-holder legibly on A4 (more than ``MAX_ROWS`` in a column) is drawn with its persons grouped
by role and institution (``开药人 380名``); the offline view shows every one of them.

Output is byte-stable: no randomness, fixed SVG hash salt, glyphs as paths, no date metadata.
Chinese labels need a CJK font (Noto CJK, WenQuanYi, SimHei…); without one, labels fall back to
codes and English words rather than printing empty boxes.
"""
from __future__ import annotations

import io
import math
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.dates import DateFormatter  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from graphfraud.case import labels as L  # noqa: E402
from graphfraud.case.files import BundleFiles  # noqa: E402
from graphfraud.case.layout import CONTEXT, PERSONS, arrange  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
EDGE_STYLE = {"SETTLED_AT": ("#3B6FB6", "-"), "BOX_RESOLD": ("#C0392B", "-"), "TRACE_REUSE": ("#C0392B", "-"),
              "SOLD_TO": ("#C0392B", ":"), "PRESCRIBED_FOR": ("#2E8B57", "-"), "FILLED_AT": ("#2E8B57", "--"),
              "WORKS_AT": ("#2E8B57", ":"), "SHARES_IDENTIFIER": ("#7D3C98", "--"), "TIED_BY": ("#888888", ":")}
NODE_COLOUR = {"Person": "#3B6FB6", "collector": "#922B21", "Institution": "#E67E22", "Practitioner": "#2E8B57"}
MAX_ROWS = 40  # rows a column may have on an A4 page before persons are grouped
MIN_GROUP = 3  # smaller groups stay named persons
MAX_OUTSIDE = 6  # outside institutions drawn one by one; beyond, the slivers are merged
MINOR_SHARE = 0.02  # ...those taking less than this share of the ring's settlements
OTHER_PLACES = "group:outside:other-institutions"
LINE_IN = 0.105  # height of one label line at the picture's font size, in inches
WIDTH_IN = 6.3  # 16 cm: the text width of the A4 report
DPI = 200
STABLE: dict[str, Any] = {"svg.hashsalt": "graphfraud", "svg.fonttype": "path", "path.simplify": True}


@cache
def cjk_font() -> str | None:
    """The first CJK font matplotlib can use on this machine, or None."""
    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def _save(figure: Any) -> tuple[bytes, bytes]:
    """SVG and PNG of a figure, cropped to what is drawn (long labels at the edges stay whole)."""
    svg, png = io.BytesIO(), io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", pad_inches=0.08)
    figure.savefig(png, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.08)
    plt.close(figure)
    return svg.getvalue(), png.getvalue()


def _style(lang: str) -> Any:
    font = cjk_font()
    return {**STABLE, "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}


def _wrap(text: str, width: int) -> str:
    """Break a long name into lines of at most ``width`` characters: before a bracket if there is one
    (「汇仁大药房」「(椒江区第11分店)」), never inside a number (CJK has no spaces to break at).

    >>> _wrap("汇仁大药房(椒江区第11分店)", 11)
    '汇仁大药房\\n(椒江区第11分店)'
    """
    if len(text) <= width:
        return text
    for bracket in ("(", "（"):
        at = text.find(bracket)
        if 0 < at <= width:
            return text[:at] + "\n" + _wrap(text[at:], width)
    cut = width
    while 0 < cut < len(text) and text[cut - 1].isdigit() and text[cut].isdigit():
        cut -= 1
    cut = cut or width
    return text[:cut] + "\n" + _wrap(text[cut:], width)


def grouped(graph: nx.DiGraph, lang: str, max_rows: int = MAX_ROWS) -> nx.DiGraph:
    """The picture's graph: ``graph`` itself, or, when a column would not fit an A4 page, persons
    merged into groups of one role and one main institution (groups of fewer than ``MIN_GROUP`` stay
    named), and institutions the ring barely touched (not members, under ``MINOR_SHARE`` of its
    settlements, when there are more than ``MAX_OUTSIDE``) merged into one "other institutions" node."""
    group_of = _minor_places(graph)
    per_column: dict[int, int] = {}
    for n, d in graph.nodes(data=True):
        if n not in group_of:
            per_column[d["column"]] = per_column.get(d["column"], 0) + 1
    if max(per_column.values(), default=0) > max_rows:
        candidates: dict[str, list[str]] = {}
        for n, d in graph.nodes(data=True):
            if d["label"] == "Person" and d["column"] in (PERSONS, CONTEXT):
                places = sorted(((e.get("count", 1), b) for _, b, e in graph.out_edges(n, data=True)
                                 if e["type"] in ("SETTLED_AT", "BOX_RESOLD")), reverse=True)
                near = group_of.get(places[0][1], places[0][1]) if places else ""
                candidates.setdefault(f"group:{d['part']}:{d['role']}:{near}", []).append(n)
        for key, nodes in candidates.items():
            if len(nodes) >= MIN_GROUP:
                group_of.update({n: key for n in nodes})
    if not group_of:
        return graph
    out = nx.DiGraph(**graph.graph)
    for n, d in graph.nodes(data=True):
        g = group_of.get(n)
        if g is None:
            out.add_node(n, **d)
            continue
        if g not in out:
            out.add_node(g, **{**d, "key": "", "name": "", "members": 0, "fund_pay_sumamt": 0.0, "settlements": 0,
                               "role": "outside" if g == OTHER_PLACES else d["role"]})
        item = out.nodes[g]
        item["members"] += 1
        item["fund_pay_sumamt"] += float(d.get("fund_pay_sumamt") or 0.0)
        item["settlements"] += int(d.get("settlements") or 0)
    for a, b, e in graph.edges(data=True):
        ga, gb = group_of.get(a, a), group_of.get(b, b)
        if ga == gb:
            continue
        if out.has_edge(ga, gb):
            seen = out.edges[ga, gb]
            seen["count"] += int(e.get("count", 1))
            for money in ("fund_pay_sumamt", "acct_pay"):
                seen[money] = seen.get(money, 0.0) + float(e.get(money, 0.0) or 0.0)
        else:
            out.add_edge(ga, gb, **{**e, "fund_pay_sumamt": float(e.get("fund_pay_sumamt", 0.0) or 0.0),
                                    "acct_pay": float(e.get("acct_pay", 0.0) or 0.0)})
    columns = {n: d["column"] for n, d in out.nodes(data=True)}
    order = {n: (n == OTHER_PLACES, d.get("role", ""), -float(d.get("fund_pay_sumamt") or 0.0), n)
             for n, d in out.nodes(data=True)}
    for n, (x, y) in arrange(columns, out.edges(), max_rows, order).items():
        out.nodes[n].update(x=x, y=y)
    return out


def _minor_places(graph: nx.DiGraph) -> dict[str, str]:
    """Institutions outside the ring that took a sliver of its settlements, when there are many."""
    outside = [n for n, d in graph.nodes(data=True) if d["part"] == "outside"]
    if len(outside) <= MAX_OUTSIDE:
        return {}
    counts = {n: sum(int(e.get("count", 0)) for _, _, e in graph.in_edges(n, data=True)) for n in outside}
    total = sum(int(e.get("count", 0)) for _, _, e in graph.edges(data=True) if e["type"] == "SETTLED_AT") or 1
    minor = sorted(counts, key=lambda n: (counts[n], n))
    keep = set(sorted(outside, key=lambda n: (-counts[n], n))[:MAX_OUTSIDE])
    return {n: OTHER_PLACES for n in minor if n not in keep or counts[n] < MINOR_SHARE * total}


def _label_lines(graph: nx.DiGraph) -> dict[int, float]:
    """Lines of text each column's labels take (the picture's height follows them)."""
    out: dict[int, float] = {}
    for n, d in graph.nodes(data=True):
        lines = _node_label(n, d, "zh", True, _settled(graph, n)).count("\n") + 1.6
        out[d["column"]] = out.get(d["column"], 0.0) + lines
    return out


def _settled(graph: nx.DiGraph, n: str) -> tuple[int, float, float]:
    """Settlements, pooled fund and personal account on a node's 医保结算 edges (a person's out, an
    institution's in)."""
    edges = graph.out_edges(n, data=True) if graph.nodes[n]["label"] == "Person" else graph.in_edges(n, data=True)
    chosen = [e for _, _, e in edges if e["type"] == "SETTLED_AT"]
    return (sum(int(e.get("count", 0)) for e in chosen), sum(float(e.get("fund_pay_sumamt") or 0.0) for e in chosen),
            sum(float(e.get("acct_pay") or 0.0) for e in chosen))


def _node_label(n: str, d: dict[str, Any], lang: str, cjk: bool,
                totals: tuple[int, float, float] = (0, 0.0, 0.0)) -> str:
    zh = lang == "zh" and cjk
    words = "zh" if zh else "en"
    if d.get("members") and n == OTHER_PLACES:
        count, fund, acct = totals
        head = f"其他关联机构{d['members']}家" if zh else f"{d['members']} other institutions"
        return head + (f"\n结算{count}笔" if zh else f"\n{count} settlements") if count else head
    if d.get("members"):
        who = L.short_role(words, d["role"])
        count, fund, acct = totals
        money = (f"\n{count}笔·统筹{fund / 1e4:,.2f}万·个账{acct / 1e4:,.2f}万" if zh else
                 f"\n{count}× fund {fund:,.0f} acct {acct:,.0f}") if count else ""
        return (f"{who} {d['members']}名" if zh else f"{d['members']} {who}s") + money
    name = str(d.get("name") or d.get("key"))
    if not cjk and any(ord(ch) > 0x2E80 for ch in name):
        name = str(d.get("key"))
    text = _wrap(name, 11 if zh else 22)
    count, fund, acct = totals
    if d["label"] == "Person":
        if d["role"] in ("collector", "broker", "impersonated"):
            text += f"（{L.short_role(words, d['role'])}）" if zh else f" ({L.short_role(words, d['role'])})"
        if count:
            text += f" {count}笔" if zh else f" {count}×"
    elif d["label"] == "Institution" and count:
        text += (f"\n{count}笔·统筹{fund / 1e4:,.2f}万·个账{acct / 1e4:,.2f}万" if zh else
                 f"\n{count}× fund {fund:,.0f} acct {acct:,.0f}")
    return text


def _edge_label(d: dict[str, Any], lang: str, cjk: bool) -> str:
    zh = lang == "zh" and cjk
    n = int(d.get("count", 1))
    kind = d["type"]
    if kind == "SETTLED_AT":
        return f"{n}笔" if zh else f"{n}×"
    if kind in ("BOX_RESOLD", "TRACE_REUSE", "SOLD_TO"):
        return f"{n}盒" if zh else f"{n} boxes"
    if kind in ("PRESCRIBED_FOR", "FILLED_AT"):
        return f"处方{n}次" if zh else f"{n} rx days"
    return ""


def ring_picture(graph: nx.DiGraph, title: str, lang: str) -> tuple[bytes, bytes]:
    """The ring picture of ``graph`` (positions from graphfraud.case.layout)."""
    cjk = cjk_font() is not None
    words = "zh" if lang == "zh" and cjk else "en"
    shown = grouped(graph, lang) if len(graph) else graph
    with plt.rc_context(_style(lang)):
        xs = [d["x"] for _, d in shown.nodes(data=True)] or [0.0]
        ys = [d["y"] for _, d in shown.nodes(data=True)] or [0.0]
        rows = max(ys) - min(ys) + 1
        lines = max(_label_lines(shown).values(), default=1.0)
        height = min(9.3, max(3.2, 1.7 + rows * 0.2, 1.7 + lines * LINE_IN))
        figure, ax = plt.subplots(figsize=(WIDTH_IN, height))
        figure.subplots_adjust(left=0.02, right=0.98, top=1 - 0.35 / height, bottom=0.75 / height)
        columns = sorted({d["column"] for _, d in shown.nodes(data=True)})
        # labels of inner columns sit above their node: leave room for the top one under the headers
        top_lines = max((_node_label(n, d, words, cjk, _settled(shown, n)).count("\n") + 1
                         for n, d in shown.nodes(data=True) if d["y"] == max(ys) and d["column"] not in
                         (columns[0], columns[-1])), default=0)
        room = top_lines * 0.6 * max(1.0, rows * 0.2 / max(height - 1.7, 1.0))
        ax.set_xlim(min(xs) - 0.75, max(xs) + 0.75)
        ax.set_ylim(min(ys) - 0.8, max(ys) + 0.9 + room)
        small = len(shown) > 80
        font = 5.0 if small else 6.2
        # a label per edge only where they stay legible; otherwise the nodes carry the totals
        _edges(ax, shown, words, cjk, label=shown.number_of_edges() <= 30)
        _nodes(ax, shown, words, cjk, font)
        for column in sorted({d["column"] for _, d in shown.nodes(data=True)}):
            x = sum(d["x"] for _, d in shown.nodes(data=True) if d["column"] == column) / \
                max(1, sum(1 for _, d in shown.nodes(data=True) if d["column"] == column))
            ax.text(x, max(ys) + 0.75 + room, L.COLUMN[words][column], ha="center", va="bottom", fontsize=7, weight="bold",
                    color="#444444" if column != CONTEXT else "#999999")
        ax.set_title(title, fontsize=8.5, loc="left", pad=14)
        _legend(ax, shown, words)
        ax.set_axis_off()
        return _save(figure)


def _edges(ax: Any, graph: nx.DiGraph, words: str, cjk: bool, label: bool) -> None:
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (e[2]["type"], e[0], e[1])):
        colour, dash = EDGE_STYLE.get(d["type"], ("#888888", "-"))
        faded = graph.nodes[a]["part"] == "context" or graph.nodes[b]["part"] == "context"
        pa, pb = (graph.nodes[a]["x"], graph.nodes[a]["y"]), (graph.nodes[b]["x"], graph.nodes[b]["y"])
        width = 0.4 + min(1.4, math.log2(1 + int(d.get("count", 1))) * 0.22)
        undirected = d["type"] in ("SHARES_IDENTIFIER", "TIED_BY")
        # within a column, bulge to the right (labels of the first column sit on the left); across
        # two columns or more, bend so the arrow does not run through the nodes in between
        span = abs(graph.nodes[a]["column"] - graph.nodes[b]["column"])
        bend = (0.3 if pb[1] > pa[1] else -0.3) if abs(pa[0] - pb[0]) < 0.2 else (-0.18 if span >= 2 else 0.0)
        ax.add_patch(FancyArrowPatch(pa, pb, arrowstyle="-" if undirected else "-|>", mutation_scale=6,
                                     color=colour, linestyle=dash, linewidth=width, alpha=0.25 if faded else 0.75,
                                     shrinkA=6, shrinkB=6, connectionstyle=f"arc3,rad={bend}", zorder=1))
        text = _edge_label(d, words, cjk) if label else ""
        if text:
            x, y = _along(ax, pa, pb, bend, 0.3 if not bend else 0.5)
            ax.text(x, y, text, fontsize=4.6, color=colour,
                    ha="center", va="center", alpha=0.5 if faded else 1.0, zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})


def _along(ax: Any, pa: tuple[float, float], pb: tuple[float, float], rad: float, t: float) -> tuple[float, float]:
    """The point at ``t`` of the arc matplotlib draws for ``arc3,rad`` (computed, as it is, on screen)."""
    to_screen = ax.transData
    (x1, y1), (x2, y2) = to_screen.transform(pa), to_screen.transform(pb)
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    x = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
    y = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
    found = to_screen.inverted().transform((x, y))
    return float(found[0]), float(found[1])


def _nodes(ax: Any, graph: nx.DiGraph, words: str, cjk: bool, font: float) -> None:
    columns = sorted({d["column"] for _, d in graph.nodes(data=True)})
    first, last = columns[0], columns[-1]
    for n, d in sorted(graph.nodes(data=True)):
        faded = d["part"] == "context"
        kind = "collector" if d["role"] in ("collector", "broker") else d["label"]
        colour = "#BBBBBB" if faded else NODE_COLOUR.get(kind, "#3B6FB6")
        marker = {"Institution": "s", "Practitioner": "^"}.get(d["label"], "o")
        size = 46 if d["label"] != "Person" else (30 + min(60, int(d.get("members", 0)) * 2) if d.get("members") else 22)
        outside = d["part"] == "outside"
        ax.scatter([d["x"]], [d["y"]], s=size, facecolors="white" if outside else colour, marker=marker,
                   edgecolors=colour if outside else "white", linewidths=0.9 if outside else 0.6,
                   alpha=0.45 if faded else 1.0, zorder=4)
        text = _node_label(n, d, words, cjk, _settled(graph, n))
        colour = "#999999" if faded else "#111111"
        box = {"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85}
        if d["column"] == first and first != last:
            ax.text(d["x"] - 0.06, d["y"], text, fontsize=font, va="center", ha="right", color=colour, zorder=5)
        elif d["column"] == last:
            ax.text(d["x"] + 0.06, d["y"], text, fontsize=font, va="center", ha="left", color=colour, zorder=5)
        else:
            ax.text(d["x"], d["y"] + 0.22, text, fontsize=font, va="bottom", ha="center", color=colour, zorder=5, bbox=box)


def _legend(ax: Any, graph: nx.DiGraph, words: str) -> None:
    kinds = sorted({d["type"] for _, _, d in graph.edges(data=True)}, key=list(EDGE_STYLE).index)
    handles = [Line2D([0], [0], color=EDGE_STYLE[k][0], linestyle=EDGE_STYLE[k][1], linewidth=1.2,  # type: ignore[arg-type]
                      label=L.LINK[words][k])
               for k in kinds if k in EDGE_STYLE]
    marks = [("o", NODE_COLOUR["Person"], L.PART[words]["core"] + ("人员" if words == "zh" else " person")),
             ("s", NODE_COLOUR["Institution"], "定点医药机构" if words == "zh" else "institution"),
             ("^", NODE_COLOUR["Practitioner"], "医师" if words == "zh" else "doctor"),
             ("s", "white", L.ROLE[words]["outside"]),
             ("o", "#BBBBBB", L.PART[words]["context"])]
    handles += [Line2D([0], [0], marker=m, color="white", markerfacecolor=c, markersize=5, label=t,
                       markeredgecolor=NODE_COLOUR["Institution"] if c == "white" else c) for m, c, t in marks]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, fontsize=5.2, frameon=False,
              handlelength=2.2, columnspacing=1.0)


def timeline_chart(settlements: pd.DataFrame, title: str, lang: str) -> tuple[bytes, bytes]:
    """Settlements per day above, cumulative pooled fund and personal account (kept apart) below."""
    zh = lang == "zh" and cjk_font() is not None
    with plt.rc_context(_style(lang)):
        figure, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH_IN, 3.6), sharex=True)
        if len(settlements):
            frame = settlements.assign(day=pd.to_datetime(settlements.setl_time).dt.normalize()).sort_values("day")
            daily = frame.groupby("day").agg(n=("setl_id", "count"), fund=("fund_pay_sumamt", "sum"),
                                            acct=("acct_pay", "sum"))
            # One stepped area instead of a bar per day: a year of bars is hundreds of SVG paths.
            days = daily.reindex(pd.date_range(daily.index.min(), daily.index.max(), freq="D"), fill_value=0)
            top.fill_between(days.index, days.n, step="post", color="#3B6FB6", linewidth=0)
            bottom.plot(daily.index, daily.fund.cumsum(), label="统筹基金" if zh else "pooled fund", color="#C0392B")
            bottom.plot(daily.index, daily.acct.cumsum(), label="个人账户" if zh else "personal account", color="#7D3C98")
            bottom.legend(fontsize=7, frameon=False)
        top.set_ylabel("每日结算笔数" if zh else "settlements / day", fontsize=7)
        bottom.set_ylabel("累计金额（元）" if zh else "cumulative yuan", fontsize=7)
        bottom.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        for axis in (top, bottom):
            axis.tick_params(labelsize=6)
        bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        top.set_title(title, fontsize=8, loc="left")
        figure.autofmt_xdate()
        figure.tight_layout()
        return _save(figure)


def write_pictures(files: BundleFiles, graph: nx.DiGraph, valid: pd.DataFrame, ring_id: str, lang: str) -> None:
    zh = lang == "zh"
    core = sum(1 for _, d in graph.nodes(data=True) if d["part"] == "core")
    context = sum(1 for _, d in graph.nodes(data=True) if d["part"] == "context")
    title = (f"团伙 {ring_id} 关系图：涉案人员、机构和医师共 {core} 个" + (f"；关联人员 {context} 名以浅色单列" if context else "")
             if zh and cjk_font() else f"Ring {ring_id}: {core} members (persons, institutions, doctors)"
             + (f"; {context} context persons faded" if context else ""))
    svg, png = ring_picture(graph, title, lang)
    name = "团伙关系图" if zh else "ring picture"
    files.add("pictures/ring.svg", svg, "picture", name)
    files.add("pictures/ring.png", png, "picture", name)
    svg, png = timeline_chart(valid, (f"团伙 {ring_id} 结算时间线" if zh and cjk_font() else f"Ring {ring_id}: settlements over time"),
                              lang)
    name = "时间线" if zh else "timeline"
    files.add("pictures/timeline.svg", svg, "picture", name)
    files.add("pictures/timeline.png", png, "picture", name)
