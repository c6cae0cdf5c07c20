"""Masking rules (domain guide §5.4), keyed pseudonyms and the value replacer used by redaction."""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from graphfraud.case.redact import Replacer
from graphfraud.privacy import Pseudonymizer, mask_address, mask_bank_card, mask_certno, mask_name, mask_phone

DIGITS = st.text(alphabet="0123456789", min_size=11, max_size=11)
CERTNO = st.builds(lambda a, b, c: a + b + c, st.text("0123456789", min_size=6, max_size=6),
                   st.dates(min_value=dt.date(1900, 1, 1)).map(lambda d: d.strftime("%Y%m%d")), st.text("0123456789X", min_size=4, max_size=4))


@given(CERTNO)
def test_certno_never_shows_birth_digits(certno: str) -> None:
    masked = mask_certno(certno)
    assert len(masked) == 18 and masked[6:14] == "*" * 8
    assert masked[:6] == certno[:6] and masked[-4:] == certno[-4:]


@given(DIGITS)
def test_phone_keeps_first_three_and_last_four(phone: str) -> None:
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]


def test_short_identifiers_are_masked_whole_rather_than_partly_shown() -> None:
    assert mask_phone("12345") == "*****"
    assert set(mask_certno("1234567")) <= {"*", "4", "5", "6", "7"} and "123" not in mask_certno("1234567")


def test_names_cards_and_addresses() -> None:
    assert mask_name("王秀英") == "王某" and mask_name("欧阳娜娜") == "欧阳某"
    assert mask_bank_card("6222021234567890123") == "622202*********0123"
    assert mask_address("浙江省杭州市西湖区文三路88号小区3幢") == "浙江省杭州市西湖区"
    assert mask_address("杭州市文三路88号小区") == "杭州市"  # a 小区 is not a district
    assert mask_address("某某路1号") == "***"


def test_pseudonyms_are_keyed_stable_and_case_scoped() -> None:
    one = Pseudonymizer.for_case(b"s" * 32, "R-0001")
    again = Pseudonymizer.for_case(b"s" * 32, "R-0001")
    other_case = Pseudonymizer.for_case(b"s" * 32, "R-0002")
    other_key = Pseudonymizer.for_case(b"t" * 32, "R-0001")
    alias = one.pseudonym("Person", "33010600000001")
    assert re.fullmatch(r"P-[0-9A-F]{10}", alias)
    assert alias == again.pseudonym("Person", "33010600000001")
    assert alias != other_case.pseudonym("Person", "33010600000001")
    assert alias != other_key.pseudonym("Person", "33010600000001")
    assert one.node("Person:33010600000001") == "Person:" + alias


def test_replacer_replaces_embedded_ids_but_not_parts_of_longer_codes() -> None:
    replacer = Replacer({"0001": "P-A", "王秀英": "王某", "00012": "P-B"})
    text = 'S20240001 {"psn_no": "0001"} 王秀英买药 00012 Person:0001'
    assert replacer.text(text) == 'S20240001 {"psn_no": "P-A"} 王某买药 P-B Person:P-A'
