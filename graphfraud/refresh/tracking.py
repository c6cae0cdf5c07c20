"""Which files of a data directory are new or changed since the last refresh, by content hash.

``refresh_files`` keeps one row per (file, content) a refresh has loaded: relative path, SHA-256,
size and the refresh that loaded it. A file is loaded again only when its content changed; a copy
of already loaded content under another name is recorded without loading it again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.loaders.pipeline import discover
from graphfraud.store.base import GraphStore

FILES = "refresh_files"
CHUNK = 1 << 20
RACY_SECONDS = 2


@dataclass(frozen=True)
class DataFile:
    path: str  # relative to the data directory, POSIX style
    sha256: str
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def scan(data_dir: Path, memo: Path | None = None) -> list[DataFile]:
    """Every loadable file of ``data_dir`` with its content hash, in name order.

    With ``memo`` (a JSON file), a file whose size, modification time (ns) and inode are those of
    the last scan keeps its hash instead of being read again, as ``git status`` does; an entry
    younger than ``RACY_SECONDS`` at that scan is read again, since a write within the same clock
    tick could leave the time unchanged.
    """
    files, _ = discover(data_dir)
    known = _read_memo(memo)
    out, seen = [], {}
    for path in files:
        stat, name = path.stat(), str(path.resolve())
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        entry = known.get(name)
        digest = entry[1] if entry and entry[0] == stamp else sha256_of(path)
        if time.time_ns() - stat.st_mtime_ns > RACY_SECONDS * 10**9:
            seen[name] = [stamp, digest]
        out.append(DataFile(path.relative_to(data_dir).as_posix(), digest, stat.st_size))
    if memo is not None:
        memo.parent.mkdir(parents=True, exist_ok=True)
        partial = memo.with_name(memo.name + ".partial")
        partial.write_text(json.dumps(seen), encoding="utf-8")
        os.replace(partial, memo)
    return out


def _read_memo(memo: Path | None) -> dict[str, Any]:
    if memo is None or not memo.exists():
        return {}
    try:
        return dict(json.loads(memo.read_text(encoding="utf-8")))
    except ValueError:  # a damaged memo only costs reading the files again
        return {}


def tracked(store: GraphStore) -> pd.DataFrame:
    frame = store.get_results(FILES)
    return frame if not frame.empty else pd.DataFrame(columns=["path", "sha256", "size", "refresh_id"])


def changed(store: GraphStore, files: list[DataFile]) -> tuple[list[DataFile], list[DataFile]]:
    """(files to load, files whose content is already loaded under another name or version)."""
    known = tracked(store)
    pairs = set(zip(known.path, known.sha256))
    hashes = set(known.sha256)
    fresh = [f for f in files if (f.path, f.sha256) not in pairs]
    return [f for f in fresh if f.sha256 not in hashes], [f for f in fresh if f.sha256 in hashes]


def record(store: GraphStore, files: list[DataFile], refresh_id: int) -> None:
    """Track ``files`` as loaded by refresh ``refresh_id``; a (path, hash) tracked already is not added again."""
    known = tracked(store)
    pairs = set(zip(known.path, known.sha256))
    fresh = [f for f in files if (f.path, f.sha256) not in pairs]
    if fresh:
        frame = pd.DataFrame([{"path": f.path, "sha256": f.sha256, "size": f.size, "refresh_id": refresh_id}
                              for f in fresh]).astype({"size": "int64", "refresh_id": "int64"})
        store.put_results(FILES, frame, replace=False)


def stage(data_dir: Path, files: list[DataFile], folder: Path) -> Path:
    """A directory holding just ``files`` (as links, same relative paths), for the loader."""
    if folder.exists():
        shutil.rmtree(folder)
    for f in files:
        target = folder / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink((data_dir / f.path).resolve(), target)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
