"""CSV records the parser could merge or misnumber: stray quotes, quoted newlines, huge fields, stray CRs.

Each case states which physical line every record starts on: the rejects file and ``_src_line``
(cited as evidence in case bundles) must name that line, and nothing may vanish.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore

HEADER = "bkkp_sn,setl_id,psn_no,med_list_codg,hilist_name,cnt,pric,det_item_fee_sumamt\n"


def _line(n: int, name: str = "阿莫西林", cnt: str = "1") -> str:
    return f"F{n},S1,P1,X1,{name},{cnt},{n}.5,{n}.5\n"


@pytest.fixture()
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "w.duckdb") as s:
        yield s


def _load(store, tmp_path: Path, text: str | bytes, name: str = "fee_list_d.csv"):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    report = load_directory(store, data, tmp_path / "loads")
    rejects = []
    if report.rejects_file:
        with open(report.rejects_file, encoding="utf-8-sig", newline="") as fh:
            rejects = list(csv.DictReader(fh))
    stored = store.table("fee_list_d").set_index("_key")
    return report.files[0], {(int(r["line"]), r["reason"]): r["raw"] for r in rejects}, stored


def test_stray_quotes_cost_their_own_line_only(store, tmp_path):
    text = (HEADER + _line(1) + _line(2, '"unclosed name') + _line(3) + _line(4) + _line(5, '"another') + _line(6)
            + _line(7) + _line(8) + _line(9, cnt="x") + _line(10))
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded, f.rejected_total) == (10, 7, 3) and f.balanced
    assert set(rejects) == {(3, "bad_quotes"), (6, "bad_quotes"), (10, "bad_number")}
    assert rejects[(3, "bad_quotes")] == 'F2,S1,P1,X1,"unclosed name,1,2.5,2.5'
    assert sorted(stored.index) == sorted(f"F{n}" for n in (1, 3, 4, 6, 7, 8, 10))
    assert (stored.loc["F3", "pric"], stored.loc["F3", "hilist_name"], stored.loc["F3", "_src_line"]) == (3.5, "阿莫西林", 4)
    assert stored.loc["F6", "pric"] == 6.5  # no row carries another row's price


def test_quoted_newlines_keep_every_later_line_number(store, tmp_path):
    text = (HEADER + _line(1) + _line(2, '"two\nline name"') + _line(3, '"three\r\nline\nname"') + _line(4)
            + _line(5, cnt="x"))
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded) == (5, 4) and f.balanced
    assert stored["_src_line"].to_dict() == {"F1": 2, "F2": 3, "F3": 5, "F4": 8}
    assert stored.loc["F2", "hilist_name"] == "two\nline name"
    assert set(rejects) == {(9, "bad_number")}
    assert rejects[(9, "bad_number")] == "F5,S1,P1,X1,阿莫西林,x,5.5,5.5"


def test_a_quoted_newline_record_of_the_wrong_width_is_rejected_line_by_line(store, tmp_path):
    text = HEADER + _line(1) + 'F2,S1,P1,X1,"split\nname",1\n' + _line(3)
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded) == (4, 2) and f.balanced
    assert set(rejects) == {(3, "bad_quotes"), (4, "bad_columns")}  # split line by line, each rejected
    assert stored["_src_line"].to_dict() == {"F1": 2, "F3": 5}


def test_a_quote_left_open_at_the_end_of_the_file(store, tmp_path):
    f, rejects, stored = _load(store, tmp_path, HEADER + _line(1) + _line(2) + 'F3,S1,P1,X1,"open,1,3.5,3.5\n')
    assert (f.rows_read, f.loaded, f.balanced) == (3, 2, True)
    assert set(rejects) == {(4, "bad_quotes")}


def test_a_ten_megabyte_field_rejects_its_row_not_the_directory(store, tmp_path):
    text = HEADER + _line(1) + _line(2, "x" * 10_000_000) + _line(3)
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded, f.balanced) == (3, 2, True)
    assert set(rejects) == {(3, "too_long")}
    assert len(rejects[(3, "too_long")]) < 70_000  # the rejects file holds a cut copy
    assert stored["_src_line"].to_dict() == {"F1": 2, "F3": 4}


def test_a_carriage_return_inside_a_line_is_no_line_break(store, tmp_path):
    text = HEADER + _line(1) + "F2,S1,P1,X1,bad\rname,1,2.5,2.5\n" + _line(3)
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded, f.balanced) == (3, 2, True)
    assert set(rejects) == {(3, "bad_quotes")}
    assert stored["_src_line"].to_dict() == {"F1": 2, "F3": 4}


def test_crlf_files_with_blank_lines(store, tmp_path):
    text = (HEADER + _line(1) + "\n" + _line(2) + _line(3, '"a\r\nb"')).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.rows_read, f.loaded, f.balanced) == (3, 3, True)
    assert stored["_src_line"].to_dict() == {"F1": 2, "F2": 4, "F3": 5}


def test_utf8_lines_in_a_gb18030_file_are_rejected_not_stored_as_mojibake(store, tmp_path):
    gb = (HEADER + _line(1) + _line(2, "布洛芬")).encode("gb18030")
    text = gb + _line(3, "阿莫西林").encode("utf-8") + _line(4, "头孢").encode("gb18030")
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.encoding, f.rows_read, f.loaded, f.balanced) == ("gb18030", 4, 3, True)
    assert set(rejects) == {(4, "bad_encoding")}
    assert rejects[(4, "bad_encoding")] == "F3,S1,P1,X1,阿莫西林,1,3.5,3.5"
    assert stored["hilist_name"].to_dict() == {"F1": "阿莫西林", "F2": "布洛芬", "F4": "头孢"}
    assert stored.loc["F4", "_src_line"] == 5


def test_gb18030_lines_in_a_utf8_file_are_rejected(store, tmp_path):
    text = (HEADER + _line(1) + _line(2, "布洛芬") + _line(3)).encode("utf-8") + _line(4, "头孢").encode("gb18030")
    f, rejects, stored = _load(store, tmp_path, text)
    assert (f.encoding, f.rows_read, f.loaded, f.balanced) == ("utf-8", 4, 3, True)
    assert set(rejects) == {(5, "bad_encoding")}
    assert "头孢" in rejects[(5, "bad_encoding")]  # shown as the GB18030 text it is
    assert set(stored["hilist_name"]) == {"阿莫西林", "布洛芬"}


def test_tab_separated_bom_file_with_a_quoted_tab(store, tmp_path):
    text = "\ufeff" + (HEADER + _line(1) + _line(2, '"a\tb"')).replace(",", "\t")
    f, rejects, stored = _load(store, tmp_path, text, "fee_list_d.tsv")
    assert (f.rows_read, f.loaded, f.balanced) == (2, 2, True)
    assert stored.loc["F2", "hilist_name"] == "a\tb"


def test_many_quoted_newlines_are_one_pass_over_the_lines(tmp_path: Path, monkeypatch) -> None:
    """Every tenth record holding a quoted newline: each one is parsed again strictly, but the lines
    are fetched from the file a handful of times, not once per record (the branch's first version
    fetched a 65,536-line window per record: 300,000 such rows took two minutes)."""
    from graphfraud.loaders import csvfile
    from graphfraud.loaders.lines import FileLines

    fetches = []
    original = FileLines.range
    monkeypatch.setattr(FileLines, "range", lambda self, first, count: fetches.append(first) or original(self, first, count))
    rows = ["a,b,c"] + [f'{i},"x{i}\ny",z' if i % 10 == 0 else f"{i},x{i},z" for i in range(5000)]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    records = csvfile.read_records(path, "utf-8", ",", 3)
    assert records.data.num_rows == 5000 and not records.rejects
    assert records.data.column("c1").to_pylist()[:2] == ["x0\ny", "x1"]
    assert records.lines[:3].tolist() == [2, 4, 5]
    assert len(fetches) <= 3, f"{len(fetches)} fetches of lines for 500 multi-line records"


def test_quoted_newlines_across_arrow_blocks_keep_the_fast_path(tmp_path: Path, monkeypatch) -> None:
    """A file of several Arrow blocks (1 MB each) with a quoted newline in every other record and one
    stray quote: Arrow's chunker gets out of step (checked first), so the file is read again with
    newlines allowed in values, not parsed whole in Python, and every record keeps its line."""
    import pyarrow as pa

    from graphfraud.loaders import csvfile

    rows, expected = ["a,b,c"], {}
    line = 2
    for i in range(60_000):
        value = f'"x{i}\ny"' if i % 2 == 0 else (f'"open{i}' if i == 30_001 else f"x{i}")
        rows.append(f"{i},{value},{'z' * 50}")
        if i != 30_001:
            expected[str(i)] = line
        line += 2 if i % 2 == 0 else 1
    path = tmp_path / "f.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(pa.ArrowInvalid, match="out of sync"):
        csvfile._arrow(str(path), ",", 3, threads=True)

    def whole_file(*args, **kwargs):
        raise AssertionError("the whole file was parsed strictly")

    monkeypatch.setattr(csvfile, "careful", whole_file)
    records = csvfile.read_records(path, "utf-8", ",", 3)
    assert dict(zip(records.data.column("c0").to_pylist(), records.lines.tolist())) == expected
    assert [(r[0], r[1]) for r in records.rejects] == [(expected["30000"] + 2, "bad_quotes")]
    assert records.data.column("c1").to_pylist()[:2] == ["x0\ny", "x1"]
