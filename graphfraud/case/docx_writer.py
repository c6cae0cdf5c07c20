"""The documents as A4 DOCX, made from the same filled HTML, so Word and browser copies say the same.

Page: A4 (21.0 × 29.7 cm) with the margins of Chinese official documents (GB/T 9704: top 3.7,
bottom 3.5, left 2.8, right 2.6 cm), page numbers in the footer as Word fields ("第 PAGE 页 共
NUMPAGES 页"), so they stay right whatever the reader's fonts. Understands the small HTML subset
the documents use: h1–h3, p (classes docno, note, caption, to), table/tr/th/td, img (embedded
from the bundle's pictures), div.pagebreak and span.placeholder (highlighted, so blanks are easy to
find in Word).
"""
from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml.etree import SubElement

from graphfraud.case.ziputil import normalise_ooxml

BODY_FONT = "SimSun"  # 宋体, the body face of official documents; Word substitutes where it is missing
HEADING_FONT = "SimHei"  # 黑体
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"top_margin": Cm(3.7), "bottom_margin": Cm(3.5), "left_margin": Cm(2.8), "right_margin": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
CENTRED = ("docno", "note", "caption")


def _font(style_or_run: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    r_pr = style_or_run.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = SubElement(r_pr, qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) whose value Word computes when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            SubElement(run._r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)
        elif text == code:
            node = SubElement(run._r, qn("w:instrText"))
            node.set(qn("xml:space"), "preserve")
            node.text = f" {code} "
        else:
            SubElement(run._r, qn("w:t")).text = text


def _page(document: Any, lang: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    for name, value in MARGINS.items():
        setattr(section, name, value)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = ("第 ", " 页 共 ", " 页") if lang == "zh" else ("page ", " of ", "")
    footer.add_run(words[0])
    _field(footer, "PAGE")
    footer.add_run(words[1])
    _field(footer, "NUMPAGES")
    footer.add_run(words[2])


class _Builder(HTMLParser):
    def __init__(self, document: Any, pictures: dict[str, bytes]) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.pictures = pictures
        self.paragraph: Any = None
        self.rows: list[list[tuple[str, bool, bool]]] | None = None
        self.cell: list[str] | None = None
        self.cell_kind = (False, False)
        self.placeholder = False
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = found.get("class") or ""
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3"):
            self.paragraph = self.doc.add_paragraph(style=f"Heading {tag[1]}")
            if tag == "h1":
                self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "p":
            self.paragraph = self.doc.add_paragraph()
            if any(c in classes for c in CENTRED):
                self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif not classes and self.rows is None:
                self.paragraph.paragraph_format.first_line_indent = Pt(22)  # two characters, as official text is set
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.cell_kind = [], (tag == "th", "num" in classes)
        elif tag == "span" and "placeholder" in classes:
            self.placeholder = True
        elif tag == "img":
            self._picture(found.get("src") or "", float(found.get("data-width-cm") or TEXT_WIDTH_CM))
        elif tag == "div" and "pagebreak" in classes:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in ("h1", "h2", "h3", "p"):
            self.paragraph = None
        elif tag in ("td", "th") and self.rows is not None and self.cell is not None:
            self.rows[-1].append(("".join(self.cell), *self.cell_kind))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            if self.rows:
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

    def _picture(self, src: str, width_cm: float) -> None:
        data = self.pictures.get(src)
        if data is None:
            return
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(min(width_cm, TEXT_WIDTH_CM)))

    def _table(self, rows: list[list[tuple[str, bool, bool]]]) -> None:
        table = self.doc.add_table(rows=0, cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for row in rows:
            # Runs written straight into each cell's XML: python-docx's cell API rescans the table
            # per call, which made a 200-member ring's report take minutes.
            for tc, (text, header, numeric) in zip(table.add_row()._tr.tc_lst, row):
                paragraph = tc.p_lst[0]
                if numeric:
                    SubElement(paragraph.get_or_add_pPr(), qn("w:jc")).set(qn("w:val"), "right")
                run = SubElement(paragraph, qn("w:r"))
                if header:
                    SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
                node = SubElement(run, qn("w:t"))
                node.text = text
                node.set(qn("xml:space"), "preserve")


def html_to_docx(html: str, title: str, fixed_time: dt.datetime, pictures: dict[str, bytes] | None = None,
                 lang: str | None = None) -> bytes:
    """A4 DOCX bytes of a filled document; ``pictures`` maps each ``<img src>`` to its PNG bytes;
    ``fixed_time`` stands in for every timestamp so that two exports of one ring give the same file."""
    language = lang or ("zh" if 'lang="zh' in html[:200] else "en")
    document = Document()
    _page(document, language)
    _font(document.styles["Normal"], BODY_FONT, 12 if language == "zh" else 11)
    document.styles["Normal"].paragraph_format.space_after = Pt(3)
    for level, size in ((1, 20), (2, 14), (3, 12)):
        style = document.styles[f"Heading {level}"]
        _font(style, HEADING_FONT, size, bold=level != 1)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level > 1 else 0)
    _font(document.styles["Table Grid"], BODY_FONT, 9)
    builder = _Builder(document, pictures or {})
    builder.feed(html)
    builder.close()
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, "graphfraud", "graphfraud"
    props.created = props.modified = fixed_time
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return normalise_ooxml(out.getvalue(), fixed_time)
