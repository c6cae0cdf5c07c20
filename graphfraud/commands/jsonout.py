"""The one JSON convention of every command (docs/json.md).

Every ``--json`` output is one object: ``{"kind": "<what it is>", ...payload}``. Inside it:

- times are ISO-8601 with their zone: data times (settlements, evidence) carry no zone in the
  platform's exports and are Beijing time, so they get the ``data_utc_offset`` setting (+08:00);
  times graphfraud records itself already carry the machine's offset; calendar dates stay dates;
- lists are JSON lists (never comma- or space-joined text) and objects are objects (never JSON
  text inside a string);
- missing values are ``null``; amounts are numbers in yuan.

An expected failure under ``--json`` prints ``{"kind": "error", "error": {...}}`` on stderr and
exits with the error's code (see :func:`error_object`).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import click

from graphfraud import settings

# Columns that hold JSON text in a store and are objects or lists in JSON output.
JSON_TEXT = frozenset({"detail", "params", "versions", "result", "previous_ring_ids", "subjects", "report",
                       "to_load", "known_content"})
# Columns that hold a separated list in a store and are lists in JSON output.
SPACE_LISTS = frozenset({"entities"})
COMMA_LISTS = frozenset({"families"})
_NAIVE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def data_zone() -> dt.timezone:
    """The zone of the times in the platform's exports (setting ``data_utc_offset``, default +08:00)."""
    text = str(settings.get("data_utc_offset")).strip()
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if not match:
        return dt.timezone(dt.timedelta(hours=8))
    sign = -1 if match.group(1) == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


def iso_time(value: dt.datetime) -> str:
    """ISO-8601 with zone; a naive time is taken to be data time.

    >>> iso_time(dt.datetime(2025, 7, 30, 9, 16, 48))
    '2025-07-30T09:16:48+08:00'
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=data_zone())
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")


def jsonable(value: Any, key: str = "") -> Any:
    """``value`` as plain JSON data following the convention (recursively).

    >>> jsonable({"detail": '{"cnt": 3}', "entities": "Person:1 Person:2", "t": "2025-07-30 09:16:48", "x": float("nan")})
    {'detail': {'cnt': 3}, 'entities': ['Person:1', 'Person:2'], 't': '2025-07-30T09:16:48+08:00', 'x': None}
    """
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): jsonable(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if hasattr(value, "to_pydatetime") and not _missing(value):
        return iso_time(value.to_pydatetime())
    if isinstance(value, dt.datetime):
        return iso_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if _missing(value):
        return None
    if isinstance(value, str):
        return _text(value, key)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (bool, int)):
        return value
    if hasattr(value, "tolist"):
        return jsonable(value.tolist(), key)
    return str(value)


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict, set, str)) else False
    except (TypeError, ValueError):
        return False


def _text(value: str, key: str) -> Any:
    if key in JSON_TEXT and value[:1] in "[{":
        try:
            return jsonable(json.loads(value))
        except ValueError:
            return value
    if key in SPACE_LISTS:
        return value.split()
    if key in COMMA_LISTS:
        return [v.strip() for v in value.split(",") if v.strip()]
    if _NAIVE_TIME.match(value):
        return iso_time(dt.datetime.fromisoformat(value.replace(" ", "T")))
    return value


def frame_records(frame: Any) -> list[dict[str, Any]]:
    """Rows of a pandas frame as JSON objects (columns as keys), by the convention."""
    if frame is None or len(frame) == 0:
        return []
    return [jsonable(row) for row in frame.to_dict("records")]


def document(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of a result: ``kind`` first, then the payload."""
    if "kind" in payload:
        raise ValueError("the payload must not carry its own kind")
    return {"kind": kind, **jsonable(payload)}


def emit(kind: str, payload: dict[str, Any]) -> None:
    """Print a result under ``--json``."""
    click.echo(json.dumps(document(kind, payload), ensure_ascii=False, indent=1))


def error_object(kind: str, message: str, remedy: str, exit_code: int) -> dict[str, Any]:
    """What ``--json`` prints on stderr for an expected failure."""
    return {"kind": "error", "error": {"type": kind, "message": message, "remedy": remedy or None,
                                       "exit_code": exit_code}}
