"""Context persons in a bundle: shown as case pseudonyms, in every profile.

Context persons (``ring_context``: the patient who bought a resold box, a pharmacy's customers, a
relative) are not parties to the crime (domain guide §5.1). Like every other non-member a bundle
names, they appear under a keyed case pseudonym, even in the police copy, which carries full
identities of in-scope persons only (§5.4); their names are left out. The pseudonyms are the
redaction module's own (``Pseudonymizer``, ``Replacer``), so a context person quoted in a trace
chain or an evidence row reads the same everywhere in the bundle.
"""
from __future__ import annotations

from dataclasses import fields, replace

import pandas as pd

from graphfraud.case.collect import CaseData
from graphfraud.case.redact import MIN_REPLACED_LENGTH, Replacer
from graphfraud.privacy.pseudonyms import Pseudonymizer


def context_mapping(case: CaseData, pseudo: Pseudonymizer) -> dict[str, str]:
    """psn_no of every context person (read before redaction) -> its case pseudonym."""
    if case.context.empty:
        return {}
    members = set(case.members.loc[case.members.label == "Person", "key"].astype(str))
    people = case.context[case.context.label == "Person"].key.dropna().astype(str)
    return {k: pseudo.pseudonym("Person", k) for k in sorted(set(people) - members) if len(k) >= MIN_REPLACED_LENGTH}


def hide_context(case: CaseData, mapping: dict[str, str]) -> CaseData:
    """``case`` (already redacted) with context persons' numbers replaced by ``mapping`` and their
    names left out."""
    context = case.context.assign(name=None) if len(case.context) else case.context
    if not mapping:
        return replace(case, context=context)
    replacer = Replacer(mapping)
    changes = {f.name: replacer.frame(getattr(case, f.name)) for f in fields(case)
               if isinstance(getattr(case, f.name), pd.DataFrame)}
    changes["context"] = replacer.frame(context)
    return replace(case, **changes, ring=replacer.value(case.ring))
