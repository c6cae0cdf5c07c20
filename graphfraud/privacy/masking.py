"""Masking rules for personal identifiers (domain guide §5.4). Each is pure and idempotent.

>>> mask_phone("13812345678")
'138****5678'
>>> mask_certno("330102195803151234")
'330102********1234'
>>> mask_name("王秀英")
'王某'
>>> mask_bank_card("6222021234567890123")
'622202*********0123'
>>> mask_address("浙江省杭州市西湖区文三路88号3幢")
'浙江省杭州市西湖区'
"""
from __future__ import annotations

import re

MASK = "*"
# Two-character surnames (复姓) keep both characters; "欧阳某" is how courts publish them.
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                     "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延")
# One administrative level: a short name and its suffix (省, 市, 区, 县 …).
# Street-level characters and digits never belong to a level name, so "文三路88号小区" cannot pass.
_LEVEL = re.compile(r"[^\d0-9路街号道巷弄村幢栋室楼组]{1,7}?(?:自治区|自治州|地区|省|市|盟|区|县|旗)")


def _keep(text: str, head: int, tail: int) -> str:
    """Keep ``head`` leading and ``tail`` trailing characters; mask the rest (all of it if too short)."""
    if len(text) <= head + tail:
        return MASK * len(text)
    return text[:head] + MASK * (len(text) - head - tail) + text[len(text) - tail:]


def mask_phone(value: str | None) -> str | None:
    """First 3 and last 4 digits kept: ``138****5678``."""
    return None if value is None else _keep(str(value), 3, 4)


def mask_certno(value: str | None) -> str | None:
    """At most the region (6) and the last 4 characters: birth digits 7–14 never show.

    Shorter or odd IDs keep less, never the middle.
    """
    if value is None:
        return None
    text = str(value)
    return _keep(text, 6, 4) if len(text) >= 15 else _keep(text, 0, min(4, len(text) // 3))


def mask_name(value: str | None) -> str | None:
    """Surname + 某 (法释〔2016〕19号): ``王秀英`` → ``王某``, ``欧阳娜娜`` → ``欧阳某``."""
    if value is None or str(value) == "":
        return value
    text = str(value).strip()
    surname = text[:2] if text.startswith(COMPOUND_SURNAMES) else text[:1]
    return surname + "某"


def mask_bank_card(value: str | None) -> str | None:
    """First 6 (the issuer) and last 4 digits kept."""
    return None if value is None else _keep(str(value), 6, 4)


def mask_address(value: str | None) -> str | None:
    """Cut to the district (区/县/旗, or a county-level 市 under a prefecture); a street address with no
    recognisable district keeps only its province and city, and one with neither is masked entirely."""
    if value is None:
        return None
    text, kept, cities = str(value), "", 0
    while match := _LEVEL.match(text, len(kept)):
        kept = text[: match.end()]
        if kept.endswith(("区", "县", "旗")) and not kept.endswith(("自治区", "地区")):
            return kept
        cities += kept.endswith("市")
        if cities == 2:  # a county-level city under a prefecture (慈溪市) is the district level
            return kept
    return kept or MASK * 3


MASKS = {"tel": mask_phone, "phone": mask_phone, "certno": mask_certno, "name": mask_name,
         "bank_acct": mask_bank_card, "bank_card": mask_bank_card, "addr": mask_address}
"""Masking function per identifier type (psn_ident.ident_type and column kinds)."""


def mask_identifier(kind: str, value: str | None) -> str | None:
    """Mask an identifier of type ``kind``; unknown types (device, wechat, ip) are masked whole but 2+2."""
    return MASKS.get(kind, lambda v: None if v is None else _keep(str(v), 2, 2))(value)
