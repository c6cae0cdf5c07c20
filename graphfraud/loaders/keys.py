"""Row keys of the input tables: one column's text, or an unambiguous join of several columns.

A composite key (``inv_purc``, ``inv_stock``, ``psn_ident``) joins its parts with ``|`` after
escaping ``\\`` as ``\\\\`` and ``|`` as ``\\|`` inside each part, so ``("P1", "B|2")`` and
``("P1|B", "2")`` no longer meet on one key and a real purchase is no longer dropped as a
"duplicate". A part without ``|`` or ``\\`` is unchanged, so keys stored by earlier versions stay
valid; the few that held one are re-keyed once per workspace (:func:`migrate_keys`, before the
first load of this version, recorded as ``key_format`` in the load report).
"""
from __future__ import annotations

from typing import Any

from graphfraud.schema import TABLES, Table
from graphfraud.store.base import GraphStore

KEY_FORMAT = 2
SEPARATOR = "|"


def escape(part: str) -> str:
    r"""One part of a composite key.

    >>> escape("B|2"), escape("a\\b")
    ('B\\|2', 'a\\\\b')
    """
    return part.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR)


def composite(parts: list[str]) -> str:
    r"""The key of a row from the text of its key columns.

    >>> composite(["P1", "B|2"]) != composite(["P1|B", "2"])
    True
    >>> composite(["P33", "B1", "2025-07-01 00:00:00", "X1"])
    'P33|B1|2025-07-01 00:00:00|X1'
    """
    return SEPARATOR.join(escape(p) for p in parts)


def key_sql(parts: list[str]) -> str:
    """DuckDB SQL for :func:`composite` over SQL expressions of text (the loader's typing query)."""
    if len(parts) == 1:
        return parts[0]
    escaped = [f"replace(replace({p}, '\\', '\\\\'), '{SEPARATOR}', '\\{SEPARATOR}')" for p in parts]
    return f"concat_ws('{SEPARATOR}', {', '.join(escaped)})"


def migrate_keys(store: GraphStore) -> int:
    """Re-key rows stored under the ambiguous format 1 (parts joined without escaping); returns how many.

    Runs only while the last load of the workspace predates format 2; idempotent.
    """
    history = store.load_history(1)
    if not history or int(history[0].get("key_format", 1)) >= KEY_FORMAT:
        return 0
    changed = 0
    for table in TABLES.values():
        if len(table.key) > 1:
            changes = _changes(table, store.table(table.name, ["_key", *table.key]).to_dict("records"))
            if changes:
                changed += store.rekey(table.name, changes)
    return changed


def _changes(table: Table, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Old key -> new key of the rows whose text parts hold a separator or a backslash.

    Time parts are taken from the old key itself (the text the loader made of them), found between
    the known text parts before and after them.
    """
    out: dict[str, str] = {}
    for row in rows:
        texts = [row[k] if table.columns[k] != "time" else None for k in table.key]
        if not any(isinstance(t, str) and (SEPARATOR in t or "\\" in t) for t in texts):
            continue
        old = str(row["_key"])
        parts = _split_old(old, texts)
        if parts is not None and composite(parts) != old:
            out[old] = composite(parts)
    return out


def _split_old(old: str, texts: list[str | None]) -> list[str] | None:
    """The parts of a format-1 key, given every part's text but one (the time)."""
    if None not in texts:
        return [str(t) for t in texts]
    at = texts.index(None)
    head = SEPARATOR.join(str(t) for t in texts[:at]) + (SEPARATOR if at else "")
    tail = (SEPARATOR if at < len(texts) - 1 else "") + SEPARATOR.join(str(t) for t in texts[at + 1:])
    if not (old.startswith(head) and old.endswith(tail)) or len(old) < len(head) + len(tail):
        return None
    return [*map(str, texts[:at]), old[len(head):len(old) - len(tail)], *map(str, texts[at + 1:])]
