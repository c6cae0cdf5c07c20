"""Spreadsheet cells that would run as formulas (CSV/formula injection, OWASP).

Excel, WPS and LibreOffice evaluate a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(and strip a leading tab or carriage return first), also in a CSV file and in a quoted field; a
name such as ``=HYPERLINK("http://evil","x")`` in an export becomes a live link or a command.
Such text is written with a leading apostrophe, which the spreadsheet shows as plain text.
Plain numbers (``-12.50``, ``+8613800000000``) are left as they are: they are values, not formulas.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell; anything but text passes unchanged.

    >>> neutralise('=HYPERLINK("http://evil","x")')
    '\\'=HYPERLINK("http://evil","x")'
    >>> neutralise("-12.50"), neutralise("@SUM(A1)"), neutralise(3), neutralise("王某")
    ('-12.50', "'@SUM(A1)", 3, '王某')
    """
    if isinstance(value, str) and value.startswith(TRIGGERS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(row: list[Any]) -> list[Any]:
    return [neutralise(v) for v in row]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text columns neutralised (numbers and times are values already)."""
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(neutralise) for c in text}) if text else frame
