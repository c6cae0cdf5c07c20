"""A bundle reads as a police officer expects (issue 11): Chinese documents with no code names, the
offence and its legal basis, amounts as the rules compute them, A4 pages with page numbers, the
picture in the report, one connected ring, context persons apart, an offline view that works."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from graphfraud.case import labels as L
from graphfraud.case.method import CRITERION, MEANING
from graphfraud.case.narrative import SHORT, TITLES, WRITERS
from graphfraud.detectors import DETECTORS
from graphfraud.rings.model import ROLES, TYPOLOGIES
from graphfraud.store.base import REL_TYPES
from graphfraud.store.collections import REGISTRY
from graphfraud.case.graph_files import LINK_TYPES
from tests.case.case_synthetic import BUYERS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FILE_NAME = re.compile(r"[\w./-]+\.(?:csv|xlsx|html|docx|png|svg|graphml|gexf|anx|json|txt|pem|sig)\b")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def code_identifiers() -> set[str]:
    """Names from the code a reader must never see in a Chinese file: indicators, columns of every
    result collection and evidence table, roles, typologies, relationship types, missing-value marks."""
    names = set(TITLES) | set(DETECTORS) | set(ROLES) | set(TYPOLOGIES) | set(REL_TYPES) | set(LINK_TYPES) | set(L.COLUMNS)
    for spec in REGISTRY.values():
        names |= set(spec.columns)
    names |= {"NaT", "NaN", "nan", "None", "null", "outside", "context", "core", "customer", "patient", "co_visitor"}
    # English words that are also column names but say nothing on their own are still code here
    return {n for n in names if len(n) > 2}


class _Text(HTMLParser):
    """The text a reader sees: no tags, styles or scripts (the view's data block is for its script)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "defs"):
            self.skip += 1
        for name, value in attrs:
            if name in ("title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "defs"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    # the ring picture in the view is SVG: its labels and tooltips are visible too
    labels = re.findall(r"<text[^>]*>([^<]*)</text>|<title>([^<]*)</title>", html[html.find("<svg id=\"ring\""):])
    return "\n".join(parser.parts + [a or b for a, b in labels])


def zh_texts(bundle: Path) -> dict[str, str]:
    """Every file of a Chinese bundle a person reads, as the words shown."""
    data = bundle / "data"
    out = {p.relative_to(data).as_posix(): visible(p.read_text(encoding="utf-8"))
           for p in data.rglob("*.html")}
    for p in list((data / "lists").glob("*.csv")) + list((data / "tables").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
        header = rows[0] if rows else []
        worded = [i for i, h in enumerate(header) if h in {L.COLUMNS[c][0] for c in
                                                           ("role", "label", "indicator", "channel", "table", "part", "basis",
                                                            "in_ring", "node_id", "entities")}
                  or p.parent.name == "lists"]
        out[p.relative_to(data).as_posix()] = "\n".join([" ".join(header)] + [" ".join(r[i] for i in worded if i < len(r))
                                                                               for r in rows[1:]])
    for name in ("documents/referral.docx", "documents/report.docx"):
        import docx

        document = docx.Document(str(data / name))
        out[name] = "\n".join([p.text for p in document.paragraphs] +
                              [c.text for t in document.tables for row in t.rows for c in row.cells])
    with zipfile.ZipFile(data / "tables/evidence_tables.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        out["tables/evidence_tables.xlsx (sheets)"] = " ".join(re.findall(r'name="([^"]+)"', workbook))
    return out


def test_every_check_has_words_for_its_readers() -> None:
    """A detector added without its title, sentence and method text would reach the police as a code name
    or as "其他分析发现" with a count and nothing else."""
    for name in DETECTORS:
        assert set(TITLES[name]) == set(SHORT[name]) == {"zh", "en"}, name
        assert name in WRITERS and name in MEANING and name in CRITERION, name


def test_no_code_name_field_name_or_nat_in_any_chinese_file(bundles: dict[str, Path]) -> None:
    forbidden = code_identifiers()
    for name in ("police", "internal", "public"):
        for path, text in zh_texts(bundles[name]).items():
            words = set(WORD.findall(FILE_NAME.sub(" ", text)))
            found = sorted(words & forbidden)
            assert not found, f"{name} {path} shows code names {found}"


def test_the_forms_titles_offence_and_legal_basis(bundles: dict[str, Path]) -> None:
    data = bundles["police"] / "data/documents"
    report = visible((data / "report.html").read_text(encoding="utf-8"))
    referral = visible((data / "referral.html").read_text(encoding="utf-8"))
    assert "涉嫌犯罪案件调查报告" in report and "涉嫌犯罪案件移送书" in referral
    for text in (report, referral):
        assert "诈骗罪" in text and "第二百六十六条" in text
    for cited in ("法释〔2011〕7号", "法发〔2024〕6号", "《医疗保障基金使用监督管理条例》", "国务院令第310号", "法发〔2016〕22号"):
        assert cited in report, cited
    assert "分析方法说明" in report and "随机种子" in report  # the appendix for a prosecutor


def test_facts_are_sentences_with_their_numbers(bundles: dict[str, Path]) -> None:
    report = visible((bundles["police"] / "data/documents/report.html").read_text(encoding="utf-8"))
    facts = report[report.index("三、调查认定的事实"):report.index("四、涉案金额")]
    # 12 card-holders, 36 settlements on 他克莫司胶囊, every box sold again at 哈尔滨回春药店
    assert "12名参保人" in facts or "36个药品追溯码" in facts
    assert "他克莫司胶囊" in facts and "哈尔滨回春药店" in facts and "杭州康宁大药房" in facts
    assert re.search(r"2025年3月\d+日至5月\d+日", facts)
    assert "无该追溯码的进货记录" in facts


def test_amount_basis_pooled_fund_and_personal_account_per_suspect_and_ring(bundles: dict[str, Path]) -> None:
    report = visible((bundles["police"] / "data/documents/report.html").read_text(encoding="utf-8"))
    section = report[report.index("四、涉案金额"):report.index("五、涉嫌罪名")]
    assert "统筹基金支付合计31,500.00元" in section  # 35 settlements of 900, one refunded
    assert "个人账户资金是否计入" in section and "由办案机关" in section
    assert "计入个人账户时" in section  # per suspect, the class with the account shown apart
    assert section.count("数额较大") >= 12 or "未达" in section  # every suspect classed


def test_docx_is_a4_with_page_numbers_and_the_picture(bundles: dict[str, Path]) -> None:
    import docx

    for name in ("referral", "report"):
        path = bundles["police"] / f"data/documents/{name}.docx"
        document = docx.Document(str(path))
        section = document.sections[0]
        assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer
        if name == "report":
            assert len(document.inline_shapes) >= 2  # the ring picture and the timeline
            with zipfile.ZipFile(path) as archive:
                assert any(n.startswith("word/media/") for n in archive.namelist())


def test_only_core_members_are_suspects_and_context_shows_under_pseudonyms(bundles: dict[str, Path]) -> None:
    for name in ("police", "internal"):
        data = bundles[name] / "data"
        texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in data.rglob("*")
                 if p.suffix in (".html", ".csv", ".graphml", ".gexf", ".anx", ".json")}
        for buyer in BUYERS:
            leaks = [str(p) for p, t in texts.items() if buyer["psn_name"] in t or buyer["psn_no"] in t
                     or buyer["certno"] in t]
            assert not leaks, f"context person {buyer['psn_no']} named in {leaks}"
        report = visible((data / "documents/report.html").read_text(encoding="utf-8"))
        assert "另有2名人员与本团伙存在关联" in report
        context = list(csv.DictReader(io.StringIO((data / "tables/context.csv").read_text(encoding="utf-8-sig"))))
        assert len(context) == 2 and all(re.fullmatch(r"P-[0-9A-F]{10}", r["编号"]) for r in context)
        suspects = report[report.index("（一）涉案人员"):report.index("（二）涉案定点医药机构")]
        assert all(r["编号"] not in suspects for r in context)


def test_the_ring_is_one_connected_picture_with_flows(bundles: dict[str, Path]) -> None:
    graph = nx.read_graphml(bundles["police"] / "data/graph/ring.graphml")
    core = [n for n in graph if graph.nodes[n]["part"] == "core"]
    component = nx.node_connected_component(graph.to_undirected(), core[0])
    assert set(core) <= component
    kinds = {(graph.nodes[a]["label"], graph.nodes[b]["label"], d["type"]) for a, b, d in graph.edges(data=True)}
    assert ("Person", "Institution", "SETTLED_AT") in kinds and ("Person", "Institution", "BOX_RESOLD") in kinds
    assert ("Institution", "Person", "SOLD_TO") in kinds  # the resold box reached a patient (context)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_view_runs_offline_click_and_path(bundles: dict[str, Path], tmp_path: Path) -> None:
    page = bundles["police"] / "data/view/ring_view.html"
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", html)
    assert "default-src 'none'" in html  # and the browser is told not to fetch anything
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
                          page.as_uri() + "#select=1&path=1,5"], check=True, capture_output=True, text=True,
                         timeout=120).stdout
    assert 'data-ready="1"' in dom  # the script ran to its end
    assert dom.count('type="checkbox"') >= 2  # one filter per check of the ring
    assert "onpath" in dom and "→" in dom  # the path between two members is highlighted and spelled out
    clicked = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              f"--user-data-dir={tmp_path / 'profile2'}", "--virtual-time-budget=5000", "--dump-dom",
                              page.as_uri() + "#select=1"], check=True, capture_output=True, text=True,
                             timeout=120).stdout
    panel = clicked[clicked.index('id="panel"'):]
    assert "结算记录（" in panel and "证据记录（" in panel and "setl_d.csv:" in panel


def test_a_batch_admission_reads_as_its_day_its_usual_day_and_who_came_back() -> None:
    """A surge cohort's statement names the day, the hospital's usual day and the readmissions, in words."""
    from types import SimpleNamespace

    import pandas as pd

    from graphfraud.case.narrative import _co_admission, _Rows

    settled = pd.DataFrame({"setl_id": ["a", "b", "c"], "psn_no": ["p1", "p2", "p1"],
                            "setl_time": pd.to_datetime(["2025-10-02", "2025-10-03", "2025-10-20"])})
    cohort = {"fixmedins_code": "H1", "begntime": "2025-09-26 09:00:00", "admitted_that_day": 12, "usual_day": 2.0}
    details = [cohort | {"psn_no": "p1"}, cohort | {"psn_no": "p2"},
               {"psn_no": "p1", "fixmedins_code": "H1", "begntime": "2025-10-12 09:00:00", "admitted_that_day": None,
                "usual_day": None, "readmitted_after": "2025-09-26"}]
    rows = _Rows(pd.DataFrame(), details, settled, settled, pd.DataFrame())
    names = SimpleNamespace(place=lambda code: "瓯海区人民医院")
    zh, en = _co_admission(rows, names, "zh"), _co_admission(rows, names, "en")  # type: ignore[arg-type]
    assert "2名参保人被集中收治入瓯海区人民医院：2025年9月26日一天收治同一类诊断的病人12人（该院平日约2人）" in zh
    assert "其中1人出院后不久又以同一类诊断再次入院，共1次" in zh
    assert "12 patients of one diagnosis on 26 September 2025, where about 2 a day is usual; 1 of them came back" in en
    assert "1 readmission in all" in en and "None" not in en + zh


def test_a_year_end_batch_reads_as_its_counter_its_day_and_its_cards() -> None:
    """A drained batch names the counter, the day and how many cards were swiped there one after
    another; a drain at a time of one's own is counted with the others but not in the batch."""
    from types import SimpleNamespace

    import pandas as pd

    from graphfraud.case.narrative import _Rows, _yearend

    batch = {"fixmedins_code": "P1", "t": "2025-12-20 09:00:00", "batch": 3}
    details = [batch | {"psn_no": "p1"}, batch | {"psn_no": "p2"},
               {"psn_no": "p3", "fixmedins_code": "P1", "t": "2025-12-05 10:00:00"}]
    settled = pd.DataFrame({"psn_no": ["p1", "p2", "p3"], "fund_pay_sumamt": [0.0] * 3, "acct_pay": [800.0] * 3})
    rows = _Rows(pd.DataFrame(), details, settled, settled, pd.DataFrame())
    names = SimpleNamespace(place=lambda code: "康宁大药房")
    zh, en = _yearend(rows, names, "zh"), _yearend(rows, names, "en")  # type: ignore[arg-type]
    assert "3名参保人12月份个人账户支出" in zh and "2,400.00元" in zh
    assert "其中2人的卡在同一机构被接连刷卡（如2025年12月20日在康宁大药房，一批3人）" in zh
    assert "The cards of 2 of them were swiped one after another at one counter" in en
    assert "康宁大药房 on 20 December 2025: 3 cards" in en


def test_stays_on_lent_credentials_read_as_stays_on_id_numbers_and_what_contradicts_them() -> None:
    """Stays on ID numbers alone name the hospital, the holders and how many the holder's own record
    contradicts; the holder's purchases elsewhere (the proof) are not stays."""
    from types import SimpleNamespace

    import pandas as pd

    from graphfraud.case.narrative import _impersonation, _Rows

    stay = {"fixmedins_code": "H1", "begntime": "2025-11-19 10:00:00", "endtime": "2025-11-25 09:00:00"}
    details = [stay | {"psn_no": "a", "reason": "holder elsewhere"},
               stay | {"psn_no": "a", "reason": "another stay there on the ID number"},
               stay | {"psn_no": "b", "reason": "diagnosis impossible for the holder"},
               {"psn_no": "a", "fixmedins_code": "P9", "t": "2025-11-20 15:00:00", "stay_at": "H1", "loss": False}]
    settled = pd.DataFrame({"psn_no": ["a", "a", "b"], "setl_id": ["s1", "s2", "s3"], "fund_pay_sumamt": [900.0] * 3,
                            "acct_pay": [0.0] * 3, "setl_time": ["2025-11-25"] * 3})
    rows = _Rows(pd.DataFrame({"x": range(4)}), details, settled, settled, pd.DataFrame())
    names = SimpleNamespace(place=lambda code: "台州第一人民医院", person=lambda key: "谢根秋")
    zh, en = _impersonation(rows, names, "zh"), _impersonation(rows, names, "en")  # type: ignore[arg-type]
    assert "2名参保人的身份证号被用于在台州第一人民医院住院3次" in zh and "其中2次住院期间本人在外地" in zh
    assert "3 inpatient stays at 台州第一人民医院 were settled on the ID numbers alone" in en
    assert "during 2 of them the holder was settling elsewhere" in en and "admitted 19 November 2025" in en
