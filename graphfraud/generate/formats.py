"""Text forms of amounts, counts and identifiers, and the check digits of Chinese codes.

Million-row columns are built as Arrow strings (``digits``, ``join``, ``money``): NumPy's
fixed-width unicode arrays cost seconds per column to turn into the pandas/Arrow strings written out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_CERT_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_CERT_CHECK = np.array(list("10X98765432"))
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def padded(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers as zero-padded decimal strings."""
    text = np.asarray(values, dtype=np.int64).astype(str)
    return np.strings.zfill(text, width) if text.size else text


def digits(values: np.ndarray, width: int = 1) -> pa.Array:
    """Non-negative integers as zero-padded text (Arrow: a million values in milliseconds)."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), width, "0")


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of Arrow string arrays and literal strings."""
    return pc.binary_join_element_wise(*parts, "")


def money(cents: np.ndarray) -> pa.Array:
    """Integer cents as yuan with two decimals, e.g. -1205 -> '-12.05'."""
    cents = np.asarray(cents, dtype=np.int64)
    absolute = np.abs(cents)
    body = join(digits(absolute // 100), ".", digits(absolute % 100, 2))
    return pc.if_else(pa.array(cents < 0), join("-", body), body)


def decimal(values: np.ndarray, places: int) -> pa.Array:
    """Numbers with at most ``places`` decimals and no trailing zeros ('12', '0.4958')."""
    scaled = np.round(np.asarray(values, dtype=float) * 10**places).astype(np.int64)
    absolute = np.abs(scaled)
    whole = digits(absolute // 10**places)
    frac = pc.utf8_rtrim(digits(absolute % 10**places, places), characters="0")
    text = pc.if_else(pc.equal(frac, ""), whole, join(whole, ".", frac))
    return pc.if_else(pa.array(scaled < 0), join("-", text), text)


def frame(columns: dict[str, object]) -> pd.DataFrame:
    """A DataFrame whose Arrow columns become pandas ``str`` columns without a copy."""
    return pd.DataFrame({name: pd.array(values, dtype="str") if isinstance(values, (pa.Array, pa.ChunkedArray))
                         else values for name, values in columns.items()})


def arrow(values: pd.Series | np.ndarray) -> pa.Array:
    """A string column as an Arrow array (zero-copy for pandas ``str`` columns)."""
    array = pa.array(values, type=pa.large_string()) if isinstance(values, pd.Series) else pa.array(values)
    return array.cast(pa.string())


def certno_check(body17: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 check characters of 17-digit resident-ID bodies."""
    digits = np.frombuffer(np.asarray(body17, dtype="S17").tobytes(), dtype=np.uint8).reshape(-1, 17) - 48
    return _CERT_CHECK[(digits.astype(np.int64) @ _CERT_WEIGHTS) % 11]


def certno(admdvs: np.ndarray, birth_days: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """18-char resident IDs: region, birth date, sequence (odd for men), check digit."""
    births = np.strings.replace(np.datetime_as_string(birth_days.astype("datetime64[D]"), unit="D"), "-", "")
    body = np.strings.add(np.strings.add(np.asarray(admdvs, dtype=str), births), padded(seq, 3))
    return np.strings.add(body, certno_check(body))


def uscc(admdvs: str, serial: int) -> str:
    """统一社会信用代码 (GB 32100) with a valid organisation-code check (GB 11714) and final check."""
    org8 = f"{(serial * 48271 + 13) % 10**8:08d}"
    org_check = 11 - sum(int(c) * w for c, w in zip(org8, _ORG_WEIGHTS)) % 11
    org9 = org8 + {10: "X", 11: "0"}.get(org_check, str(org_check))
    body = "91" + admdvs + org9
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (ＰＳＮ０１２３), as some exports write them."""
    return text.translate(_FULL_WIDTH)
