"""graphfraud: offline investigator of organised fraud against the medical-insurance fund (医保基金)."""
from __future__ import annotations

__version__ = "0.1.0"
