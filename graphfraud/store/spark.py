"""Detection's heavy queries on Apache Spark: the same SQL files, transpiled, over Parquet tables.

At province scale the input tables live in a cluster (Parquet, or a metastore's tables). The
detectors read the store through two calls only, ``table(name, columns)`` and ``frame(name,
**params)``; ``SparkInputStore`` answers both on Spark and everything else (runs, rings, leads,
lineage) from an embedded workspace, so the detectors, ring assembly and scoring run unchanged and
only the detectors' aggregated frames and the small indicator graph come back to this machine.

Each ``store/sql/<name>.sql`` is written in DuckDB's dialect and turned into Spark SQL by sqlglot
(``transpile``), as Splink does for its backends; query values stay parameters (``$name`` becomes
``:name``, bound by ``spark.sql(..., args=...)``). The Parquet layout is one folder (or file) per
input table, with the columns of docs/input-format.md plus ``_key``, ``_src_file`` and ``_src_line``,
as ``graphfraud export-tables`` writes it from a workspace.

Spark binds to 127.0.0.1 unless told otherwise (``spark.driver.host``, ``spark.driver.bindAddress``,
``SPARK_LOCAL_IP``); the session time zone is UTC so times mean what they mean in DuckDB.

>>> print(transpile("SELECT arg_min(a, t) AS first FROM x WHERE k IN (SELECT unnest($keys))"))
SELECT MIN_BY(a, t) AS first FROM x WHERE k IN (SELECT EXPLODE(:keys))
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.errors import InputError, StoreUnavailable
from graphfraud.schema import TABLES
from graphfraud.store.embedded import EmbeddedStore
from graphfraud.store.sql_files import bound, statement

LOOPBACK = "127.0.0.1"


@cache
def transpile(text: str) -> str:
    """DuckDB SQL -> Spark SQL (comments dropped, parameters as ``:name``)."""
    import sqlglot

    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return sqlglot.transpile(body, read="duckdb", write="spark")[0]


def session(master: str = "local[2]", app: str = "graphfraud", conf: dict[str, str] | None = None) -> Any:
    """A Spark session; in local mode it binds to loopback and keeps its UI off."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise StoreUnavailable("the Spark engine needs PySpark", "install it: pip install 'graphfraud[spark]'") from None
    local = master.startswith("local")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", LOOPBACK)
    builder = SparkSession.builder.master(master).appName(app)
    settings = {"spark.sql.session.timeZone": "UTC", "spark.ui.enabled": "false",
                 "spark.sql.shuffle.partitions": "8", "spark.ui.showConsoleProgress": "false", "spark.sql.parquet.inferTimestampNTZ.enabled": "true",
                 **({"spark.driver.host": LOOPBACK, "spark.driver.bindAddress": LOOPBACK} if local else {}),
                 **(conf or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no Java, a port refused
        raise StoreUnavailable(f"Spark did not start ({master}): {str(exc).splitlines()[0]}",
                               "check that Java 17 is installed and JAVA_HOME is set") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkFrames:
    """The input tables as Spark views over Parquet, and the named SQL files run on them."""

    def __init__(self, spark: Any, input_dir: str | Path) -> None:
        self.spark = spark
        self.input_dir = Path(input_dir)
        if not self.input_dir.is_dir():
            raise InputError(f"no Parquet folder {self.input_dir}", "write one with: graphfraud export-tables DIR")
        found = []
        for name, spec in TABLES.items():
            path = self._path(name)
            if path is None:  # an empty view with the table's columns, as an empty workspace table
                columns = ", ".join(f"CAST(NULL AS {_spark_type(spec.columns[c])}) AS `{c}`" for c in spec.stored_columns) \
                    + ", CAST(NULL AS STRING) AS _key, CAST(NULL AS STRING) AS _src_file, CAST(NULL AS BIGINT) AS _src_line"
                spark.sql(f"SELECT {columns} WHERE 1 = 0").createOrReplaceTempView(name)
            else:
                spark.read.parquet(str(path)).createOrReplaceTempView(name)
                found.append(name)
        for view in ("g_trace",):  # the graph views the detectors' queries read (store/sql/graph_views.sql)
            spark.sql(_view_sql(view))
        missing = [t for t in ("setl_d", "fee_list_d") if t not in found]
        if missing:
            raise InputError(f"{self.input_dir} holds no {' or '.join(missing)} table",
                             "give the folder graphfraud export-tables wrote (one folder or file per table)")

    def _path(self, name: str) -> Path | None:
        for candidate in (self.input_dir / name, self.input_dir / f"{name}.parquet"):
            if candidate.exists():
                return candidate
        return None

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        if name not in TABLES:
            raise InputError(f"unknown table {name!r}", "use one of: " + ", ".join(TABLES))
        cols = ", ".join(f"`{c}`" for c in columns) if columns else "*"
        return _pandas(self.spark.sql(f"SELECT {cols} FROM {name} ORDER BY _key"))

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        stmt, args = bound(name, params)
        return _pandas(self.spark.sql(transpile(stmt.text), args=args or None))


def _view_sql(view: str) -> str:
    """The CREATE VIEW of ``view`` from graph_views.sql, as a Spark temporary view."""
    import sqlglot

    text = "\n".join(line for line in statement("graph_views").text.splitlines() if not line.lstrip().startswith("--"))
    for created in sqlglot.parse(text, read="duckdb"):
        if created is not None and created.this is not None and created.this.name == view:
            created.set("kind", "VIEW")
            return created.sql(dialect="spark").replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMPORARY VIEW", 1)
    raise KeyError(view)


def _pandas(frame: Any) -> pd.DataFrame:
    """A Spark result as pandas, through Arrow (timestamps naive, as DuckDB gives them)."""
    table = frame.toArrow()
    import pyarrow as pa

    columns = []
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            column = column.cast(pa.timestamp(field.type.unit))
        columns.append(column)
    return pa.table(columns, names=table.column_names).to_pandas()


def _spark_type(kind: str) -> str:
    return {"id": "STRING", "text": "STRING", "time": "TIMESTAMP_NTZ", "num": "DOUBLE", "flag": "INT"}.get(kind, "STRING")


class SparkInputStore(EmbeddedStore):
    """An embedded workspace for results whose input tables and detector frames come from Spark."""

    name = "spark"

    def __init__(self, path: str | Path, frames: SparkFrames) -> None:
        super().__init__(path)
        self.frames = frames

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return self.frames.table(name, columns)

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        return self.frames.frame(name, **params)

    def date_range(self) -> tuple[Any, Any]:
        row = self.frames.spark.sql("SELECT min(setl_time), max(setl_time) FROM setl_d").collect()[0]
        return row[0], row[1]


def export_parquet(store: Any, out: str | Path) -> dict[str, int]:
    """Write every input table of ``store`` (with ``_key``, ``_src_file``, ``_src_line``) to
    ``out/<table>.parquet``; returns the rows written per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in TABLES:
        target = folder / f"{name}.parquet"
        if isinstance(store, EmbeddedStore):  # typed columns straight from DuckDB, empty tables included
            store.con.execute(f"COPY (SELECT * EXCLUDE (_load_id) FROM {name} ORDER BY _key) TO '{_quoted(target)}' "
                              "(FORMAT PARQUET)").fetchall()
            written[name] = int(store.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # type: ignore[index]
            continue
        rows = store.table(name)
        rows = rows.drop(columns=[c for c in rows.columns if c == "_load_id"])
        pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), target)
        written[name] = len(rows)
    return written


def _quoted(path: Path) -> str:
    """A path inside a SQL string literal (COPY takes no parameter for its target)."""
    return str(path).replace("'", "''")
