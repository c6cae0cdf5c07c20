"""The files of a bundle being written: where each lives, what kind of item it is, its format and
row count, and its SHA-256, so the lists (证据清单, 电子数据清单) are made from what was written."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BundleFile:
    path: str  # relative to the bag's data/ folder, forward slashes
    kind: str  # document | list | table | graph | picture | view | record
    format: str
    title: str
    sha256: str
    size: int
    rows: int | None = None


@dataclass
class BundleFiles:
    """Writes payload files under ``root`` and remembers each one."""

    root: Path
    fixed_time: dt.datetime
    entries: dict[str, BundleFile] = field(default_factory=dict)

    def add(self, path: str, data: bytes, kind: str, title: str, rows: int | None = None) -> BundleFile:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entry = BundleFile(path, kind, path.rsplit(".", 1)[-1].upper(), title, hashlib.sha256(data).hexdigest(),
                           len(data), rows)
        self.entries[path] = entry
        return entry

    def of_kind(self, *kinds: str) -> list[BundleFile]:
        return sorted((e for e in self.entries.values() if e.kind in kinds), key=lambda e: e.path)


def json_bytes(data: Any) -> bytes:
    """Canonical JSON (sorted keys, UTF-8): the same data always gives the same bytes."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n").encode("utf-8")
