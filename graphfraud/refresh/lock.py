"""One refresh at a time per workspace: an exclusive, non-blocking ``flock`` on a lock file.

The kernel drops the lock when its process ends, however it ends (kill -9 included), so a crashed
refresh never leaves a stale lock behind. The holder's pid and start time are written into the
file only to make the message of the refused refresh useful.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path
from types import TracebackType

from graphfraud.errors import GraphfraudError


class RefreshBusy(GraphfraudError):
    """Another refresh holds the lock."""

    remedy = "it will be picked up by the next scheduled run; nothing was changed"
    exit_code = 75  # EX_TEMPFAIL: schedulers treat it as "try at the next timer"


class RefreshLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> "RefreshLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise RefreshBusy(f"another refresh is running on this workspace ({holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, since {dt.datetime.now().isoformat(timespec='seconds')}".encode())
        self.fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
