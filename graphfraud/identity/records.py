"""Person records put in comparable form: names by sound, ID numbers by their parts, dates as digits.

A register holds one human under several spellings: characters or pinyin, given name first or last,
a homophone (伟/玮), an ID number masked (``330304********1234``) or in its old 15-digit form. Each
record becomes the keys a reviewer compares by:

- ``name_key``: the name's syllables as family and given name, sorted, so ``张伟``, ``章伟``,
  ``Zhang Wei`` and ``WEI ZHANG`` agree;
- ``cert_full``: the 18-digit ID number (a 15-digit one completed with its century and check
  digit); ``cert_rt``: its region and last four, which a masked number still shows;
  ``cert_head``: its first 14 (region and birth), ``cert_tail``: its last 4 (sequence, check);
- ``brdy``: the birth date as ``YYYYMMDD``, from the ID number when the field is empty;
- ``addr_key``: the address in half-width characters without spaces; ``addr_base``: up to the
  house number.

>>> r = person_keys(pd.DataFrame({"psn_no": ["a", "b"], "certno": ["330304600101123", "330304********1234"],
...     "psn_name": ["张伟", "WEI ZHANG"], "gend": ["1", "1"], "brdy": ["", "1960-01-01"], "tel": ["", ""],
...     "addr": ["温州市１号", "温州市1号2幢"]}))
>>> r[["name_key", "cert_full", "cert_rt", "brdy"]].values.tolist()
[['wei zhang', '330304196001011234', '3303041234', '19600101'], ['wei zhang', None, '3303041234', '19600101']]
>>> r.addr_base.tolist()
['温州市1号', '温州市1号']
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from graphfraud.generate.formats import certno_check

COLUMNS = ["unique_id", "name_chars", "name_key", "surname_key", "cert_full", "cert_rt", "cert_head", "cert_tail",
           "brdy", "gend", "tel", "addr_key", "addr_base"]
CJK = re.compile(r"^[\u3400-\u9fff]+$")


def person_keys(psn_info: pd.DataFrame) -> pd.DataFrame:
    """One comparable record per ``psn_info`` row, keyed by ``psn_no`` as ``unique_id``."""
    p = psn_info.fillna("").astype(str)
    names = p.psn_name.str.strip()
    sound = _syllables(names)
    cert = _full_cert(p.certno.str.strip().str.upper())
    masked = p.certno.str.strip().str.upper()
    rt = cert.str[:6] + cert.str[-4:]
    rt = rt.where(cert.notna(), masked.where(masked.str.len() == 18).str[:6] + masked.str[-4:])
    brdy = p.brdy.str.replace(r"\D", "", regex=True).str[:8]
    brdy = brdy.where(brdy.str.len() == 8, cert.str[6:14])
    addr = p.addr.map(lambda a: unicodedata.normalize("NFKC", a).replace(" ", ""))
    out = pd.DataFrame({
        "unique_id": p.psn_no, "name_chars": names.where(names.str.match(CJK)),
        "name_key": sound.map(lambda s: " ".join(sorted(s)) if s else None),
        "surname_key": sound.map(lambda s: s[0] if len(s) == 2 else None),
        "cert_full": cert, "cert_rt": rt.where(rt.str.len() == 10), "cert_head": cert.str[:14],
        "cert_tail": cert.str[-4:], "brdy": brdy.where(brdy.str.len() == 8), "gend": p.gend.where(p.gend != ""),
        "tel": p.tel.where(p.tel != ""), "addr_key": addr.where(addr != ""),
        "addr_base": addr.str.split("号").str[0].add("号").where(addr.str.contains("号"), addr).where(addr != "")})
    return out[COLUMNS].astype(object).where(out.notna(), None)


def _syllables(names: pd.Series) -> pd.Series:
    """Each name as [family, given] in lower-case pinyin without tones (latin names split on spaces)."""
    from pypinyin import Style, lazy_pinyin

    chars = sorted({c for name in names if CJK.match(name) for c in name})
    reading = dict(zip(chars, (lazy_pinyin(c, style=Style.NORMAL)[0] for c in chars)))

    def split(name: str) -> list[str]:
        if not name:
            return []
        if CJK.match(name):
            return [reading[name[0]], "".join(reading[c] for c in name[1:])]
        parts = [part for part in re.split(r"[\s,.·]+", unicodedata.normalize("NFKC", name).lower()) if part]
        return parts if len(parts) == 2 else ["".join(parts)]

    return names.map(split)


def _full_cert(certs: pd.Series) -> pd.Series:
    """18-digit ID numbers; 15-digit ones completed (century 19, check digit); masked or bad -> None."""
    full = certs.where(certs.str.fullmatch(r"\d{17}[\dX]"))
    old = certs.str.fullmatch(r"\d{15}")
    if old.any():
        body = certs[old].str[:6] + "19" + certs[old].str[6:]
        full[old] = body + pd.Series(certno_check(body.to_numpy(dtype=str)), index=body.index).astype(str)
    return full
