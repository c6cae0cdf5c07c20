"""What a bundle holds, per profile: completeness, redaction, informant data, readability, determinism."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graphfraud.case import read_bundle
from tests.case.case_synthetic import EXPORT_TIME, INFORMANT_NAME, INFORMANT_TEL, bundle_texts


def raw_identities(synthetic) -> dict[str, str]:
    """Every personal identifier of the synthetic data that a masked bundle must not show."""
    values: dict[str, str] = {}
    for p in synthetic.persons:
        values.update({f"certno {p['psn_no']}": p["certno"], f"tel {p['psn_no']}": p["tel"],
                       f"name {p['psn_no']}": p["psn_name"], f"psn_no {p['psn_no']}": p["psn_no"],
                       f"addr {p['psn_no']}": p["addr"], f"birth {p['psn_no']}": p["certno"][6:14]})
    values.update({"doctor certno": "330106197503035678", "doctor tel": "13700001234", "doctor code": "D330106000001",
                   "legal rep certno": "330106197001011234", "bank card": "6222021234567890123", "legal rep": "钱多多"})
    return values


@pytest.mark.parametrize("name", ["police", "internal", "public", "en", "zip"])
def test_no_informant_data_in_any_file_of_any_profile(bundles: dict[str, Path], name: str) -> None:
    texts = bundle_texts(read_bundle(bundles[name]))
    assert len(texts) > 20
    for path, text in texts.items():
        assert INFORMANT_NAME not in text and INFORMANT_TEL not in text, path


@pytest.mark.parametrize("name", ["internal", "public", "en"])
def test_masked_profiles_show_no_unmasked_identifier(bundles: dict[str, Path], synthetic_case, name: str) -> None:
    synthetic, _ = synthetic_case
    texts = bundle_texts(read_bundle(bundles[name]))
    for label, value in raw_identities(synthetic).items():
        leaks = [path for path, text in texts.items() if value in text]
        assert not leaks, f"{label} ({value}) appears in {leaks}"


def test_public_profile_also_hides_institutions(bundles: dict[str, Path]) -> None:
    texts = bundle_texts(read_bundle(bundles["public"]))
    assert not [p for p, t in texts.items() if "P33010600001" in t or "杭州康宁大药房" in t]


def test_police_profile_carries_full_identities(bundles: dict[str, Path], synthetic_case) -> None:
    synthetic, _ = synthetic_case
    referral = (bundles["police"] / "data/documents/referral.html").read_text(encoding="utf-8")
    members = (bundles["police"] / "data/tables/members.csv").read_text(encoding="utf-8-sig")
    for person in synthetic.persons:
        assert person["certno"] in referral and person["psn_name"] in referral
        assert person["tel"] in members


def test_pseudonyms_are_consistent_across_every_file(bundles: dict[str, Path]) -> None:
    folder = bundles["internal"]
    members = list(csv.DictReader(io.StringIO((folder / "data/tables/members.csv").read_text(encoding="utf-8-sig"))))
    people = {m["key"] for m in members if m["label"] == "Person"}
    assert all(re.fullmatch(r"P-[0-9A-F]{10}", k) for k in people) and len(people) == 12
    settlements = list(csv.DictReader(io.StringIO((folder / "data/tables/settlements.csv").read_text(encoding="utf-8-sig"))))
    assert {s["psn_no"] for s in settlements} == people
    graph = nx.read_graphml(folder / "data/graph/ring.graphml")
    assert {graph.nodes[n]["key"] for n in graph if graph.nodes[n]["label"] == "Person"} == people
    for path in ("documents/report.html", "view/ring_view.html", "graph/ring.anx", "graph/ring.gexf"):
        text = (folder / "data" / path).read_text(encoding="utf-8")
        assert all(p in text for p in people), path


def test_amounts_keep_pooled_fund_and_personal_account_apart(bundles: dict[str, Path]) -> None:
    """12 persons × 3 settlements of 900 pooled fund and 250 account, one refunded: known totals."""
    report = (bundles["police"] / "data/documents/report.html").read_text(encoding="utf-8")
    assert "统筹基金（含各项基金）支付合计 31,500.00 元" in report
    assert "个人账户支付 8,750.00 元" in report
    assert "数额巨大" in report  # 31,500 against the run's thresholds 3,000 / 30,000 / 500,000
    assert "【待填：案号】" in report and "【待填：签名】" in report


def test_documents_open_with_python_docx(bundles: dict[str, Path]) -> None:
    import docx

    for name in ("referral", "report"):
        document = docx.Document(str(bundles["police"] / f"data/documents/{name}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert ("涉嫌犯罪案件移送书" if name == "referral" else "案件调查报告") in text
        assert "【待填：案号】" in text
        assert max(len(t.rows) for t in document.tables) >= 13  # the subjects: header + 12 persons


def test_graph_files_read_back(bundles: dict[str, Path]) -> None:
    folder = bundles["police"] / "data/graph"
    graphml = nx.read_graphml(folder / "ring.graphml")
    gexf = nx.read_gexf(folder / "ring.gexf")
    assert set(graphml.nodes) == set(gexf.nodes)
    assert graphml.number_of_edges() == gexf.number_of_edges() > 12
    types = {d["type"] for _, _, d in graphml.edges(data=True)}
    assert {"SETTLED_AT", "PRESCRIBED_FOR", "TRACE_REUSE", "SHARES_IDENTIFIER"} <= types
    root = ET.parse(folder / "ring.gexf").getroot()
    graph = root.find("{http://gexf.net/1.3}graph")
    assert root.get("version") == "1.3" and graph.get("mode") == "dynamic"
    assert root.findall(".//{http://gexf.net/1.3}spell")


def test_anx_has_entity_and_link_types_and_grades(bundles: dict[str, Path]) -> None:
    chart = ET.parse(bundles["police"] / "data/graph/ring.anx").getroot()
    assert chart.tag == "Chart"
    assert {e.get("Name") for e in chart.iter("EntityType")} == {"Person", "Institution", "Practitioner"}
    link_types = {e.get("Name") for e in chart.iter("LinkType")}
    entity_ids = {e.get("EntityId") for e in chart.iter("Entity")}
    links = list(chart.iter("Link"))
    assert links and all(l.get("End1Id") in entity_ids and l.get("End2Id") in entity_ids for l in links)
    assert all(l.find("LinkStyle").get("Type") in link_types for l in links)
    assert chart.find("GradeOne/StringCollection/String") is not None
    assert all(item.get("GradeOneIndex") for item in chart.iter("ChartItem"))


def test_evidence_tables_are_excel_ready_and_traceable(bundles: dict[str, Path]) -> None:
    import openpyxl

    folder = bundles["police"] / "data/tables"
    for name in ("settlements", "fee_lines", "trace_chains", "rule_hits", "members", "swipe_bursts"):
        data = (folder / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert all(r["src_file"] and r["src_line"] for r in rows), name
    chains = list(csv.DictReader(io.StringIO((folder / "trace_chains.csv").read_text(encoding="utf-8-sig"))))
    assert {r["channel"] for r in chains} == {"fee_list_d", "inv_sale"}  # bought in the ring, sold again elsewhere
    book = openpyxl.load_workbook(folder / "evidence_tables.xlsx", read_only=True)
    assert {"members", "settlements", "fee_lines", "trace_chains", "inventory_mismatches", "swipe_bursts",
            "rule_hits"} <= set(book.sheetnames)
    first = next(book["settlements"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(first[0], str)  # setl_id stays text


def test_lists_hash_every_data_file_and_record_queries(bundles: dict[str, Path]) -> None:
    import hashlib

    folder = bundles["police"] / "data"
    listed = list(csv.DictReader(io.StringIO((folder / "lists/electronic_data_list.csv").read_text(encoding="utf-8-sig"))))
    in_bundle = [r for r in listed if r["文件"].startswith("data/")]
    assert {r["文件"] for r in in_bundle} >= {"data/graph/ring.anx", "data/tables/settlements.csv", "data/view/ring_view.html"}
    for row in in_bundle:
        assert hashlib.sha256((folder.parent / row["文件"]).read_bytes()).hexdigest() == row["SHA-256"]
    sources = [r for r in listed if not r["文件"].startswith("data/")]
    assert {r["文件"] for r in sources} >= {"setl_d.csv", "fee_list_d.csv"} and all(len(r["SHA-256"]) == 64 for r in sources)
    queries = json.loads((folder / "lists/extraction_queries.json").read_text(encoding="utf-8"))
    names = {q["name"] for q in queries["queries"]}
    assert {"case_settlements", "case_fee_lines", "case_trace_rows"} <= names
    assert all("params" in q and len(q["text_sha256"]) == 64 for q in queries["queries"])
    record = (folder / "lists/extraction_record.html").read_text(encoding="utf-8")
    assert EXPORT_TIME.isoformat() in record and record.count("【待填：签名】") >= 2 and "【待填：地点】" in record


def test_view_is_offline(bundles: dict[str, Path]) -> None:
    html = (bundles["police"] / "data/view/ring_view.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html) and "@import" not in html


def test_same_ring_exported_twice_differs_only_in_the_export_time(synthetic_case, key_dir: Path, tmp_path: Path,
                                                                    bundles: dict[str, Path]) -> None:
    import datetime as dt

    from graphfraud.case import export_case
    from graphfraud.keys import load_signing_key
    from graphfraud.store.embedded import EmbeddedStore

    synthetic, workspace = synthetic_case
    key = load_signing_key(key_dir)
    with EmbeddedStore(workspace, read_only=True) as store:
        export_case(store, synthetic.ring_id, tmp_path / "later", key, "police", export_time=EXPORT_TIME + dt.timedelta(days=1))
        (tmp_path / "again").mkdir()
        export_case(store, synthetic.ring_id, tmp_path / "again/bundle.zip", key, "police", export_time=EXPORT_TIME)
    first, second = read_bundle(bundles["police"]), read_bundle(tmp_path / "later")
    assert first.keys() == second.keys()
    differing = {name for name in first if first[name] != second[name]}
    assert differing == {"data/lists/extraction_record.html", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                         "tagmanifest-sha256.txt.sig"}
    old, new = (f["data/lists/extraction_record.html"].decode().splitlines() for f in (first, second))
    assert [(a, b) for a, b in zip(old, new) if a != b] == [(a, b) for a, b in zip(old, new)
                                                            if EXPORT_TIME.isoformat() in a]
    assert (tmp_path / "again/bundle.zip").read_bytes() == bundles["zip"].read_bytes()
    with zipfile.ZipFile(bundles["zip"]) as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith("bundle/") for n in names)
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_persons_outside_the_ring_are_pseudonymised_in_every_profile(synthetic_case) -> None:
    """A downstream buyer of a reused trace code is context, not a subject: no profile names them."""
    from graphfraud.case.redact import redact
    from graphfraud.privacy import Pseudonymizer

    synthetic, workspace = synthetic_case
    case = collect_case_with_outsider(workspace, synthetic.ring_id)
    for profile in ("police", "internal", "public"):
        view, _ = redact(case, profile, Pseudonymizer(b"k" * 32))
        outside = set(view.trace_rows[view.trace_rows.channel == "inv_sale"].psn_no)
        assert len(outside) == 1 and re.fullmatch(r"P-[0-9A-F]{10}", outside.pop()), profile
    police, _ = redact(case, "police", Pseudonymizer(b"k" * 32))
    assert set(police.settlements.psn_no) == {p["psn_no"] for p in synthetic.persons}  # members keep identities


def collect_case_with_outsider(workspace: Path, ring_id: str):
    """The synthetic case with one trace-chain row bought by a person outside the ring."""
    from dataclasses import replace

    from graphfraud.case.collect import collect_case
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(workspace, read_only=True) as store:
        case = collect_case(store, ring_id)
    rows = case.trace_rows.copy()
    rows.loc[rows.channel == "inv_sale", "psn_no"] = "99999999999999"
    return replace(case, trace_rows=rows)
