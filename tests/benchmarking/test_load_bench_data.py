"""The load benchmark measures what it claims: repeated copies keep keys unique and links intact."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.load_data import copy_of  # importable: the tests package puts the repository on sys.path
from benchmarks.naive_load import naive_load

SETL = pa.table({"setl_id": ["S1", "S2", ""], "mdtrt_id": ["M1", "M2", "M3"], "psn_no": ["P1", "P1", "P2"]})
FEE = pa.table({"bkkp_sn": ["F1", "F2", "F3"], "setl_id": ["S1", "S1", "S2"], "psn_no": ["P1", "P1", "P1"],
                "med_list_codg": ["X1", "X2", "X1"]})


def test_copies_suffix_ids_but_not_people_or_empty_ids():
    assert copy_of(SETL, 0) is SETL
    second = copy_of(SETL, 2)
    assert second.column("setl_id").to_pylist() == ["S1-2", "S2-2", ""]
    assert second.column("psn_no").to_pylist() == ["P1", "P1", "P2"]


def test_copied_fee_lines_point_at_their_copied_settlements():
    fees = pa.concat_tables([copy_of(FEE, n) for n in range(3)])
    setls = pa.concat_tables([copy_of(SETL, n) for n in range(3)])
    assert pc.count_distinct(fees.column("bkkp_sn")).as_py() == 9
    assert pc.all(pc.is_in(fees.column("setl_id"), value_set=setls.column("setl_id"))).as_py()


def test_naive_baseline_builds_the_graph_from_both_tables(tmp_path):
    import pyarrow.csv as pacsv

    pacsv.write_csv(SETL, tmp_path / "setl_d.csv")
    pacsv.write_csv(FEE, tmp_path / "fee_list_d.csv")
    graph = naive_load(tmp_path)
    labels = sorted(n.split(":")[0] for n in graph.nodes)
    assert labels.count("FeeLine") == 3 and labels.count("Drug") == 2 and labels.count("Person") == 2
    assert sorted(t for _, _, t in graph.edges(data="type")).count("HAS_LINE") == 3
