"""The ring graph in the formats analysts open: GraphML (Gephi, yEd, networkx), GEXF 1.3 with time
(Gephi's timeline), and i2 Analyst's Notebook's XML exchange format (.anx)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from graphfraud import __version__

GEXF_NS = "http://gexf.net/1.3"
SCALARS = (str, int, float, bool)


def graphml_bytes(graph: nx.DiGraph) -> bytes:
    """GraphML with list attributes (edge days) as JSON text, since GraphML has no list type."""
    plain = nx.DiGraph(**{k: v for k, v in graph.graph.items() if isinstance(v, SCALARS)})
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in graph.edges(data=True):
        plain.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    return ("\n".join(nx.generate_graphml(plain)) + "\n").encode("utf-8")


def _scalar(value: Any) -> Any:
    return value if isinstance(value, SCALARS) else json.dumps(value, ensure_ascii=False)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def gexf_bytes(graph: nx.DiGraph, last_date: str) -> bytes:
    """GEXF 1.3, ``mode="dynamic"``: nodes live from their first to last settlement, edges carry one
    spell per day on which the link was seen (a settlement, a prescription, a trace-code hop)."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": last_date or "1970-01-01"})
    ET.SubElement(meta, "creator").text = f"graphfraud {__version__}"
    ET.SubElement(meta, "description").text = f"ring {graph.graph.get('ring_id', '')}"
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"})
    node_attrs = ("label", "role", "part", "in_ring", "fund_pay_sumamt", "acct_pay", "settlements")
    edge_attrs = ("type", "count")
    _attributes(body, "node", node_attrs, graph.nodes(data=True))
    _attributes(body, "edge", edge_attrs, (d for _, _, d in graph.edges(data=True)))
    nodes = ET.SubElement(body, "nodes")
    for node, data in graph.nodes(data=True):
        item = ET.SubElement(nodes, "node", {"id": node, "label": str(data.get("name") or node), **_span(data)})
        _values(item, node_attrs, data)
    edges = ET.SubElement(body, "edges")
    for i, (a, b, data) in enumerate(graph.edges(data=True)):
        item = ET.SubElement(edges, "edge", {"id": str(i), "source": a, "target": b, "weight": str(data.get("count", 1)),
                                             "label": data["type"], **_span(data)})
        _values(item, edge_attrs, data)
        if data.get("days"):
            spells = ET.SubElement(item, "spells")
            for day in data["days"]:
                ET.SubElement(spells, "spell", {"start": day, "end": day})
    return _xml(root)


def _span(data: dict[str, Any]) -> dict[str, str]:
    return {k: data[f] for k, f in (("start", "first"), ("end", "last")) if data.get(f)}


def _attributes(graph: ET.Element, kind: str, names: tuple[str, ...], rows: Any) -> None:
    rows = list(rows)
    block = ET.SubElement(graph, "attributes", {"class": kind, "mode": "static"})
    for i, name in enumerate(names):
        sample = next((r[name] for r in rows if name in r), "")
        kind_name = ("boolean" if isinstance(sample, bool) else "integer" if isinstance(sample, int)
                     else "double" if isinstance(sample, float) else "string")
        ET.SubElement(block, "attribute", {"id": str(i), "title": name, "type": kind_name})


def _values(item: ET.Element, names: tuple[str, ...], data: dict[str, Any]) -> None:
    values = ET.SubElement(item, "attvalues")
    for i, name in enumerate(names):
        if name in data:
            value = data[name]
            ET.SubElement(values, "attvalue", {"for": str(i), "value": str(value).lower() if isinstance(value, bool)
                                               else str(value)})


# i2 grades: source reliability (GradeOne) and information reliability (GradeTwo); indexes are
# 1-based positions in these lists, 0 = not graded.
GRADE_ONE = ["A 医保平台原始导出记录 (platform export record)", "B 监管规则命中 (rule hit)", "X 未评估 (not graded)"]
GRADE_TWO = ["1 原始记录直接记载 (stated in the record)", "3 数据分析推断 (inferred by analysis)"]
ICONS = {"Person": "Person", "Institution": "Building", "Practitioner": "Doctor"}
LINK_TYPES = {"SETTLED_AT": "结算于 settled at", "PRESCRIBED_FOR": "开具处方 prescribed for", "WORKS_AT": "执业于 works at",
              "FILLED_AT": "处方流向 prescriptions filled at", "TRACE_REUSE": "追溯码流向 trace-code reuse",
              "BOX_RESOLD": "药品再次销售 box sold again at", "SOLD_TO": "回流药品售予 resold box sold to",
              "SHARES_IDENTIFIER": "共用标识 shares identifier", "TIED_BY": "证据关联 named in the same evidence"}
RECORDED = {"SETTLED_AT", "PRESCRIBED_FOR", "WORKS_AT", "FILLED_AT"}


def anx_bytes(graph: nx.DiGraph) -> bytes:
    """i2 Analyst's Notebook chart (XML exchange): entity and link types, attributes, grades."""
    root = ET.Element("Chart", {"IdReferenceLinking": "false", "Rigorous": "true", "SchemaVersion": "7.0.0.1"})
    for tag, strings in (("GradeOne", GRADE_ONE), ("GradeTwo", GRADE_TWO)):
        collection = ET.SubElement(ET.SubElement(root, tag), "StringCollection")
        for text in strings:
            ET.SubElement(collection, "String", {"Text": text})
    entity_types = ET.SubElement(root, "EntityTypeCollection")
    for label, icon in ICONS.items():
        ET.SubElement(entity_types, "EntityType", {"Name": label, "IconFile": icon, "Colour": "0",
                                                   "PreferredRepresentation": "RepresentAsIcon"})
    link_types = ET.SubElement(root, "LinkTypeCollection")
    for name in LINK_TYPES.values():
        ET.SubElement(link_types, "LinkType", {"Name": name, "Colour": "0"})
    classes = ET.SubElement(root, "AttributeClassCollection")
    for name, kind in (("Role", "AttText"), ("Pooled fund (yuan)", "AttNumber"), ("Personal account (yuan)", "AttNumber"),
                       ("Settlements", "AttNumber"), ("First", "AttText"), ("Last", "AttText")):
        ET.SubElement(classes, "AttributeClass", {"Name": name, "Type": kind, "ShowValue": "true"})
    items = ET.SubElement(root, "ChartItemCollection")
    for node, data in graph.nodes(data=True):
        _anx_entity(items, node, data)
    for a, b, data in graph.edges(data=True):
        grade_two = 1 if data["type"] in RECORDED else 2
        item = ET.SubElement(items, "ChartItem", {
            "Label": f"{LINK_TYPES[data['type']].split(' ')[0]} ×{data.get('count', 1)}", "GradeOneIndex": "1",
            "GradeTwoIndex": str(grade_two), "SourceType": "医保平台导出 / graphfraud",
            "DateSet": "true" if data.get("first") else "false",
            **({"DateTime": data["first"] + "T00:00:00"} if data.get("first") else {}),
            "Description": f"{data.get('first', '')} — {data.get('last', '')}"})
        link = ET.SubElement(item, "Link", {"End1Id": _anx_id(a), "End2Id": _anx_id(b)})
        ET.SubElement(link, "LinkStyle", {"Type": LINK_TYPES[data["type"]], "ArrowStyle": "ArrowOnHead",
                                          "Strength": "1" if grade_two == 1 else "2"})
    return _xml(root)


def _anx_id(node: str) -> str:
    return node.replace(":", "_")


def _anx_entity(items: ET.Element, node: str, data: dict[str, Any]) -> None:
    item = ET.SubElement(items, "ChartItem", {"Label": str(data.get("name") or data["key"]), "GradeOneIndex": "1",
                                              "GradeTwoIndex": "1", "SourceType": "医保平台导出",
                                              "SourceReference": node, "Description": str(data.get("role", ""))})
    end = ET.SubElement(item, "End", {"X": str(round(data.get("x", 0) * 500)), "Y": str(round(data.get("y", 0) * 500))})
    entity = ET.SubElement(end, "Entity", {"EntityId": _anx_id(node), "Identity": str(data["key"]),
                                           "LabelIsIdentity": "false"})
    ET.SubElement(ET.SubElement(entity, "Icon"), "IconStyle", {"Type": data["label"]})
    attributes = ET.SubElement(item, "AttributeCollection")
    for name, field in (("Role", "role"), ("Pooled fund (yuan)", "fund_pay_sumamt"),
                        ("Personal account (yuan)", "acct_pay"), ("Settlements", "settlements"),
                        ("First", "first"), ("Last", "last")):
        if data.get(field) not in (None, ""):
            ET.SubElement(attributes, "Attribute", {"AttributeClass": name, "Value": str(data[field])})
