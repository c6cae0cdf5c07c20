"""Per-group text made in Arrow: a ring member's indicators, the entities an evidence row ties.

pandas' ``groupby(...).agg(lambda s: ",".join(sorted(set(s))))`` calls Python once per group: tens of
thousands of groups (one per ring and member, or per ring and evidence row) at 1e6 fee lines.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def joined(rows: pd.DataFrame, keys: list[str], column: str, sep: str) -> pd.Series:
    """``sep``-joined sorted distinct values of ``column`` per group of ``keys`` (no NULL keys or
    values), indexed by the keys in sorted order: what ``groupby(keys)[column].agg(lambda s:
    sep.join(sorted(set(s))))`` gives.

    >>> rows = pd.DataFrame({"ring": [1, 0, 0, 0], "node": ["b", "z", "a", "z"]})
    >>> joined(rows, ["ring"], "node", ",").to_dict()
    {0: 'a,z', 1: 'b'}
    """
    if rows.empty:
        return pd.Series(dtype="str", index=_index([[]] * len(keys), keys), name=column)
    rows = rows[[*keys, column]].drop_duplicates().sort_values([*keys, column])
    table = pa.Table.from_pandas(rows.astype({column: "str"}), preserve_index=False)
    table = table.set_column(len(keys), column, table[column].cast(pa.string()))  # pandas' str is large_string
    # one thread: groups come in order of first appearance, a group's list in the order of its rows
    grouped = table.group_by(keys, use_threads=False).aggregate([(column, "list")])
    text = pc.binary_join(grouped[f"{column}_list"], sep).to_numpy(zero_copy_only=False)
    index = _index([grouped[k].to_numpy(zero_copy_only=False) for k in keys], keys)
    return pd.Series(text, index=index, name=column, dtype="str")


def _index(arrays: list, keys: list[str]) -> pd.Index:
    """What ``groupby(keys)`` indexes by: a plain index for one key, a MultiIndex for several."""
    return pd.MultiIndex.from_arrays(arrays, names=keys) if len(keys) > 1 else pd.Index(arrays[0], name=keys[0])
