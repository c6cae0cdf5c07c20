"""Redaction profiles applied to a whole case at once, so every file of a bundle agrees.

``police`` carries full identities of in-scope persons (the referral needs them). ``internal`` and
``public`` mask ID numbers, phones, names, bank cards and addresses (domain guide §5.4) and replace
person and practitioner IDs by case-scoped keyed pseudonyms; ``public`` also pseudonymises
institutions. One case is also referred to other authorities (一案多查), each seeing what its
remit needs: the discipline inspection organs the officials involved (doctors, institution heads),
the health commission doctors and institutions, the drug administration institutions with their
trace codes and stock, market regulation institutions and their legal representatives; insured
persons are masked for all of them. Replacement is by value across every text cell (details,
summaries, node IDs), so an identifier quoted inside an evidence detail is replaced the same way as
the column that holds it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Callable

import pandas as pd

from graphfraud.case.collect import CaseData
from graphfraud.privacy.masking import mask_address, mask_certno, mask_identifier, mask_name, mask_phone
from graphfraud.privacy.pseudonyms import Pseudonymizer

MIN_REPLACED_LENGTH = 2  # single characters would corrupt unrelated text


@dataclass(frozen=True)
class Profile:
    name: str
    mask_persons: bool           # insured persons: psn_no, ID number, name, phone, address, their identifiers
    mask_doctors: bool           # practitioners: dr_code, name, ID and practice numbers, phone
    mask_legal_reps: bool        # institutions' legal representatives: name and ID number
    pseudonymise_institutions: bool

    @property
    def masks_anyone(self) -> bool:
        return self.mask_persons or self.mask_doctors or self.mask_legal_reps or self.pseudonymise_institutions


PROFILE_RULES = {p.name: p for p in (
    Profile("police", False, False, False, False), Profile("internal", True, True, True, False),
    Profile("public", True, True, True, True),
    Profile("discipline", True, False, False, False),  # 纪检监察机关: the officials involved
    Profile("health", True, False, True, False),       # 卫生健康部门: doctors and institutions
    Profile("drug", True, True, True, False),          # 药品监督管理部门: institutions, trace codes, stock
    Profile("market", True, True, False, False),       # 市场监督管理部门: institutions and their legal representatives
)}
PROFILES = tuple(PROFILE_RULES)
AGENCIES = ("police", "discipline", "health", "drug", "market")  # who a lead can be referred to


def outsiders(case: CaseData, pseudo: Pseudonymizer) -> dict[str, str]:
    """Persons who are not ring members but appear in context rows (another buyer of a reused trace
    code, a rule hit at a ring pharmacy): pseudonymised in every profile, the police copy too, which
    carries full identities of in-scope persons only (domain guide §5.4)."""
    members = set(case.members.loc[case.members.label == "Person", "key"].astype(str))
    seen = pd.concat([case.trace_rows.get("psn_no", pd.Series(dtype=str)), case.rule_hits.get("psn_no", pd.Series(dtype=str))])
    return {v: pseudo.pseudonym("Person", v) for v in sorted(set(seen.dropna().astype(str)) - members)
            if len(v) >= MIN_REPLACED_LENGTH}


def replacements(case: CaseData, profile: Profile, pseudo: Pseudonymizer) -> dict[str, str]:
    """Every sensitive value of the case -> what the profile shows instead."""
    out = outsiders(case, pseudo)
    if not profile.masks_anyone:
        return out

    def put(values: pd.Series, fn: Callable[[Any], Any]) -> None:
        for value in values.dropna().astype(str).unique():
            if len(value) >= MIN_REPLACED_LENGTH:
                out.setdefault(value, str(fn(value)))

    p, d, m = case.persons, case.practitioners, case.institutions
    masked: list[tuple[pd.DataFrame, str, Callable[[Any], Any]]] = []
    if profile.mask_persons:
        put(_keys(case, "Person", p, "psn_no"), lambda v: pseudo.pseudonym("Person", v))
        masked += [(p, "certno", mask_certno), (p, "tel", mask_phone), (p, "addr", mask_address), (p, "psn_name", mask_name)]
    if profile.mask_doctors:
        put(_keys(case, "Practitioner", d, "dr_code"), lambda v: pseudo.pseudonym("Practitioner", v))
        masked += [(d, "certno", mask_certno), (d, "tel", mask_phone), (d, "dr_name", mask_name),
                   (d, "prac_cert_no", lambda v: mask_identifier("cert", v))]
        if "bilg_dr_name" in case.fee_lines:
            put(case.fee_lines.bilg_dr_name, mask_name)
    if profile.mask_legal_reps:
        masked += [(m, "legal_rep_certno", mask_certno), (m, "legal_rep_name", mask_name)]
    for frame, column, fn in masked:
        if column in frame:
            put(frame[column], fn)
    owners = case.identifiers.owner.astype(str) if len(case.identifiers) else pd.Series(dtype=str)
    keep = (owners.str.startswith("Institution:") & (not profile.pseudonymise_institutions)) | (
        owners.str.startswith("Person:") & (not profile.mask_persons)) | (
        owners.str.startswith("Practitioner:") & (not profile.mask_doctors))
    hidden = case.identifiers[~keep.to_numpy(dtype=bool)] if len(case.identifiers) else case.identifiers
    for kind, values in hidden.groupby("ident_type").ident_value if len(hidden) else ():
        put(values, functools.partial(mask_identifier, str(kind)))
    if profile.pseudonymise_institutions:
        put(_keys(case, "Institution", m, "fixmedins_code"), lambda v: pseudo.pseudonym("Institution", v))
        for column in ("fixmedins_name", "uscc", "addr", "tel"):
            if column in m:
                put(m[column], lambda v: pseudo.pseudonym("Institution", "name:" + v) if column == "fixmedins_name"
                    else mask_identifier(column, v))
    return out


def _keys(case: CaseData, label: str, frame: pd.DataFrame, column: str) -> pd.Series:
    members = case.members.loc[case.members.label == label, "key"]
    return pd.concat([members, frame[column]] if column in frame else [members], ignore_index=True)


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, built as a trie so that thousands of
    alternatives cost one pass per text instead of one try per word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def walk(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


class Replacer:
    """Replaces whole or embedded occurrences of known values in one regex pass.

    An embedded occurrence must not continue a longer code (no letter or digit either side), so a
    short psn_no never rewrites part of a setl_id or trace code.
    """

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.pattern = (re.compile(r"(?<![0-9A-Za-z])(?:" + trie_pattern(list(mapping)) + r")(?![0-9A-Za-z])")
                        if mapping else None)

    def text(self, value: Any) -> Any:
        if self.pattern is None or not isinstance(value, str):
            return value
        exact = self.mapping.get(value)
        return exact if exact is not None else self.pattern.sub(lambda m: self.mapping[m.group(0)], value)

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.pattern is None or frame.empty:
            return frame
        out = frame.copy()
        for column in out.columns:
            if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
                out[column] = out[column].map(self.text)
        return out

    def value(self, data: Any) -> Any:
        """Any JSON-like structure (the ring row, query parameters)."""
        if isinstance(data, dict):
            return {k: self.value(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self.value(v) for v in data]
        return self.text(data)


def redact(case: CaseData, profile_name: str, pseudo: Pseudonymizer) -> tuple[CaseData, Replacer]:
    """The case as ``profile_name`` shows it, and the replacer that made it (for text written later)."""
    profile = PROFILE_RULES[profile_name]
    if len(case.identifiers):
        # Masking makes different values look alike (every address cut to one district), so links
        # between members are kept by a keyed reference to the original value instead.
        case = replace(case, identifiers=case.identifiers.assign(ident_ref=[
            pseudo.pseudonym("Identifier", f"{t}:{v}") for t, v in zip(case.identifiers.ident_type,
                                                                      case.identifiers.ident_value)]))
    replacer = Replacer(replacements(case, profile, pseudo))
    changes: dict[str, Any] = {}
    for f in fields(case):
        value = getattr(case, f.name)
        if isinstance(value, pd.DataFrame):
            changes[f.name] = replacer.frame(value)
    changes["ring"] = replacer.value(case.ring)
    changes["queries"] = [replace(q, params=replacer.value(q.params)) for q in case.queries]
    redacted = replace(case, **changes)
    if profile.mask_persons and "brdy" in redacted.persons:
        # A birth date would give back the digits 7–14 the ID mask hides.
        redacted.persons = redacted.persons.assign(brdy=None)
    return redacted, replacer
