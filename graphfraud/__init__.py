"""graphfraud: offline investigator of organised fraud against the medical-insurance fund (医保基金).

The public facade; everything else lives in sub-packages by concern (loaders, store, detectors,
rings, case, ledger, audit, privacy). Names load lazily so the CLI starts fast.

>>> import graphfraud
>>> graphfraud.__version__
'0.1.0'
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "EmbeddedStore": "graphfraud.store.embedded",
    "GraphStore": "graphfraud.store.base",
    "load_directory": "graphfraud.loaders.pipeline",
    "generate": "graphfraud.generate",
    "detect_rings": "graphfraud.rings.pipeline",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graphfraud' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
