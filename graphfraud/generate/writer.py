"""Write the files byte for byte the same on every run: CSV (any encoding), XLSX, Parquet.

XLSX is written here rather than with openpyxl: openpyxl needed about 50 s for 100,000 persons on
a busy two-core box and stamps the save time into docProps/core.xml and every zip entry. This
writes one sheet of inline strings (and date cells) in a second or two, with fixed document
dates and zip timestamps.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphfraud.generate.formats import arrow, digits
from graphfraud.generate.messy import OutFile



def write(folder: Path, out: OutFile) -> Path:
    path = folder / out.name
    frame = out.frame.drop(columns="_defect")
    if out.fmt == "xlsx":
        _write_xlsx(path, frame, out.table, out.date_columns)
    elif out.fmt == "parquet":
        table = pa.table({c: arrow(frame[c]) for c in frame.columns})
        pq.write_table(table, path, compression="zstd", compression_level=1)
    else:
        _write_csv(path, frame, out)
    return path


def _write_csv(path: Path, frame: pd.DataFrame, out: OutFile) -> None:
    """Header, then rows in chunks with the raw bad lines between them where they belong.

    Arrow writes the rows (ten times faster than pandas) and never quotes: it refuses any value
    holding the separator, a quote or a line break, so a malformed data row cannot slip out.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    options = pacsv.WriteOptions(include_header=False, delimiter=out.sep, quoting_style="none")
    body = io.BytesIO()
    body.write((out.sep.join(frame.columns) + "\n").encode("utf-8"))
    start = 0
    for position, _, text in [*out.raw, (len(frame), "", None)]:
        pacsv.write_csv(table.slice(start, position - start), body, options)
        if text is not None:
            body.write((text + "\n").encode("utf-8"))
        start = position
    data = body.getvalue()
    path.write_bytes(data if out.encoding in ("utf-8", None) else data.decode("utf-8").encode(out.encoding))


FIXED_TIME = "2026-06-30T00:00:00Z"
ZIP_TIME = (2026, 6, 30, 0, 0, 0)
EXCEL_DAY_ZERO = 25569  # 1970-01-01 as an Excel serial date (days since 1899-12-30)
_NS = "http://schemas.openxmlformats.org"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PACKAGE = "application/vnd.openxmlformats-package"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{_NS}/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{_PACKAGE}.relationships+xml"/>'
    f'<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.styles+xml"/>'
    f'<Override PartName="/docProps/core.xml" ContentType="{_PACKAGE}.core-properties+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/officeDocument" '
    f'Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS}/package/2006/relationships/metadata/core-properties" '
    f'Target="docProps/core.xml"/></Relationships>',
    "docProps/core.xml": f'<cp:coreProperties xmlns:cp="{_NS}/package/2006/metadata/core-properties" '
    f'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified></cp:coreProperties>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/worksheet" '
    f'Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    f'</Relationships>',
    "xl/styles.xml": f'<styleSheet xmlns="{_NS}/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
}


def _cells(column: str, rows: pa.Array, text: pa.Array, as_date: bool) -> pa.Array:
    """``<c>`` elements of one column; empty values are left out (an empty cell)."""
    empty = pc.equal(text, "")
    if as_date:
        day = pc.strptime(pc.if_else(empty, pa.scalar(None, pa.string()), text), format="%Y-%m-%d", unit="s")
        serial = pc.add(pc.cast(pc.cast(day, pa.date32()), pa.int32()), EXCEL_DAY_ZERO)
        cells = pc.binary_join_element_wise(f'<c r="{column}', rows, '" s="1"><v>', pc.cast(serial, pa.string()),
                                            "</v></c>", "")
    else:
        for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, raw, entity)
        cells = pc.binary_join_element_wise(f'<c r="{column}', rows, '" t="inlineStr"><is><t>', text,
                                            "</t></is></c>", "")
    return pc.if_else(empty, "", cells)


def _write_xlsx(path: Path, frame: pd.DataFrame, sheet: str, date_columns: tuple[str, ...] = ()) -> None:
    """One sheet named ``sheet``: a header row, then every value as text (or a date cell)."""
    if frame.shape[1] > 26:
        raise ValueError("this writer handles up to 26 columns")
    rows = digits(np.arange(len(frame) + 1) + 1)
    columns = []
    for j, name in enumerate(frame.columns):
        letter = chr(ord("A") + j)
        columns.append(pa.concat_arrays([_cells(letter, rows[:1], pa.array([str(name)]), False),
                                         _cells(letter, rows[1:], arrow(frame[name]), name in date_columns)]))
    body = pc.binary_join_element_wise('<row r="', rows, '">', *columns, "</row>", "").cast(pa.large_string())
    one_list = pa.LargeListArray.from_arrays(pa.array([0, len(body)], pa.int64()), body)
    sheet_data = pc.binary_join(one_list, pa.scalar("", pa.large_string()))
    sheet_xml = (f'{_HEAD}<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><sheetData>'.encode()
                 + sheet_data.buffers()[2].to_pybytes() + b"</sheetData></worksheet>")
    workbook = (f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" xmlns:r="{_NS}/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts = {name: (_HEAD + xml).encode() for name, xml in _PARTS.items()} | {
        "xl/workbook.xml": (_HEAD + workbook).encode(), "xl/worksheets/sheet1.xml": sheet_xml}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
