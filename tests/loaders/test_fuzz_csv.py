"""Fuzzing the CSV loader (Hypothesis): random quoting, delimiters and line endings, fields holding
newlines, quotes and delimiters, UTF-8 / BOM / GB18030, and then damage: a stray quote, junk
bytes, a line in the other encoding, a cut-off end.

The generator knows where every record starts, so the invariant is checked record by record:
every undamaged record is stored at its own line with exactly its values; every damaged one is
stored or rejected at a line inside its own lines (or counted as a duplicate); nothing is stored
or rejected at a line where no record starts; rows read = loaded + rejected + duplicates; and the
only exceptions are graphfraud's own, one line each.
"""
from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.errors import GraphfraudError
from graphfraud.loaders import csvfile, load_directory
from graphfraud.store.embedded import EmbeddedStore

COLUMNS = ["bkkp_sn", "setl_id", "psn_no", "med_list_codg", "hilist_name", "cnt"]
TEXT = st.text(alphabet="阿莫西林布洛芬头孢 abcXYZ019,;|\"'\t\n=+-@（）", min_size=0, max_size=12)
QUOTING = {"minimal": csv.QUOTE_MINIMAL, "all": csv.QUOTE_ALL, "nonnumeric": csv.QUOTE_NONNUMERIC}
DAMAGE = st.sampled_from(["none"] * 6 + ["stray_quote", "junk", "other_encoding"])


@dataclass
class Record:
    key: str
    values: dict[str, str]
    data: bytes = b""
    start: int = 0
    damaged: bool = False

    @property
    def span(self) -> range:
        return range(self.start, self.start + self.data.count(b"\n") + (not self.data.endswith(b"\n")))


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, list[Record], str]:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    delimiter = draw(st.sampled_from([",", "\t"]))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    quoting = QUOTING[draw(st.sampled_from(sorted(QUOTING)))]
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    other = "utf-8" if codec == "gb18030" else "gb18030"

    def line(fields: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator=ending, quoting=quoting).writerow(fields)
        return out.getvalue()

    header = line(COLUMNS).encode(encoding)
    records = []
    for n in range(draw(st.integers(min_value=1, max_value=10))):
        name = "药" + draw(TEXT).strip() + "品"
        values = {"bkkp_sn": f"F{n}", "setl_id": "S1", "psn_no": "P1", "med_list_codg": "X1", "hilist_name": name,
                  "cnt": str(draw(st.integers(min_value=-5, max_value=50)))}
        record = Record(values["bkkp_sn"], values, line([values[c] for c in COLUMNS]).encode(codec))
        damage = draw(DAMAGE)
        if damage == "stray_quote":
            cut = record.data.find(delimiter.encode()) + 1
            record.data = record.data[:cut] + b'"' + record.data[cut:]
        elif damage == "junk":
            at = draw(st.integers(min_value=0, max_value=len(record.data)))
            record.data = record.data[:at] + draw(st.binary(min_size=1, max_size=6)) + record.data[at:]
        elif damage == "other_encoding":
            record.data = line([values[c] for c in COLUMNS]).encode(other)
        record.damaged = damage != "none" and record.data != line([values[c] for c in COLUMNS]).encode(codec) \
            or codec == "gb18030" and _reads_as_utf8(record.data)

        records.append(record)
    body = b"".join(r.data for r in records)
    cut_at = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(body))))
    if cut_at is not None and cut_at < len(body):
        body = body[:cut_at]
    _place(records, header.count(b"\n") + 1, len(body))
    return header + body, [r for r in records if r.data], encoding


def _reads_as_utf8(data: bytes) -> bool:
    """GB18030 bytes that happen to be UTF-8 text too (three-byte characters): the loader rejects such a
    line as a UTF-8 line in a GB18030 file, which is the safe side of a true ambiguity."""
    try:
        return any(ord(c) >= 0x800 for c in data.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _place(records: list[Record], first: int, length: int) -> None:
    """Start lines, damage spreading to the next record when a record lost its line ending, and the cut."""
    offset, line, previous_open = 0, first, False
    for record in records:
        if offset + len(record.data) > length:
            record.data, record.damaged = record.data[: max(length - offset, 0)], True
        record.start = line
        record.damaged = record.damaged or previous_open
        previous_open = not record.data.endswith(b"\n")
        line += record.data.count(b"\n")
        offset += len(record.data)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    """One workspace for every example (a fresh one costs more than the load itself)."""
    with EmbeddedStore(tmp_path_factory.mktemp("fuzz") / "w.duckdb") as store:
        yield store


def _load(store: EmbeddedStore, data: bytes) -> tuple[object, dict[int, tuple[str, str]], dict[str, tuple[int, dict[str, str]]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "data")
        folder.mkdir()
        (folder / "fee_list_d.csv").write_bytes(data)
        report = load_directory(store, folder, Path(tmp, "loads"))
        rows = store.table("fee_list_d")
        store.con.execute("DELETE FROM fee_list_d").fetchall()  # the next example starts from an empty table
        rejects: dict[int, tuple[str, str]] = {}
        if report.rejects_file:
            with open(report.rejects_file, encoding="utf-8-sig", newline="") as fh:
                rejects = {int(r["line"]): (r["reason"], r["raw"]) for r in csv.DictReader(fh)}
    stored = {r["_key"]: (int(r["_src_line"]), {c: r[c] for c in ("hilist_name", "cnt")}) for r in rows.to_dict("records")}
    return report, rejects, stored


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=files())
def test_every_record_is_loaded_rejected_at_its_line_or_a_duplicate(workspace, generated):
    _check(workspace, generated)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=files(), piece=st.integers(min_value=30, max_value=400))
def test_the_same_holds_when_a_file_is_read_in_pieces(workspace, generated, piece):
    """A large file is read in pieces cut between records; with pieces of a few records each, every
    cut is tried: after a record with a newline in a field, after a stray quote, in a cut-off end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvfile, "PIECE_BYTES", piece)
        _check(workspace, generated)
        data, records, encoding = generated
        if encoding == "gb18030" or any(r.damaged for r in records):
            return
        with tempfile.TemporaryDirectory() as tmp:  # an intact file: the pieces are the whole file's records
            path = Path(tmp, "fee_list_d.csv")
            path.write_bytes(data)
            delimiter = "\t" if data.split(b"\n", 1)[0].count(b"\t") else ","
            whole = csvfile.read_records(path, "utf-8", delimiter, len(COLUMNS))
            pieces = list(csvfile.read_pieces(path, "utf-8", delimiter, len(COLUMNS)))
            assert pa.concat_tables([p.data for p in pieces]).equals(whole.data)
            assert np.concatenate([p.lines for p in pieces]).tolist() == whole.lines.tolist()
            assert [r for p in pieces for r in p.rejects] == whole.rejects


def _check(workspace: EmbeddedStore, generated: tuple[bytes, list[Record], str]) -> None:
    data, records, encoding = generated
    try:
        report, rejects, stored = _load(workspace, data)
    except GraphfraudError as exc:  # allowed, as one line; never anything else
        assert "\n" not in str(exc)
        return
    f = report.files[0]
    assert f.balanced
    starts = {line for r in records for line in r.span}
    assert {line for line, _ in stored.values()} <= starts
    assert set(rejects) <= starts
    intact_in_other_encoding = f.encoding.replace("-sig", "") != encoding.replace("-sig", "")
    for record in records:
        intact = not record.damaged and not (intact_in_other_encoding and not record.data.isascii())
        if intact:
            assert record.key in stored, (record, rejects)
            line, values = stored[record.key]
            assert line == record.start
            assert values["hilist_name"] == unicodedata.normalize("NFKC", record.values["hilist_name"])
            assert float(values["cnt"]) == float(record.values["cnt"])
        else:
            stored_lines = {line for line, _ in stored.values()}
            assert any(line in rejects or line in stored_lines for line in record.span) or f.duplicates, \
                (record, rejects, stored)
