"""The Spark engine against the embedded store: the same detector queries, transpiled by sqlglot and run
by PySpark in local mode (loopback only) over the Parquet tables of the example workspace, must give
the same rings, members and evidence rows (file and line) as detection on the workspace itself.

Spark tests skip with the reason when PySpark is missing, except under CI=true, where they fail
(the test command installs graphfraud[spark]).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphfraud.store.embedded import EmbeddedStore
from tests.helpers import run_cli


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PySpark is required under CI=true: {exc}", pytrace=False)
        pytest.skip(f"PySpark not installed: {exc}")


@pytest.fixture(scope="module")
def spark_run(detected: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    _require_pyspark()
    folder = tmp_path_factory.mktemp("spark")
    embedded = folder / "embedded.duckdb"
    shutil.copy(detected[0], embedded)
    exported = run_cli("export-tables", folder / "tables", "--workspace", embedded, "--json")
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout)["rows"]["fee_list_d"] > 1000
    result = run_cli("detect", "--engine", "spark", "--input", folder / "tables", "--spark-master", "local[2]",
                     "--workspace", folder / "spark.duckdb", "--json")
    assert result.exit_code == 0, result.output
    return embedded, folder / "spark.duckdb"


def _results(path: Path) -> dict[str, pd.DataFrame]:
    with EmbeddedStore(path, read_only=True) as store:
        return {name: store.get_results(name) for name in ("rings", "ring_members", "ring_context", "ring_evidence")}


KEYS = {"rings": ["ring_id", "rank", "score", "typology", "families", "persons", "fund_pay_sumamt", "acct_pay",
                  "settlements", "amount_class"],
        "ring_members": ["ring_id", "node_id", "role", "basis"], "ring_context": ["ring_id", "node_id", "role"],
        "ring_evidence": ["ring_id", "indicator", "evidence_id", "table", "row_key", "src_file", "src_line"]}


def test_spark_engine_finds_the_same_rings_as_the_embedded_store(spark_run: tuple[Path, Path]) -> None:
    embedded, spark = (_results(p) for p in spark_run)
    assert len(embedded["rings"]) >= 5
    for name, columns in KEYS.items():
        a = embedded[name][columns].sort_values(columns).reset_index(drop=True)
        b = spark[name][columns].sort_values(columns).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=name)


def test_the_run_says_it_ran_on_spark(spark_run: tuple[Path, Path]) -> None:
    with EmbeddedStore(spark_run[1], read_only=True) as store:
        runs = store.get_results("runs")
    assert list(runs.store) == ["spark"]


def test_spark_binds_to_loopback() -> None:
    _require_pyspark()
    from graphfraud.store.spark import session

    spark = session("local[1]")
    try:
        assert spark.conf.get("spark.driver.host") == "127.0.0.1"
        assert spark.conf.get("spark.driver.bindAddress") == "127.0.0.1"
    finally:
        spark.stop()


def test_engine_options_fail_in_one_line(tmp_path: Path) -> None:
    no_input = run_cli("detect", "--engine", "spark", "--workspace", tmp_path / "w.duckdb")
    assert no_input.exit_code == 2 and "--input" in no_input.output and "Traceback" not in no_input.output
    stray = run_cli("detect", "--input", tmp_path, "--workspace", tmp_path / "w.duckdb")
    assert stray.exit_code == 2 and "--engine spark" in stray.output
