"""The offline single-file HTML view: pictures inline, every evidence table, a filter box.

Nothing is fetched: no external script, style, font or image, and a Content-Security-Policy that
forbids the browser to try (the 医保专网 is kept off the Internet).
"""
from __future__ import annotations

from html import escape

import pandas as pd

from graphfraud.case import labels as L
from graphfraud.case.facts import CaseFacts
from graphfraud.case.files import BundleFiles
from graphfraud.case.htmlkit import render, table

MAX_VIEW_ROWS = 2000  # a browser stays responsive; the CSV and XLSX hold every row


def inline_svg(svg: bytes) -> str:
    text = svg.decode("utf-8")
    return text[text.index("<svg"):]


def _section(name: str, frame: pd.DataFrame, lang: str) -> str:
    shown = frame.head(MAX_VIEW_ROWS)
    numeric = [i for i, c in enumerate(shown.columns) if pd.api.types.is_float_dtype(shown[c])]
    more = (f"<p>前 {MAX_VIEW_ROWS} 行，全部见 tables/{name}.csv</p>" if lang == "zh"
            else f"<p>first {MAX_VIEW_ROWS} rows; all in tables/{name}.csv</p>") if len(frame) > MAX_VIEW_ROWS else ""
    rows = [list(r) for r in shown.itertuples(index=False)]
    title = escape(f"{L.TABLE_TITLE[lang][name]} ({len(frame)})")
    return f"<details{' open' if name == 'members' else ''}><summary>{title}</summary>{more}" \
           f"{table(list(shown.columns), rows, numeric=numeric)}</details>"


def view_html(facts: CaseFacts, tables: dict[str, pd.DataFrame], files: BundleFiles, lang: str, profile: str) -> str:
    zh = lang == "zh"
    facts_rows = [[i["indicator"], i["explanation"], i["evidence_rows"], i["settlements"], i["first"], i["last"],
                   i["fund_pay_sumamt"], i["acct_pay"]] for i in facts.indicators]
    head = (["指标", "说明", "证据条数", "结算笔数", "起", "止", "统筹基金(元)", "个人账户(元)"] if zh else
            ["indicator", "explanation", "evidence rows", "settlements", "from", "to", "pooled fund", "personal account"])
    return render("view.html", {
        "lang": "zh-CN" if zh else "en", "title": escape(("团伙线索 " if zh else "Ring ") + facts.ring_id),
        "profile": escape(L.PROFILE[lang][profile]), "ring_id": escape(facts.ring_id),
        "typology": escape(L.typology(lang, facts.typology)),
        "period": escape(f"{facts.period_start} — {facts.period_end}"),
        "filter_label": "筛选：" if zh else "Filter:", "picture_title": "关系图" if zh else "Ring picture",
        "timeline_title": "时间线" if zh else "Timeline", "facts_title": "指标与事实" if zh else "Indicators and facts",
        "ring_svg": inline_svg((files.root / "pictures/ring.svg").read_bytes()),
        "timeline_svg": inline_svg((files.root / "pictures/timeline.svg").read_bytes()),
        "facts_table": table(head, facts_rows, numeric=(2, 3, 6, 7)),
        "sections": "\n".join(_section(name, frame, lang) for name, frame in tables.items()),
        "footer": escape("离线文件，不访问网络。每行注明来源文件与行号。" if zh
                         else "Offline file; no network access. Every row names its source file and line."),
    })


def write_view(files: BundleFiles, facts: CaseFacts, tables: dict[str, pd.DataFrame], lang: str, profile: str) -> None:
    html = view_html(facts, tables, files, lang, profile)
    files.add("view/ring_view.html", html.encode("utf-8"), "view", "离线查看页" if lang == "zh" else "offline view")
