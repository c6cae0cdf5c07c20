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


def test_regional_detection_data_keeps_settlement_ids_unique_across_regions(tmp_path):
    import pyarrow.csv as pacsv

    from benchmarks import detect

    detect.regional_data(tmp_path, 300, 2)
    files = sorted((tmp_path / "data").glob("*.csv"))
    assert {f.name.rsplit("_r", 1)[1] for f in files} == {"00.csv", "01.csv"}
    setl = pa.concat_tables([pacsv.read_csv(f, convert_options=pacsv.ConvertOptions(
        column_types={"setl_id": pa.string()})).select(["setl_id"]) for f in files if f.name.startswith("setl_d_")])
    fee = pa.concat_tables([pacsv.read_csv(f, convert_options=pacsv.ConvertOptions(
        column_types={"setl_id": pa.string()})).select(["setl_id"]) for f in files if f.name.startswith("fee_list_d")])
    assert pc.count_distinct(setl.column("setl_id")).as_py() == setl.num_rows
    assert pc.all(pc.is_in(fee.column("setl_id"), value_set=setl.column("setl_id"))).as_py()
    places = [pacsv.read_csv(tmp_path / "data" / f"fixmedins_r0{r}.csv", convert_options=pacsv.ConvertOptions(
        column_types={"fixmedins_code": pa.string()})).column("fixmedins_code") for r in (0, 1)]
    assert not set(places[0].to_pylist()) & set(places[1].to_pylist())  # regions do not share a pharmacy


def test_load_report_says_whether_a_1e7_run_meets_its_target():
    from benchmarks import load_report

    run = {"fee_lines": 10_000_000, "settlements": 1, "format": "parquet", "load_avg": 1.0, "lines_per_s": 1,
           "lines_per_cpu_s": 1, "meets_target": False, "meets_huge_target": False, "naive": None,
           "naive_lines_per_s": None, "naive_extrapolated": False, "ratio": None,
           "ours": {"seconds": 75.0, "cpu_seconds": 90.0, "peak_rss_mb": 3000.0, "stages_cpu": {}}}
    results = {"environment": {"date": "d", "commit": "c", "cpus": 2, "ram_gb": 8, "python": "3", "duckdb": "1",
                               "pyarrow": "1"},
               "targets": {"lines_per_s": {"parquet": 500_000}, "seconds_at_1e7": {"parquet": 60.0},
                           "peak_rss_mb_at_1e7": 6144}, "runs": [run]}
    text = load_report.markdown(results)
    assert "At 1e7 from parquet: 75.0 s (misses ≤ 60 s), peak 3000 MB (meets ≤ 6144 MB)" in text


def test_stage_clock_times_a_reader_while_it_is_iterated():
    import time
    from types import SimpleNamespace

    from benchmarks.load import StageClock

    def slow_batches():
        for n in range(3):
            time.sleep(0.02)
            yield n

    owner = SimpleNamespace(read=slow_batches)
    clock = StageClock()
    clock.wrap(owner, "read", "read")
    assert list(owner.read()) == [0, 1, 2]
    assert clock.seconds["read"] >= 0.05  # the sleeps happen inside next(), after the call returned
