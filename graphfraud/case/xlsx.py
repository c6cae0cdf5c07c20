"""A minimal XLSX writer: one sheet per table, text as inline strings, numbers as numbers.

openpyxl spent most of a 200-member export writing cells one object at a time; this writes each
sheet's XML in one pass. No styles, no timestamps: the same tables give the same bytes.
"""
from __future__ import annotations

import math
import re
from typing import Any, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from graphfraud.case.ziputil import deterministic_zip
from graphfraud.privacy.cells import neutralise

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(_ILLEGAL.sub("", neutralise(str(value))))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(rows: Sequence[Sequence[Any]]) -> bytes:
    letters = [column_letter(i) for i in range(max((len(r) for r in rows), default=0))]
    body = "".join(f'<row r="{n}">' + "".join(_cell(f"{letters[i]}{n}", v) for i, v in enumerate(row)) + "</row>"
                   for n, row in enumerate(rows, start=1))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {_NS}><sheetData>{body}</sheetData></worksheet>'.encode()


def workbook(sheets: Mapping[str, Sequence[Sequence[Any]]]) -> bytes:
    """XLSX bytes of ``{sheet name: rows}`` (first row = header), sheets in the given order."""
    names = list(sheets)
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(names) + 1))
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
         'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         f"{types}</Types>"),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
         f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
         "</Relationships>"),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {_NS} xmlns:r="{_REL}"><sheets>' + "".join(
            f'<sheet name={quoteattr(name[:31])} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, start=1))
         + "</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships">' + "".join(
             f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
             for i in range(1, len(names) + 1)) + "</Relationships>"),
    ]
    entries = [(name, text.encode("utf-8")) for name, text in parts]
    entries += [(f"xl/worksheets/sheet{i}.xml", sheet_xml(sheets[name])) for i, name in enumerate(names, start=1)]
    return deterministic_zip(entries)
