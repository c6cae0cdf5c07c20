"""How well the linked pairs match generated duplicates: pair precision and recall, household merges.

Truth (``identities`` of a generator truth file) lists the pairs that are one person
(``duplicates``, with the noise each carries) and twins, two people of one household who share
everything but their given name and ID number. A linked pair outside the truth is a false link;
one whose records share an address is a household merge, the error that must never happen.

>>> pairs = pd.DataFrame({"psn_a": ["a", "c"], "psn_b": ["b", "d"]})
>>> truth = {"duplicates": [["b", "a"], ["e", "f"]], "noise": [["pinyin"], ["masked_cert"]], "twins": [["c", "d"]]}
>>> q = quality(pairs, truth, pd.DataFrame({"psn_no": ["c", "d"], "addr": ["x", "x"]}))
>>> q["precision"], q["recall"], q["twins_linked"], q["household_merges"], q["recall_by_noise"]["masked_cert"]
(0.5, 0.5, 1, 1, 0.0)
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def _pair(a: Any, b: Any) -> tuple[str, str]:
    x, y = str(a), str(b)
    return (x, y) if x < y else (y, x)


def quality(pairs: pd.DataFrame, truth: dict[str, Any], people: pd.DataFrame) -> dict[str, Any]:
    linked = {_pair(a, b) for a, b in zip(pairs.psn_a, pairs.psn_b)}
    wanted = [_pair(a, b) for a, b in truth.get("duplicates", [])]
    twins = {_pair(a, b) for a, b in truth.get("twins", [])}
    right = linked & set(wanted)
    address = dict(zip(people.psn_no.astype(str), people.addr.astype(str)))
    false = linked - set(wanted)
    household = {p for p in false if address.get(p[0]) and address.get(p[0]) == address.get(p[1])}
    by_noise: dict[str, list[bool]] = {}
    for pair, kinds in zip(wanted, truth.get("noise", [[]] * len(wanted))):
        for kind in kinds:
            by_noise.setdefault(kind, []).append(pair in linked)
    return {"linked_pairs": len(linked), "true_pairs": len(wanted), "found": len(right),
            "precision": round(len(right) / len(linked), 4) if linked else None,
            "recall": round(len(right) / len(wanted), 4) if wanted else None,
            "false_links": len(false), "twins_linked": len(linked & twins), "household_merges": len(household),
            "recall_by_noise": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_noise.items())},
            "missed": sorted(set(wanted) - linked)[:20], "false": sorted(false)[:20]}
