"""The 12-month period, times as integer seconds from its start, and their text forms."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PERIOD = ("2025-07-01", "2026-06-30")
T0 = np.datetime64("2025-07-01T00:00:00", "s")
DAY = 86_400
HOUR = 3_600
DAYS = 365
MONTHS = [str(m) for m in np.arange(np.datetime64("2025-07"), np.datetime64("2026-07"))]
MONTH_STARTS = np.array([(np.datetime64(m + "-01T00:00:00", "s") - T0).astype(np.int64) for m in MONTHS + ["2026-07"]])
# From 2026-01-01 every institution uploads every trace code (无码不结算 for pharmacies since 2025-07-01).
ALL_CODES_FROM = int((np.datetime64("2026-01-01T00:00:00", "s") - T0).astype(np.int64))
DECEMBER = (int(MONTH_STARTS[5]), int(MONTH_STARTS[6]))


def at(day: int | np.ndarray, hour: float | np.ndarray = 0.0) -> np.ndarray:
    """Seconds from the period start for a day index and a (fractional) hour."""
    return (np.asarray(day, dtype=np.int64) * DAY + np.round(np.asarray(hour) * HOUR).astype(np.int64))


def month_of(t: np.ndarray) -> np.ndarray:
    """Month index 0..11 of each time."""
    return np.clip(np.searchsorted(MONTH_STARTS, t, side="right") - 1, 0, 11)


def weekday(t: np.ndarray) -> np.ndarray:
    """0 = Monday; 2025-07-01 was a Tuesday."""
    return (np.asarray(t) // DAY + 1) % 7


_FIRST_DAY = -60  # purchases can be booked before the period starts
_DATES = np.datetime_as_string(T0.astype("datetime64[D]") + np.arange(_FIRST_DAY, DAYS + 60), unit="D")
_CLOCK = np.strings.slice(np.datetime_as_string(np.datetime64("2000-01-01") + np.arange(DAY).astype("timedelta64[s]"),
                                                unit="s"), 11, 19)
_STYLES = {  # (date texts, clock texts, separator) as Arrow arrays to take from
    "iso": (_DATES, _CLOCK, " "),
    "date": (_DATES, None, ""),
    "slash": (np.strings.replace(_DATES, "-", "/"), np.strings.slice(_CLOCK, 0, 5), " "),
    "compact": (np.strings.replace(_DATES, "-", ""), np.strings.replace(_CLOCK, ":", ""), ""),
}
_STYLES = {k: (pa.array(d), None if c is None else pa.array(c), sep) for k, (d, c, sep) in _STYLES.items()}


def render(t: np.ndarray, style: str = "iso") -> pa.Array:
    """Times as text: iso ``YYYY-MM-DD HH:MM:SS``, compact ``YYYYMMDDHHMMSS``, slash ``YYYY/MM/DD HH:MM``, date.

    Table look-ups rather than datetime formatting: a million times take a fraction of a second.
    """
    if style not in _STYLES:
        raise ValueError(f"unknown time style {style!r}")
    dates, clock, sep = _STYLES[style]
    t = np.asarray(t, dtype=np.int64)
    day = dates.take(pa.array(t // DAY - _FIRST_DAY))
    if clock is None:
        return day
    return pc.binary_join_element_wise(day, sep, clock.take(pa.array(t % DAY)), "")


def day_code(t: np.ndarray) -> pa.Array:
    """``YYYYMMDD`` of each time, as IDs embed it."""
    return _STYLES["compact"][0].take(pa.array(np.asarray(t, dtype=np.int64) // DAY - _FIRST_DAY))


def render_date(days: np.ndarray) -> np.ndarray:
    """Calendar dates (``YYYY-MM-DD``) of day numbers since 1970-01-01."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D")
