"""Case-scoped pseudonyms: the same person gets the same pseudonym in every file of one bundle.

A pseudonym is an HMAC-SHA256 of the identifier under a key derived for one case, so it cannot be
reversed by enumerating ID numbers (an unkeyed hash can), and pseudonyms from two cases cannot be
joined with each other.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

PREFIXES = {"Person": "P", "Practitioner": "D", "Institution": "M", "Claim": "S", "Identifier": "I"}
"""Readable prefix per node label (the domain guide's letters); the hex part carries the identity.
ASCII on purpose: pseudonyms end up in pictures, i2 charts and file names that may lack CJK fonts."""


@dataclass
class Pseudonymizer:
    """Deterministic keyed pseudonyms; ``key`` is secret and specific to one case.

    >>> p = Pseudonymizer(b"k" * 32)
    >>> p.pseudonym("Person", "33052200001") == p.pseudonym("Person", "33052200001")
    True
    >>> p.pseudonym("Person", "33052200001").startswith("P-")
    True
    """

    key: bytes
    digits: int = 10
    _seen: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def for_case(cls, secret: bytes, case_id: str) -> "Pseudonymizer":
        """A key for one case from a long-lived secret: HMAC(secret, case_id)."""
        return cls(hmac.new(secret, b"graphfraud-case-pseudonyms:" + case_id.encode("utf-8"), hashlib.sha256).digest())

    def pseudonym(self, label: str, key: str) -> str:
        mac = hmac.new(self.key, f"{label}:{key}".encode("utf-8"), hashlib.sha256).hexdigest()[: self.digits]
        alias = f"{PREFIXES.get(label, label)}-{mac.upper()}"
        previous = self._seen.setdefault(alias, (label, key))
        if previous != (label, key):  # 40 bits make this vanishingly rare; never let two people share one
            raise ValueError(f"pseudonym collision for {alias}; raise Pseudonymizer.digits")
        return alias

    def node(self, node_id: str) -> str:
        """Pseudonymise a ``Label:key`` node ID, keeping the label readable."""
        label, _, key = node_id.partition(":")
        return f"{label}:{self.pseudonym(label, key)}"
