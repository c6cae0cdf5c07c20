"""The audit trail: a hash-chained log of every command that reads or changes data (执法全过程记录)."""
from __future__ import annotations

from graphfraud.audit.chain import Verdict, verify
from graphfraud.audit.hook import operator
from graphfraud.audit.log import Entry, append, check, entries

__all__ = ["Entry", "Verdict", "append", "check", "entries", "operator", "verify"]
