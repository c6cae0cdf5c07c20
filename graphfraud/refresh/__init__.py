"""Scheduled refresh: delta loads by content hash, detection with stable ring IDs, diff report, leads."""
from __future__ import annotations

from graphfraud.refresh.lock import RefreshBusy, RefreshLock
from graphfraud.refresh.run import Options, RefreshResult, refresh

__all__ = ["Options", "RefreshBusy", "RefreshLock", "RefreshResult", "refresh"]
