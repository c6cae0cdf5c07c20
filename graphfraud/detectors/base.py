"""What every detector returns: links between entities, flags on single entities, and the evidence rows.

Node IDs are ``"Label:key"`` (see graphfraud.store.base). Every link and flag names an
``evidence_id`` so a ring can show the rows that raised it; every evidence row names its source
table, key, file and line, so an investigator or a court can find the original record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

LINK_COLUMNS = ["src", "dst", "weight", "evidence_id"]
FLAG_COLUMNS = ["node", "weight", "evidence_id"]
EVIDENCE_COLUMNS = ["evidence_id", "indicator", "table", "row_key", "src_file", "src_line", "setl_id",
                    "fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt", "detail"]


def detail_text(detail: pd.Series, key: str) -> pd.Series:
    """The text value of ``key`` in each evidence ``detail`` (NaN where it has none), read without
    parsing the JSON: detectors write it compact, one space after each colon (``frames.details``).

    >>> detail_text(pd.Series(['{"a": 1, "psn_no": "p1"}', '{"a": 2}']), "psn_no").tolist()
    ['p1', nan]
    """
    return detail.astype(str).str.extract(f'"{re.escape(key)}": "([^"]*)"', expand=False)


@dataclass
class Finding:
    """One detector's output.

    ``links``: undirected src–dst pairs with a weight (how strongly the indicator ties them).
    ``flags``: single-entity findings (a pharmacy with a stock gap, a card used after death).
    ``evidence``: one row per supporting record; ``detail`` is a short JSON text of the facts.
    ``params``: thresholds and caps actually applied (hub caps recorded here and in evidence).
    """

    indicator: str
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINK_COLUMNS))
    flags: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLAG_COLUMNS))
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVIDENCE_COLUMNS))
    params: dict[str, Any] = field(default_factory=dict)
