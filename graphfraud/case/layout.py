"""Where each node of a ring picture goes: columns that follow the flow of money and boxes.

Left to right: doctors, card-holders and other member persons, the institutions where the cards
were settled, collectors and brokers, the institutions the boxes went on to, and the context
persons (apart, at the right). Within a column, nodes are ordered by the barycentre of their
neighbours (a few sweeps; Sugiyama's heuristic), which keeps arrows short and mostly uncrossed.
A column longer than ``wrap`` continues in a second sub-column. No randomness, no numeric
library beyond the standard one: the same ring gives the same picture, for 2 members or 500.

>>> pos = arrange({"a": 0, "b": 1, "c": 1}, [("a", "b"), ("a", "c")])
>>> sorted(pos), pos["a"][0] < pos["b"][0]
(['a', 'b', 'c'], True)
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import networkx as nx

DOCTORS, PERSONS, PLACES, COLLECTORS, DOWNSTREAM, CONTEXT = range(6)
SUB_COLUMN = 0.42  # distance of a wrapped sub-column, in column widths
SWEEPS = 4


def column_of(data: dict[str, Any], downstream: bool = False) -> int:
    """The column of a node from its kind, role and part in the ring."""
    if data.get("part") == "context":
        return CONTEXT
    label, role = data.get("label"), data.get("role")
    if label == "Practitioner":
        return DOCTORS
    if label == "Institution":
        return DOWNSTREAM if role == "downstream_pharmacy" or downstream else PLACES
    if role in ("collector", "broker"):
        return COLLECTORS
    return PERSONS


def arrange(columns: dict[str, int], edges: Iterable[tuple[str, str]], wrap: int = 60,
            order: dict[str, Any] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for nodes given their column: x by column (empty columns closed up), y by
    barycentric order within the column, centred; ``order`` gives the starting order (sort keys)."""
    used = sorted(set(columns.values()))
    index: dict[int, float] = {c: float(i) for i, c in enumerate(used)}
    members: dict[int, list[str]] = {c: sorted((n for n, k in columns.items() if k == c),
                                               key=lambda n: (order or {}).get(n, n)) for c in used}
    neighbours: dict[str, list[str]] = {n: [] for n in columns}
    for a, b in edges:
        if a in neighbours and b in neighbours and a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    rank = {n: float(i) for c in used for i, n in enumerate(members[c])}

    def centre(n: str) -> float:
        return rank[n] - (len(members[columns[n]]) - 1) / 2

    for sweep in range(SWEEPS):
        for c in (used if sweep % 2 == 0 else list(reversed(used))):
            def key(n: str) -> tuple[float, str]:
                around = [centre(m) for m in neighbours[n] if columns[m] != c]
                return (sum(around) / len(around) if around else centre(n), n)

            members[c] = sorted(members[c], key=key)
            for i, n in enumerate(members[c]):
                rank[n] = float(i)
    out: dict[str, tuple[float, float]] = {}
    tallest = max(min(len(members[c]), wrap) for c in used)
    # a wrapped column is wider: the columns after it move right, so sub-columns never overlap the next
    left = 0.0
    for c in used:
        subs = max(1, math.ceil(len(members[c]) / wrap))
        width = (subs - 1) * SUB_COLUMN
        index[c] = left + width / 2
        left += width + 1.0
    for c in used:
        nodes = members[c]
        subs = max(1, math.ceil(len(nodes) / wrap))
        per = math.ceil(len(nodes) / subs)
        for i, n in enumerate(nodes):
            sub, row = divmod(i, per)
            rows_here = min(per, len(nodes) - sub * per)
            # a short column spreads over the height of the tallest, up to three rows apart
            gap = min(3.0, (tallest - 1) / (rows_here - 1)) if rows_here > 1 else 1.0
            x = index[c] + (sub - (subs - 1) / 2) * SUB_COLUMN
            out[n] = (round(x, 4), round(((rows_here - 1) / 2 - row) * max(gap, 1.0), 4))
    return out


def place(graph: nx.DiGraph, wrap: int = 60) -> None:
    """Store ``column``, ``x`` and ``y`` on every node of a ring graph."""
    if not len(graph):
        return
    reached = {b for a, b, d in graph.edges(data=True) if d.get("type") in ("BOX_RESOLD", "TRACE_REUSE")}
    settled = {b for a, b, d in graph.edges(data=True) if d.get("type") == "SETTLED_AT"}
    columns = {n: column_of(d, downstream=n in reached and n not in settled) for n, d in graph.nodes(data=True)}
    order = {n: (d.get("role", ""), -float(d.get("fund_pay_sumamt") or 0.0), n) for n, d in graph.nodes(data=True)}
    positions = arrange(columns, graph.edges(), wrap, order)
    for n, (x, y) in positions.items():
        graph.nodes[n].update(column=columns[n], x=x, y=y)
