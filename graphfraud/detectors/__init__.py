"""Ring indicators: one module per signal, each ``detect(store, config) -> Finding``.

Detectors read the store only (named frames and tables), so they run unchanged on both stores.
Thresholds come from ``defaults.toml`` overlaid by a user file (``load_config``); see
docs/detectors.md for what each finds and the look-alikes it must ignore.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
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
    """Run the detectors (all, or those named in ``only``); findings come in the fixed order of
    ``DETECTORS``. A store with several ``readers`` runs that many at once, each through its own
    reader. ``progress(label, done, total)`` is called from the calling thread, as each one ends
    (``label`` is the next still running, ``"done"`` at the end).
    """
    config = config or load_config()
    names = [n for n in DETECTORS if only is None or n in only]

    def run(name: str) -> Finding:
        with store.reader() as view:
            return DETECTORS[name](view, config)

    report = progress or (lambda label, done, total: None)
    if store.readers < 2 or len(names) < 2:
        findings = []
        for done, name in enumerate(names):
            report(name, done, len(names))
            findings.append(run(name))
    else:
        with ThreadPoolExecutor(store.readers, thread_name_prefix="detector") as pool:
            futures = {name: pool.submit(run, name) for name in names}
            report(names[0], 0, len(names))
            try:
                for done, name in enumerate(names, start=1):
                    futures[name].result()  # in order: the first failure is raised
                    if done < len(names):
                        report(names[done], done, len(names))
            except BaseException:
                pool.shutdown(cancel_futures=True)  # the ones not begun are not begun
                raise
            findings = [futures[name].result() for name in names]
    report("done", len(names), len(names))
    return findings
