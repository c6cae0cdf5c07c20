"""The ring picture and the timeline chart (SVG and PNG), drawn with matplotlib off-screen.

Labels are IDs or pseudonyms, never names: pictures travel furthest and CJK fonts are not on every
machine. Output is byte-stable: fixed layout seed, fixed SVG hash salt, no date metadata.
"""
from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402

from graphfraud.case.files import BundleFiles  # noqa: E402

COLOURS = {"Person": "#4C72B0", "Institution": "#DD8452", "Practitioner": "#55A868", "outside": "#BBBBBB"}
EDGE_COLOURS = {"SETTLED_AT": "#999999", "PRESCRIBED_FOR": "#55A868", "WORKS_AT": "#55A868",
                "TRACE_REUSE": "#C44E52", "SHARES_IDENTIFIER": "#8172B3"}
STABLE: Any = {"svg.hashsalt": "graphfraud", "svg.fonttype": "path", "font.family": "DejaVu Sans", "path.simplify": True}
MAX_LABELS = 60  # beyond this, labels make a 200-member ring unreadable; the view and tables carry them


def _save(figure: Any) -> tuple[bytes, bytes]:
    svg, png = io.BytesIO(), io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    figure.savefig(png, format="png", dpi=110, metadata={"Software": None})
    plt.close(figure)
    return svg.getvalue(), png.getvalue()


def ring_picture(graph: nx.DiGraph, title: str) -> tuple[bytes, bytes]:
    with plt.rc_context(STABLE):
        figure, ax = plt.subplots(figsize=(10, 8))
        pos = {n: (d.get("x", 0.0), d.get("y", 0.0)) for n, d in graph.nodes(data=True)}
        for kind, colour in EDGE_COLOURS.items():
            edges = [(a, b) for a, b, d in graph.edges(data=True) if d["type"] == kind]
            if edges:
                nx.draw_networkx_edges(graph, pos, edgelist=edges, edge_color=colour, alpha=0.6, arrows=False,
                                       width=1.6 if kind == "TRACE_REUSE" else 0.8, ax=ax, label=kind)
        for kind, colour in COLOURS.items():
            nodes = [n for n, d in graph.nodes(data=True)
                     if (d.get("role") == "outside") == (kind == "outside") and (kind == "outside" or d["label"] == kind)]
            if nodes:
                sizes = [60 + min(float(graph.nodes[n].get("fund_pay_sumamt", 0)) / 200, 400) for n in nodes]
                nx.draw_networkx_nodes(graph, pos, nodelist=nodes, node_color=colour, node_size=sizes, ax=ax,
                                       label=kind, edgecolors="white", linewidths=0.5)
        if len(graph) <= MAX_LABELS:
            nx.draw_networkx_labels(graph, pos, {n: str(d["key"])[-12:] for n, d in graph.nodes(data=True)},
                                    font_size=6, ax=ax)
        ax.set_title(title)
        ax.legend(loc="lower left", fontsize=7, markerscale=0.6, frameon=False)
        ax.set_axis_off()
        return _save(figure)


def timeline_chart(settlements: pd.DataFrame, title: str) -> tuple[bytes, bytes]:
    """Settlements per day above, cumulative pooled fund and personal account (kept apart) below."""
    with plt.rc_context(STABLE):
        figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
        if len(settlements):
            frame = settlements.assign(day=pd.to_datetime(settlements.setl_time).dt.normalize()).sort_values("day")
            daily = frame.groupby("day").agg(n=("setl_id", "count"), fund=("fund_pay_sumamt", "sum"),
                                            acct=("acct_pay", "sum"))
            # One stepped area instead of a bar per day: a year of bars is hundreds of SVG paths.
            days = daily.reindex(pd.date_range(daily.index.min(), daily.index.max(), freq="D"), fill_value=0)
            top.fill_between(days.index, days.n, step="post", color="#4C72B0", linewidth=0)
            bottom.plot(daily.index, daily.fund.cumsum(), label="pooled fund (fund_pay_sumamt)", color="#C44E52")
            bottom.plot(daily.index, daily.acct.cumsum(), label="personal account (acct_pay)", color="#8172B3")
            bottom.legend(fontsize=8, frameon=False)
        top.set_ylabel("settlements / day")
        bottom.set_ylabel("cumulative yuan")
        top.set_title(title)
        figure.autofmt_xdate()
        return _save(figure)


def write_pictures(files: BundleFiles, graph: nx.DiGraph, valid: pd.DataFrame, ring_id: str, zh: bool) -> None:
    svg, png = ring_picture(graph, f"ring {ring_id}")
    title = "团伙关系图" if zh else "ring picture"
    files.add("pictures/ring.svg", svg, "picture", title)
    files.add("pictures/ring.png", png, "picture", title)
    svg, png = timeline_chart(valid, f"ring {ring_id}: settlements over time")
    title = "时间线" if zh else "timeline"
    files.add("pictures/timeline.svg", svg, "picture", title)
    files.add("pictures/timeline.png", png, "picture", title)
