"""How numbers, dates, lists and names read in the bundle's two languages.

>>> day("2025-07-30 09:16:48", "zh"), period("2025-07-30", "2025-12-26", "zh")
('2025年7月30日', '2025年7月30日至12月26日')
>>> listed(["甲", "乙", "丙"], "zh"), listed(["a", "b", "c", "d"], "en", most=2, unit="pharmacy")
('甲、乙和丙', 'a, b and 2 other pharmacies')
>>> money(888546.26, "zh"), money(1.5, "en")
('888,546.26元', '1.50 yuan')
"""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd


def _stamp(value: Any) -> pd.Timestamp | None:
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp


def day(value: Any, lang: str) -> str:
    """A calendar day as a person writes it (empty when unknown)."""
    t = _stamp(value)
    if t is None:
        return ""
    return f"{t.year}年{t.month}月{t.day}日" if lang == "zh" else t.strftime("%d %B %Y").lstrip("0")


def moment(value: Any, lang: str) -> str:
    """A day and time of day."""
    t = _stamp(value)
    if t is None:
        return ""
    return f"{day(t, lang)}{t.hour}时{t.minute:02d}分" if lang == "zh" else f"{day(t, lang)} {t:%H:%M}"


def period(start: Any, end: Any, lang: str) -> str:
    """From one day to another; the year is not repeated within one year (zh)."""
    a, b = _stamp(start), _stamp(end)
    if a is None and b is None:
        return "期间不详" if lang == "zh" else "dates unknown"
    if a is None or b is None or a.normalize() == b.normalize():
        return day(a if a is not None else b, lang) if lang == "en" else day(a if a is not None else b, lang)
    if lang == "zh":
        tail = f"{b.month}月{b.day}日" if a.year == b.year else day(b, lang)
        return f"{day(a, lang)}至{tail}"
    return f"{day(a, lang)} to {day(b, lang)}"


def money(value: Any, lang: str) -> str:
    amount = float(value or 0.0)
    return f"{amount:,.2f}元" if lang == "zh" else f"{amount:,.2f} yuan"


def count(n: int, zh_unit: str, en_unit: str, lang: str) -> str:
    """``15名参保人`` / ``15 insured persons`` (English plural by a trailing s when n != 1)."""
    if lang == "zh":
        return f"{n}{zh_unit}"
    return f"{n} {en_unit if n == 1 else _plural(en_unit)}"


def _plural(unit: str) -> str:
    words = unit.split(" ")
    last = words[-1]
    words[-1] = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + ("es" if last.endswith(("s", "x")) else "s")
    return " ".join(words)


def listed(items: Iterable[str], lang: str, most: int = 3, unit: str = "") -> str:
    """Up to ``most`` items joined as prose; the rest counted (``等5家``/``and 5 other …``)."""
    values = [v for v in dict.fromkeys(str(i) for i in items if i) if v]
    if not values:
        return ""
    shown, rest = values[:most], len(values) - most
    if lang == "zh":
        text = "、".join(shown[:-1]) + ("和" if len(shown) > 1 else "") + shown[-1] if rest <= 0 else "、".join(shown)
        return text + (f"等{len(values)}{unit or '项'}" if rest > 0 else "")
    if rest > 0:
        noun = (unit if rest == 1 else _plural(unit)) if unit else ("other" if rest == 1 else "others")
        return ", ".join(shown) + (f" and {rest} other {noun}" if unit else f" and {rest} {noun}")
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]


def percent(share: Any, lang: str) -> str:
    try:
        return f"{float(share) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""
