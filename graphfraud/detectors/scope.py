"""What part of the input a detector's findings depend on, so a refresh can recompute only that part.

A detector module may declare ``SCOPE = Partition(...)``: its findings fall apart into partitions
(one per trace code, say), and each partition depends only on the input rows that carry its key.
A refresh that adds rows then recomputes just the partitions those rows reach and keeps the
previous run's findings of every other partition (``graphfraud.refresh.incremental``).

The declaration is a promise about the detector's logic, so it sits beside the code it describes.
Without one, a detector is recomputed in full whenever a table it read has new rows; that needs
no declaration, the refresh records what each detector reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Partition:
    """``keys``: per input table, a DuckDB expression giving the list of partition keys of a row
    (every table whose new rows the partitions can absorb; new rows in any other table the detector
    read mean a full recomputation). ``owner``: the partition key of an evidence ID, so the findings
    of a recomputed partition replace its old ones (links, flags and evidence carry the evidence ID).
    ``sums``: the counts in the detector's params that add up over partitions; a refresh takes off
    what the recomputed partitions counted before the new rows and adds what they count now.

    >>> p = Partition("trace code", {"fee_list_d": "[drug_trac_codg]"}, lambda e: e.split(":", 2)[2])
    >>> p.owner("trace_reuse:resold:8" + "1" * 19)[:3]
    '811'
    """

    key: str
    keys: dict[str, str]
    owner: Callable[[str], str]
    sums: tuple[str, ...] = ()
