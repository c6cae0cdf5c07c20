"""run_detectors on a store with several readers: the findings of one at a time, in the same order;
progress from the calling thread; a failure raised, not lost in a worker."""
from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphfraud import detectors
from graphfraud.detectors.base import Finding
from graphfraud.store.embedded import EmbeddedStore


def test_readers_find_what_one_reader_finds(small_workspace: Path, findings: dict,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with EmbeddedStore(small_workspace, read_only=True) as store:
        assert store.readers > 1, "the session's findings were made by several readers"
        monkeypatch.setattr(EmbeddedStore, "readers", 1)
        alone = detectors.run_detectors(store)
    assert [f.indicator for f in alone] == list(detectors.DETECTORS)
    for finding in alone:
        other = findings[finding.indicator]
        for part in ("links", "flags", "evidence"):
            pd.testing.assert_frame_equal(getattr(finding, part), getattr(other, part))
        assert finding.params == other.params


def test_one_reader_above_a_province_year(small_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graphfraud.store import embedded
    with EmbeddedStore(small_workspace, read_only=True) as store:
        settlements = len(store.table("setl_d", ["_key"]))
        monkeypatch.setattr(embedded, "PAIRED_MAX_SETTLEMENTS", settlements - 1)
        assert store.readers == 1
        monkeypatch.setattr(embedded, "PAIRED_MAX_SETTLEMENTS", settlements)
        assert store.readers == 2


def test_a_reader_has_its_own_cursor(small_workspace: Path) -> None:
    with EmbeddedStore(small_workspace, read_only=True) as store, store.reader() as view:
        assert view.con is not store.con
        assert len(view.table("psn_info")) == len(store.table("psn_info")) > 0


class _Pool:
    """A store of two readers whose detectors are stand-ins (only what run_detectors asks of a store)."""

    readers = 2

    def reader(self) -> AbstractContextManager[Any]:
        return nullcontext(self)


def _stand_ins(monkeypatch: pytest.MonkeyPatch, failing: str | None = None) -> list[str]:
    ran: list[str] = []

    def make(name: str) -> Any:
        def detect(store: Any, config: Any) -> Finding:
            ran.append(name)
            if name == failing:
                raise ValueError(f"{name} broke")
            return Finding(name)
        return detect

    monkeypatch.setattr(detectors, "DETECTORS", {n: make(n) for n in ("a", "b", "c", "d", "e")})
    return ran


def test_progress_comes_from_the_calling_thread_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    _stand_ins(monkeypatch)
    calls: list[tuple[str, int, int, bool]] = []
    found = detectors.run_detectors(_Pool(), config=object(),  # type: ignore[arg-type]
                                    progress=lambda label, done, total: calls.append(
                                        (label, done, total, threading.current_thread() is threading.main_thread())))
    assert [f.indicator for f in found] == ["a", "b", "c", "d", "e"]
    assert [c[:3] for c in calls] == [("a", 0, 5), ("b", 1, 5), ("c", 2, 5), ("d", 3, 5), ("e", 4, 5), ("done", 5, 5)]
    assert all(c[3] for c in calls)


def test_a_failing_detector_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    ran = _stand_ins(monkeypatch, failing="b")
    with pytest.raises(ValueError, match="b broke"):
        detectors.run_detectors(_Pool(), config=object())  # type: ignore[arg-type]
    assert "b" in ran
