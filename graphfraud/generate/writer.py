"""Write the files byte for byte the same on every run: CSV (any encoding), XLSX, Parquet."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphfraud.generate.formats import arrow
from graphfraud.generate.messy import OutFile
from graphfraud.generate.xlsx import write_xlsx


def write(folder: Path, out: OutFile) -> Path:
    path = folder / out.name
    frame = out.frame.drop(columns="_defect")
    if out.fmt == "xlsx":
        write_xlsx(path, frame, out.table, out.date_columns)
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
