"""The documents as DOCX, made from the same filled HTML templates, so Word and browser copies say
the same thing. Understands the small HTML subset the templates use: h1–h3, p, table/tr/th/td and
span.placeholder (highlighted, so blanks are easy to find in Word)."""
from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import SubElement

from graphfraud.case.ziputil import normalise_ooxml

CJK_FONT = "SimSun"


class _Builder(HTMLParser):
    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph: Any = None
        self.rows: list[list[tuple[str, bool]]] | None = None
        self.cell: list[str] | None = None
        self.header_cell = False
        self.placeholder = False
        self.skip = 0
        self.centered = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3"):
            self.paragraph = self.doc.add_heading("", level=int(tag[1]))
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if tag == "h1" else None
        elif tag == "p":
            self.paragraph = self.doc.add_paragraph()
            if "docno" in classes or "note" in classes:
                self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.header_cell = [], tag == "th"
        elif tag == "span" and "placeholder" in classes:
            self.placeholder = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in ("h1", "h2", "h3", "p"):
            self.paragraph = None
        elif tag in ("td", "th") and self.rows is not None and self.cell is not None:
            self.rows[-1].append(("".join(self.cell), self.header_cell))
            self.cell = None
        elif tag == "table" and self.rows:
            self._table(self.rows)
            self.rows = None
        elif tag == "span":
            self.placeholder = False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.paragraph is not None and data:
            run = self.paragraph.add_run(data)
            if self.placeholder:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _table(self, rows: list[list[tuple[str, bool]]]) -> None:
        table = self.doc.add_table(rows=0, cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for row in rows:
            # Runs written straight into each cell's XML: python-docx's cell API rescans the table
            # per call, which made a 200-member ring's report take minutes.
            for tc, (text, header) in zip(table.add_row()._tr.tc_lst, row):
                run = SubElement(tc.p_lst[0], qn("w:r"))
                if header:
                    SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
                node = SubElement(run, qn("w:t"))
                node.text = text
                node.set(qn("xml:space"), "preserve")


def html_to_docx(html: str, title: str, fixed_time: dt.datetime) -> bytes:
    """DOCX bytes of a filled template; ``fixed_time`` stands in for every timestamp so that two
    exports of one ring give the same file."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = CJK_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    normal.font.size = Pt(11)
    document.styles["Table Grid"].font.size = Pt(9)
    builder = _Builder(document)
    builder.feed(html)
    builder.close()
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, "graphfraud", "graphfraud"
    props.created = props.modified = fixed_time
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return normalise_ooxml(out.getvalue(), fixed_time)
