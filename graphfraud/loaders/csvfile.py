"""Split a CSV export into records of strings, each with the physical line it starts on.

Arrow's CSV reader is fast but lenient: a field that opens a quote and never closes it swallows
the lines after it until the next quote, and it numbers rows, not lines. So the lines are counted
apart from the parser, and its records are trusted only where the two agree:

1. count the physical lines (``\\n``) and look for a carriage return that does not end a line;
2. parse with Arrow (again with ``newlines_in_values`` when a quoted newline puts its chunker out
   of step); when it gave one record per line, record *i* starts on line *i* + 2;
3. otherwise each record's span is one line plus the newlines inside its fields; if the spans
   add up to the lines, every record spanning several lines is parsed again strictly (Python's
   ``csv`` with ``strict=True``) and, when it is not one clean record of the header's width,
   line by line: a stray quote costs its own line, never its neighbours;
4. when they do not add up (a stray carriage return, a quote open at the end of the file) or
   Arrow refuses the file (a record longer than its block), the whole file is parsed strictly.

A UTF-8 file larger than :data:`PIECE_BYTES` is read a piece at a time (:func:`read_pieces`), each
piece cut after a newline outside quotes and parsed as above behind a copy of the header, so a
year of fee lines is never held at once.

Records that cannot be parsed are rejected with their first line and raw text: ``bad_quotes``
(an unclosed quote, text after a closing quote), ``bad_columns`` (wrong field count),
``too_long`` (a field over :data:`MAX_FIELD` characters).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graphfraud.loaders.encoding import UTF8, canonical_codec, decode_lines, is_valid_utf8
from graphfraud.loaders.lines import FileLines, LineText, ListLines, cut

MAX_FIELD = csv.field_size_limit()  # 131072 characters: the strict parser's limit, applied to both paths
CHUNK = 1 << 24
PIECE_BYTES = 1 << 28  # a UTF-8 file is read in pieces of about this size (about a million fee lines)
QUOTE, NEWLINE = 34, 10
Reject = tuple[int, str, str, str]  # (first line, reason, what is wrong, raw text)


@dataclass
class Records:
    """Parsed records: columns c0..cN of strings, the line each starts on and how many lines it spans."""

    data: pa.Table
    lines: np.ndarray
    spans: np.ndarray
    text: LineText
    rejects: list[Reject] = field(default_factory=list)


@dataclass
class Shape:
    lines: int  # physical lines, the header included; a last line without newline counts
    stray_cr: bool  # a carriage return not followed by a newline (the parsers disagree on it)


def read_records(path: Path, encoding: str, delimiter: str, width: int) -> Records:
    """Every data record of the file (the header line skipped), in line order."""
    codec = canonical_codec(encoding)
    if codec in UTF8 and is_valid_utf8(path):
        text: LineText = FileLines(path)
        shape = _shape(_file_chunks(path))
        return _parse(lambda: str(path), shape, text, delimiter, width, [])
    decoded = decode_lines(path.read_bytes(), codec)
    buffer = "\n".join(decoded.lines).encode("utf-8")  # undecodable lines left empty: numbering kept
    rejects = [(n, "bad_encoding", problem, decoded.shown[n]) for n, problem in sorted(decoded.bad.items()) if n > 1]
    return _parse(lambda: pa.BufferReader(buffer), _shape([buffer]), ListLines(decoded.lines), delimiter, width, rejects)


def read_pieces(path: Path, encoding: str, delimiter: str, width: int,
                piece_bytes: int | None = None) -> Iterator[Records]:
    """The file's records a piece at a time, line numbers and rejects as :func:`read_records` gives them.

    A piece ends after a newline with an even number of quotes before it: outside every quoted
    field of a well-formed file, so no record is cut. A piece that parses without a reject ended
    where a record ended (a cut inside a record leaves its quote open: a reject), so the next piece
    starts on a record too. From the first piece with a reject on, a stray quote may have misled
    the count, and the rest of the file is read as one piece, as a smaller file is. Files in other
    encodings are decoded, and read, whole.
    """
    codec, piece_bytes = canonical_codec(encoding), piece_bytes or PIECE_BYTES
    size = path.stat().st_size
    if size <= piece_bytes or codec not in UTF8 or not is_valid_utf8(path):
        yield read_records(path, encoding, delimiter, width)
        return
    text = FileLines(path)
    with path.open("rb") as fh:
        header = fh.readline()
        lo, first = len(header), 2
        for hi in [*_cuts(path, lo, piece_bytes, size), size]:
            records, lines = _piece(fh, header, lo, hi, first, text, delimiter, width)
            if records.rejects and hi < size:
                yield _piece(fh, header, lo, size, first, text, delimiter, width)[0]
                return
            yield records
            lo, first = hi, first + lines


def _piece(fh: BinaryIO, header: bytes, lo: int, hi: int, first: int, text: LineText, delimiter: str,
           width: int) -> tuple[Records, int]:
    """The records of bytes ``lo`` .. ``hi`` of the file (their first line is line ``first``), parsed
    behind the header, and how many lines they hold."""
    fh.seek(lo)
    buffer = header + fh.read(hi - lo)
    shape = _shape([buffer])
    offset = first - 2  # the piece's line 2 is the file's line ``first``
    records = _parse(lambda: pa.BufferReader(buffer), shape, _Shifted(text, offset), delimiter, width, [])
    rejects: list[Reject] = [(line + offset, reason, detail, raw) for line, reason, detail, raw in records.rejects]
    return Records(records.data, records.lines + offset, records.spans, text, rejects), shape.lines - 1


def _cuts(path: Path, start: int, piece_bytes: int, size: int) -> list[int]:
    """Byte offsets where pieces after the first begin: each one past the first newline at least a
    piece's length after the previous cut with an even number of quotes before it."""
    cuts: list[int] = []
    target, parity, offset = start + piece_bytes, 0, 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            data = np.frombuffer(chunk, dtype=np.uint8)
            quotes = data == QUOTE
            while target < offset + len(chunk):
                at = max(target - offset, 0)
                inside = (np.cumsum(quotes[at:], dtype=np.int64) + parity + int(np.count_nonzero(quotes[:at]))) & 1
                even = np.flatnonzero((data[at:] == NEWLINE) & (inside == 0))
                if not len(even):
                    break
                cuts.append(offset + at + int(even[0]) + 1)
                target = cuts[-1] + piece_bytes
            if target + piece_bytes < offset + len(chunk):
                break  # no newline outside quotes for a piece's length: the rest is one piece
            parity = (parity + int(np.count_nonzero(quotes))) & 1
            offset += len(chunk)
    return [cut for cut in cuts if cut < size]


class _Shifted:
    """The file's lines as a piece numbers them (its line 2 is the file's line ``offset + 2``)."""

    def __init__(self, text: LineText, offset: int) -> None:
        self.text, self.offset = text, offset

    def range(self, first: int, count: int) -> list[str]:
        return self.text.range(first + self.offset, count)

    def range_text(self, first: int, count: int = 1) -> str:
        return self.text.range_text(first + self.offset, count)


def _parse(source: object, shape: Shape, text: LineText, delimiter: str, width: int,
           rejects: list[Reject]) -> Records:
    data_lines = max(shape.lines - 1, 0)
    try:
        data, bad = _read_arrow(source, delimiter, width)
    except pa.ArrowInvalid:
        return _with(careful(text, 2, shape.lines, delimiter, width), text, rejects)
    records = data.num_rows + len(bad)
    if records == data_lines and not shape.stray_cr:
        spans = np.ones(records, dtype=np.int64)
    else:
        spans = _spans(data, bad, records)
        if int(spans.sum()) != data_lines or shape.stray_cr:
            return _with(careful(text, 2, shape.lines, delimiter, width), text, rejects)
    starts = 2 + np.cumsum(spans) - spans
    return _too_long(_recheck(data, bad, starts, spans, text, shape.lines, delimiter, width, rejects))


def _with(parsed: Records, text: LineText, rejects: list[Reject]) -> Records:
    parsed.text = text
    parsed.rejects = sorted(rejects + parsed.rejects)
    return _too_long(parsed)


def _read_arrow(source: object, delimiter: str, width: int) -> tuple[pa.Table, list[tuple[int, str]]]:
    """Arrow's records and the ones it could not split into fields (with their Arrow row numbers).

    Read first as if no field held a newline (fastest); when a quoted newline puts Arrow's chunker out
    of step, again with ``newlines_in_values``: a million rows with an address broken over two lines
    in every tenth then cost one more Arrow read, not a strict parse of every line in Python.
    """
    try:
        data, bad = _arrow(source, delimiter, width, threads=True)
        newlines = False
    except pa.ArrowInvalid:
        data, bad = _arrow(source, delimiter, width, threads=True, newlines=True)
        newlines = True
    if bad:  # only a single-threaded read numbers the bad records
        data, bad = _arrow(source, delimiter, width, threads=False, newlines=newlines)
    return data, bad


def _arrow(source: object, delimiter: str, width: int, threads: bool,
           newlines: bool = False) -> tuple[pa.Table, list[tuple[int, str]]]:
    names = [f"c{i}" for i in range(width)]
    bad: list[tuple[int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, row.text))
        return "skip"

    data = pacsv.read_csv(
        source() if callable(source) else source,
        read_options=pacsv.ReadOptions(encoding="utf8", column_names=names, skip_rows=1, use_threads=threads),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid, ignore_empty_lines=False,
                                         newlines_in_values=newlines),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return data, bad


def _spans(data: pa.Table, bad: list[tuple[int, str]], records: int) -> np.ndarray:
    """Lines per record: one, plus the newlines inside its fields (only quoted fields hold them)."""
    newlines = np.zeros(data.num_rows, dtype=np.int64)
    for column in data.columns:
        newlines += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
    spans = np.ones(records, dtype=np.int64)
    bad_at = np.array([number - 2 for number, _ in bad], dtype=np.int64)  # Arrow numbers the header 1
    good = np.ones(records, dtype=bool)
    good[bad_at] = False
    spans[good] += newlines
    spans[bad_at] += np.array([text.count("\n") for _, text in bad], dtype=np.int64)
    return spans


def _recheck(data: pa.Table, bad: list[tuple[int, str]], starts: np.ndarray, spans: np.ndarray, text: LineText,
             last: int, delimiter: str, width: int, rejects: list[Reject]) -> Records:
    """Keep Arrow's good one-line records; parse strictly from each bad or multi-line record on, until
    the strict parser stands at the start of a record of Arrow's again (both are in step from there).

    All strict parses share one line cache and one collector (read by Arrow once); the records kept
    from Arrow are merged with them in line order by one ``take``: a file with a quoted newline in every
    tenth row costs one pass over its lines and a few Arrow calls, not a fetch or a slice per record.
    """
    good = np.ones(len(starts), dtype=bool)
    good[[number - 2 for number, _ in bad]] = False
    suspicious = np.flatnonzero(~(good & (spans == 1)))
    if not len(suspicious):
        return Records(data, starts, spans, text, sorted(rejects))
    boundaries = set(starts.tolist()) | {last + 1}
    feed, out = _Feed(text, 2, last), _Collected(width, delimiter)
    replaced = np.zeros(len(starts), dtype=bool)
    cursor = 0  # the first record not yet placed
    for i in suspicious:
        if i < cursor:
            continue  # taken by the strict parse of an earlier record
        resume = _strict(feed, out, int(starts[i]), last, boundaries, int(starts[i] + spans[i]))
        cursor = int(np.searchsorted(starts, resume))
        replaced[i:cursor] = True
    strict = out.records()
    keep = ~replaced
    lines = np.concatenate([starts[keep], strict.lines])
    order = np.argsort(lines, kind="stable")
    merged = pa.concat_tables([data.filter(pa.array(keep[good])), strict.data]).take(pa.array(order))
    return Records(merged, lines[order], np.concatenate([spans[keep], strict.spans])[order], text,
                   sorted(rejects + strict.rejects))


def _too_long(records: Records) -> Records:
    """Reject records with a field longer than MAX_FIELD characters (the fast path has no limit)."""
    data = records.data
    if data.num_rows == 0:
        return records
    over = None
    for column in data.columns:
        if pc.max(pc.binary_length(column)).as_py() > MAX_FIELD:
            long = pc.greater(pc.utf8_length(column), MAX_FIELD)
            over = long if over is None else pc.or_(over, long)
    if over is None or not pc.any(over).as_py():
        return records
    mask = np.asarray(over.to_numpy(zero_copy_only=False), dtype=bool) if isinstance(over, pa.ChunkedArray) \
        else over.to_numpy(zero_copy_only=False)
    rejects = records.rejects + [(int(line), "too_long", f"a field longer than {MAX_FIELD} characters",
                                  records.text.range_text(int(line), int(span)))
                                 for line, span in zip(records.lines[mask], records.spans[mask])]
    return Records(data.filter(pa.array(~mask)), records.lines[~mask], records.spans[~mask], records.text,
                   sorted(rejects))


class _Feed:
    """Physical lines handed to ``csv.reader`` one at a time (so it is known how many a record took),
    fetched from the file in chunks."""

    CHUNK = 65_536

    def __init__(self, text: LineText, first: int, last: int) -> None:
        self.text, self.at, self.last = text, first, last
        self._base, self._lines = first, list[str]()

    def line(self, number: int) -> str:
        if not self._base <= number < self._base + len(self._lines):
            self._base, self._lines = number, self.text.range(number, self.CHUNK)
        return self._lines[number - self._base]

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        at = self.at
        if at > self.last:
            raise StopIteration
        self.at = at + 1
        offset = at - self._base
        if 0 <= offset < len(self._lines):
            return self._lines[offset] + "\n"
        return self.line(at) + "\n"


def careful(text: LineText, first: int, last: int, delimiter: str, width: int) -> Records:
    """Strict parse of lines ``first`` .. ``last`` (see :func:`_strict`)."""
    out = _Collected(width, delimiter)
    _strict(_Feed(text, first, last), out, first, last)
    return out.records()


def _strict(feed: _Feed, out: _Collected, first: int, last: int,
            boundaries: set[int] | None = None, end: int = 0) -> int:
    """Strict parse of lines ``first`` .. ``last`` into ``out``; stops early at a line of ``boundaries``
    from ``end`` on.

    A record that cannot be parsed, or spans lines but is not one clean record of ``out.width`` fields
    (or swallows a line that is a whole record by itself), costs its first line only: that line is
    rejected and parsing starts again on the next. Blank lines are no records. Returns the line it
    stopped at.
    """
    feed.at, feed.last = first, last
    reader = csv.reader(feed, delimiter=out.delimiter, strict=True)
    width = out.width
    while feed.at <= last:
        start = feed.at
        if boundaries is not None and start >= end and start in boundaries:
            break
        if not feed.line(start).strip("\r"):
            feed.at += 1
            continue
        try:
            fields = next(reader)
        except csv.Error as exc:
            if feed.at - start > 1:
                out.alone(start, feed.line(start))
                feed.at = start + 1
            else:
                out.reject(start, exc, feed.line(start))
            continue
        except StopIteration:
            break
        span = feed.at - start
        if span == 1 and len(fields) != width:
            out.wrong_width(start, fields, feed.line(start))
        elif span == 1 or len(fields) == width and not out.swallowed(feed, start + 1, feed.at):
            out.row(start, span, [feed.line(n) for n in range(start, feed.at)])
        else:
            out.alone(start, feed.line(start))
            feed.at = start + 1
    return feed.at


class _Collected:
    """What a strict parse found."""

    def __init__(self, width: int, delimiter: str) -> None:
        self.width, self.delimiter = width, delimiter
        self.text: list[str] = []  # the accepted records as they stand in the file, one line each
        self.lines: list[int] = []
        self.spans: list[int] = []
        self.rejects: list[Reject] = []

    def row(self, line: int, span: int, text: list[str]) -> None:
        self.text.extend(text)
        self.lines.append(line)
        self.spans.append(span)

    def reject(self, line: int, exc: csv.Error, raw: str) -> None:
        reason = "too_long" if "field limit" in str(exc) else "bad_quotes"
        self.rejects.append((line, reason, _explain(str(exc)), cut(raw.rstrip("\r"))))

    def wrong_width(self, line: int, fields: list[str], raw: str) -> None:
        self.rejects.append((line, "bad_columns", f"{len(fields)} fields, not {self.width} like the header",
                             cut(raw.rstrip("\r"))))

    def _alone(self, raw: str) -> list[str]:
        parsed = list(csv.reader([raw + "\n"], delimiter=self.delimiter, strict=True))
        return parsed[0] if parsed else []

    def alone(self, line: int, raw: str) -> None:
        """Reject a line that opened a record the strict parser could not finish, for what it is alone."""
        try:
            fields = self._alone(raw)
        except csv.Error as exc:
            self.reject(line, exc, raw)
            return
        self.wrong_width(line, fields, raw)

    def swallowed(self, feed: _Feed, start: int, end: int) -> bool:
        """Whether a line inside a record spanning lines is a whole record by itself: then a stray
        quote joined them (an address broken over lines does not hold a full row's fields)."""
        for line in range(start, end):
            try:
                if len(self._alone(feed.line(line))) == self.width:
                    return True
            except csv.Error:
                continue
        return False

    def records(self) -> Records:
        """The accepted records as an Arrow table: their text, strictly valid CSV of the right width, read
        by Arrow (no Python list per row: a million of them keep the garbage collector busy)."""
        names = [f"c{i}" for i in range(self.width)]
        if not self.lines:
            return Records(pa.table({n: pa.array([], pa.string()) for n in names}), np.zeros(0, dtype=np.int64),
                           np.zeros(0, dtype=np.int64), ListLines([]), self.rejects)
        clean = ("\n".join(self.text) + "\n").encode("utf-8")
        convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                       quoted_strings_can_be_null=False)
        parse = pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True)
        try:
            data = pacsv.read_csv(io.BytesIO(clean), read_options=pacsv.ReadOptions(column_names=names),
                                  parse_options=parse, convert_options=convert)
        except pa.ArrowInvalid:  # a row longer than Arrow's block: one block for all of them
            data = pacsv.read_csv(io.BytesIO(clean), read_options=pacsv.ReadOptions(
                column_names=names, block_size=len(clean) + 1), parse_options=parse, convert_options=convert)
        assert data.num_rows == len(self.lines), "strictly valid records read back one for one"
        return Records(data, np.array(self.lines, dtype=np.int64), np.array(self.spans, dtype=np.int64),
                       ListLines([]), self.rejects)


PARSER_MESSAGES = {"unexpected end of data": "a quote opened in this line is never closed",
                   "expected after": "text follows a closing quote",
                   "new-line character": "a carriage return inside an unquoted field",
                   "field limit": f"a field longer than {MAX_FIELD} characters"}


def _explain(message: str) -> str:
    """The strict parser's complaint in words an investigator reads in the rejects file."""
    return next((text for key, text in PARSER_MESSAGES.items() if key in message), message)


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _shape(chunks: Iterator[bytes] | list[bytes]) -> Shape:
    """Physical lines and stray carriage returns: one vectorised compare per chunk (memchr for CRs)."""
    newlines, stray, dangling, last = 0, False, False, 10
    for chunk in chunks:
        data = np.frombuffer(chunk, dtype=np.uint8)
        newlines += int(np.count_nonzero(data == 10))
        if dangling and data[0] != 10:  # the previous chunk ended in a CR that no LF follows
            stray = True
        if not stray and b"\r" in chunk:
            at = np.flatnonzero(data == 13)
            inside = at[at < len(data) - 1]
            stray = bool(np.any(data[inside + 1] != 10))
        dangling, last = data[-1] == 13, int(data[-1])
    return Shape(newlines + (last != 10), stray)
