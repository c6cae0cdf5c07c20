"""Ring indicators: one module per signal, each ``detect(store, config) -> Finding``.

Detectors read the store only (named frames and tables), so they run unchanged on both stores.
Thresholds come from ``defaults.toml`` overlaid by a user file (``load_config``); see
docs/detectors.md for what each finds and the look-alikes it must ignore.
"""
from __future__ import annotations

from typing import Callable

from graphfraud.detectors import (backdated_rx, co_admission, co_purchase, collusion, impersonation,
                                  imported_evidence, inventory_mismatch, over_supply, same_person, shared_identifiers,
                                  split_stays, swipe_burst, switched_drug, trace_reuse, unrefunded_returns,
                                  yearend_drain)
from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, load_config
from graphfraud.store.base import GraphStore

Detector = Callable[[GraphStore, DetectorConfig], Finding]

DETECTORS: dict[str, Detector] = {
    "shared_identifiers": shared_identifiers.detect,
    "co_purchase": co_purchase.detect,
    "trace_reuse": trace_reuse.detect,
    "over_supply": over_supply.detect,
    "inventory_mismatch": inventory_mismatch.detect,
    "swipe_burst": swipe_burst.detect,
    "collusion": collusion.detect,
    "backdated_rx": backdated_rx.detect,
    "switched_drug": switched_drug.detect,
    "impersonation": impersonation.detect,
    "split_stays": split_stays.detect,
    "co_admission": co_admission.detect,
    "yearend_drain": yearend_drain.detect,
    "unrefunded_returns": unrefunded_returns.detect,
    "imported_evidence": imported_evidence.detect,
    "same_person": same_person.detect,
}


def run_detectors(store: GraphStore, config: DetectorConfig | None = None,
                  progress: Callable[[str, int, int], None] | None = None,
                  only: list[str] | None = None) -> list[Finding]:
    """Run the detectors (all, or those named in ``only``) in a fixed order; ``progress(label, done, total)``."""
    config = config or load_config()
    names = [n for n in DETECTORS if only is None or n in only]
    findings = []
    for done, name in enumerate(names):
        if progress:
            progress(name, done, len(names))
        findings.append(DETECTORS[name](store, config))
    if progress:
        progress("done", len(names), len(names))
    return findings


__all__ = ["DETECTORS", "DetectorConfig", "Finding", "load_config", "run_detectors"]
