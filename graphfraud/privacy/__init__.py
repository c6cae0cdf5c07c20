"""Personal-information protection for circulation copies: masking rules and keyed pseudonyms.

Rules from the domain guide §5.4 (PIPL art. 28; 法释〔2016〕19号 for names): phone 3+4, ID numbers
never show birth digits 7–14, names as surname + 某, bank cards 6+4, addresses cut to the district.
Joins and pseudonyms use a keyed HMAC: an unkeyed hash of an ID number is reversible by enumeration.
"""
from __future__ import annotations

from graphfraud.privacy.masking import mask_address, mask_bank_card, mask_certno, mask_name, mask_phone
from graphfraud.privacy.pseudonyms import Pseudonymizer

__all__ = ["Pseudonymizer", "mask_address", "mask_bank_card", "mask_certno", "mask_name", "mask_phone"]
