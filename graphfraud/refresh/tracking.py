"""Which files of a data directory are new or changed since the last refresh, by content hash.

``refresh_files`` keeps one row per (file, content) a refresh has loaded: relative path, SHA-256,
size and the refresh that loaded it. A file is loaded again only when its content changed; a copy
of already loaded content under another name is recorded without loading it again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graphfraud.loaders.pipeline import discover
from graphfraud.store.base import GraphStore

FILES = "refresh_files"
CHUNK = 1 << 20


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


def scan(data_dir: Path) -> list[DataFile]:
    """Every loadable file of ``data_dir`` with its content hash, in name order."""
    files, _ = discover(data_dir)
    return [DataFile(p.relative_to(data_dir).as_posix(), sha256_of(p), p.stat().st_size) for p in files]


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
