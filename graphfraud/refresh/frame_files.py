"""Findings frames on disk exactly as they were: Arrow IPC files that carry each column's pandas dtype.

A refresh keeps the last run's findings beside the workspace. They are stored as data, not as
pickles (reading a pickle runs code, and that folder is only data). Arrow keeps strings, numbers
and nullable integers; what it cannot tell apart is how an ``object`` column marked a missing
value (``None`` or ``NaN``), so that is written down per column and put back on reading.

>>> import tempfile, pandas as pd
>>> frame = pd.DataFrame({"setl_id": pd.Series(["S1", None], dtype=object),
...                       "amount": pd.Series([1.5, float("nan")], dtype=object)})
>>> path = Path(tempfile.mkdtemp()) / "f.arrow"
>>> write(frame, path)
True
>>> back = read(path)
>>> back.setl_id.tolist(), back.amount.tolist()[0], back.amount.dtype
(['S1', None], 1.5, dtype('O'))
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

_META = b"graphfraud_dtypes"


def write(frame: pd.DataFrame, path: Path) -> bool:
    """Write ``frame`` to ``path``; False (nothing written) when it cannot come back exactly."""
    dtypes: dict[str, str] = {}
    for column, dtype in frame.dtypes.items():
        dtypes[str(column)] = str(dtype)
        if str(dtype) == "object":
            missing = frame[column][frame[column].isna()]
            kinds = {"none" if v is None else "nan" if isinstance(v, float) else "other" for v in missing}
            if len(kinds) > 1 or "other" in kinds:
                return False
            dtypes[str(column)] = "object:" + (kinds.pop() if kinds else "none")
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):  # mixed objects Arrow cannot type
        return False
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _META: json.dumps(dtypes).encode()})
    feather.write_feather(table, str(path), compression="zstd")
    return True


def read(path: Path) -> pd.DataFrame:
    """The frame written by :func:`write` (ValueError when the file is not one)."""
    try:
        table = feather.read_table(str(path))
        dtypes = json.loads(table.schema.metadata[_META])
    except (pa.ArrowException, OSError, KeyError, TypeError) as exc:
        raise ValueError(f"{path.name} is not a findings file: {exc}") from None
    frame = table.to_pandas()
    for column, dtype in dtypes.items():
        if dtype.startswith("object:"):
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None if dtype == "object:none" else float("nan"))
    return frame
