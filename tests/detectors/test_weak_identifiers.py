"""One phone holding two persons' e-vouchers is a weak tie, a phone and an account a link, a home nothing:
the same on both stores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

HOLDINGS = [  # (person, type, value)
    ("A", "device", "d1"), ("B", "device", "d1"),                        # one device: weak
    ("C", "device", "d2"), ("D", "device", "d2"),                        # a device and an account: a link
    ("C", "bank_acct", "b2"), ("D", "bank_acct", "b2"),
    ("E", "device", "d3"), ("F", "device", "d3"),                        # a device at home: nothing
    ("E", "addr", "a3"), ("F", "addr", "a3"),
    ("G", "ip", "i4"), ("H", "ip", "i4"),                                # an IP address: nothing
]


def _data(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir()
    pd.DataFrame([{"psn_no": p, "ident_type": t, "ident_value": v, "source": "test", "obs_time": "2025-06-01 10:00:00"}
                  for p, t, v in HOLDINGS]).to_csv(data / "psn_ident.csv", index=False)
    return data


def _pairs(finding: Any) -> dict[tuple[str, str], str]:
    return {tuple(sorted((s[7:], d[7:]))): e.split(":")[1] if e.count(":") > 1 else "link"
            for s, d, e in zip(finding.links.src, finding.links.dst, finding.links.evidence_id)}


def test_one_shared_device_is_a_weak_tie_and_a_shared_home_is_none(store: Any, tmp_path: Path) -> None:
    from graphfraud.detectors import load_config
    from graphfraud.detectors.shared_identifiers import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path), tmp_path / "loads")
    f = detect(store, load_config())
    assert _pairs(f) == {("A", "B"): "weak", ("C", "D"): "link"}
    weak = f.evidence[f.evidence.evidence_id.str.startswith("shared_identifiers:weak:")]
    assert len(weak) == 2 and weak.detail.str.contains('"ident_type": "device"').all()


def test_weak_ties_are_off_when_their_weight_is_the_links(store: Any, tmp_path: Path) -> None:
    from graphfraud.detectors import load_config
    from graphfraud.detectors.shared_identifiers import detect
    from graphfraud.loaders import load_directory

    load_directory(store, _data(tmp_path), tmp_path / "loads")
    config = load_config()
    config.shared_identifiers.weak_weight = config.shared_identifiers.min_weight
    assert _pairs(detect(store, config)) == {("C", "D"): "link"}
