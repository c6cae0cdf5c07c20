"""Which text encoding a CSV export is in, line by line when the file mixes two.

医保 exports come in UTF-8 (with or without BOM) or GB18030/GBK. A file that is valid UTF-8 as a
whole is UTF-8; otherwise every line is classified, the file takes the encoding most of its
non-ASCII lines are in, and the lines in the other one are rejected (``bad_encoding``) rather
than stored as mojibake: GB18030 decodes almost any byte sequence, so a UTF-8 line inside a
GB18030 file would otherwise turn silently into wrong characters.
"""
from __future__ import annotations

import codecs
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from graphfraud.errors import InputError

UTF8 = ("utf-8", "utf-8-sig")
GB_FAMILY = ("gb18030", "gbk", "gb2312", "cp936")
LINE_BREAK = b"\n"


def canonical_codec(name: str) -> str:
    """The Python codec name for ``name``; InputError (one line) for a name Python does not know.

    >>> canonical_codec("UTF8"), canonical_codec("GBK")
    ('utf-8', 'gbk')
    """
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r}",
                         "give auto, utf-8, utf-8-sig, gb18030 or gbk (--encoding or GRAPHFRAUD_CSV_ENCODING)") from None


def check_codec(name: str) -> str:
    """The codec ``name`` names, if CSV files can be read in it: one that keeps ASCII as ASCII, so
    that newlines, commas and quotes are the bytes they look like (UTF-16 is not).

    >>> check_codec("gb18030")
    'gb18030'
    """
    codec = canonical_codec(name)
    if codec not in UTF8 and "a,\"\n".encode(codec) != b"a,\"\n":
        raise InputError(f"CSV files in {codec} cannot be read", "save them as UTF-8 or GB18030")
    return codec


def detect_encoding(path: Path, configured: str = "auto") -> str:
    """The encoding of a CSV file: the configured one, else UTF-8 (BOM or not) or GB18030 by majority."""
    if configured != "auto":
        return check_codec(configured)
    stat = path.stat()
    return _detected(path.resolve(), stat.st_size, stat.st_mtime_ns)


def is_valid_utf8(path: Path) -> bool:
    """The whole file decodes as strict UTF-8 (cached like the detection: both ask, each costs a scan)."""
    stat = path.stat()
    return _valid_utf8(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _valid_utf8(path: Path, size: int, mtime_ns: int) -> bool:
    with path.open("rb") as fh:
        return _is_utf8(fh)


@functools.lru_cache(maxsize=256)
def _detected(path: Path, size: int, mtime_ns: int) -> str:
    with path.open("rb") as fh:
        if fh.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    if _valid_utf8(path, size, mtime_ns):
        return "utf-8"
    utf8_lines, other_lines = _vote(path.read_bytes())
    return "utf-8" if utf8_lines > other_lines else "gb18030"


def _vote(data: bytes) -> tuple[int, int]:
    """Non-ASCII lines that read as UTF-8 text, and those that do not."""
    utf8 = other = 0
    for line in data.split(LINE_BREAK):
        if not line.isascii():
            if utf8_text(line):
                utf8 += 1
            else:
                other += 1
    return utf8, other


def utf8_text(raw: bytes) -> bool:
    """A line that is UTF-8 text: valid UTF-8 holding a character of three bytes or more (every
    Chinese character is). GB18030 bytes are valid UTF-8 now and then by chance (药品 reads as ҩƷ),
    but as two-byte letters only.

    >>> utf8_text("阿莫西林".encode("utf-8")), utf8_text("药品".encode("gb18030")), utf8_text(bytes([255]))
    (True, False, False)
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(c) >= 0x800 for c in text)


def _is_utf8(fh: BinaryIO, size: int = 1 << 24) -> bool:
    """Strict UTF-8, as Python's decoder judges it, checked by Arrow's vectorised validator.

    Chunks end after a newline, which is never inside a UTF-8 character; a chunk without one
    (a 16 MB line) leaves the rest of the file to Python's incremental decoder.
    """
    while chunk := fh.read(size):
        end = chunk.rfind(b"\n") + 1 if len(chunk) == size else len(chunk)
        if end == 0:
            return _decodes(chunk, fh)
        part = memoryview(chunk)[:end]
        offsets = pa.py_buffer(np.array([0, end], dtype=np.int64))
        try:
            pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(part)]).cast(pa.large_string())
        except pa.ArrowInvalid:
            return False
        fh.seek(end - len(chunk), io.SEEK_CUR)
    return True


def _decodes(first: bytes, fh: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(first)
        while chunk := fh.read(1 << 22):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class DecodedLines:
    """The physical lines of a file as text; ``bad`` holds (line number, what is wrong) per line that
    is not in the file's encoding, and those lines are left empty in ``lines``."""

    lines: list[str]
    bad: dict[int, str] = field(default_factory=dict)
    shown: dict[int, str] = field(default_factory=dict)  # a bad line's text, decoded as well as it can be


def decode_lines(data: bytes, encoding: str) -> DecodedLines:
    """Split on ``\\n`` (a ``\\r`` before it stays, as the CSV parser expects) and decode line by line."""
    codec = canonical_codec(encoding)
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif codec == "utf-8-sig":
        codec, data = "utf-8", data[3:] if data.startswith(codecs.BOM_UTF8) else data
    gb = codec in GB_FAMILY
    out = DecodedLines([])
    for number, raw in enumerate(data.split(LINE_BREAK), start=1):
        if raw.isascii():
            out.lines.append(raw.decode("ascii"))
            continue
        problem = None
        if gb and utf8_text(raw):
            problem = f"UTF-8 text in a {codec.upper()} file"
        else:
            try:
                out.lines.append(raw.decode(codec))
                continue
            except UnicodeDecodeError as exc:
                problem = f"not {codec.upper()} text (byte {exc.start + 1})"
        out.lines.append("")
        out.bad[number] = problem
        out.shown[number] = _readable(raw, "utf-8" if gb else "gb18030")
    return out


def _readable(raw: bytes, likely: str) -> str:
    """A rejected line as a person can read it: in the encoding it is probably in, else escaped."""
    try:
        return raw.decode(likely)
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")
