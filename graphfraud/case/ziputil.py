"""Zip files that come out byte-identical every time: fixed entry times and attributes.

Office files (DOCX, XLSX) are zips too, and their writers stamp the current time into every entry
and into docProps/core.xml; ``normalise_ooxml`` replaces both with a time taken from the data.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Iterable

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
COMPRESSED = (".png", ".docx", ".xlsx", ".zip")  # deflating these again costs time and saves nothing
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def deterministic_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of (name, data) in the given order, with fixed times and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever machine wrote it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalise_ooxml(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an Office file with fixed entry times and core-property dates set to ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = []
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(2), body)
            entries.append((info.filename, body))
    return deterministic_zip(entries)
