"""Which store a command works on, and opening it.

A :class:`StoreSpec` is what the store options of the command line (``--store``, ``--workspace``,
``--neo4j-uri``) describe; the CLI keeps it in the click context, and the audit hook writes the
command's entry to the same store. Backends are imported only when opened, so the CLI starts fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from graphfraud.errors import InputError

if TYPE_CHECKING:
    from graphfraud.store.base import GraphStore
    from graphfraud.store.neo4j_store import Neo4jStore

StoreKind = Literal["embedded", "neo4j"]
KINDS: tuple[StoreKind, ...] = ("embedded", "neo4j")


@dataclass(frozen=True)
class StoreSpec:
    """A store to open: the embedded ``workspace`` file, or the Neo4j server at ``neo4j_uri``.

    ``workspace`` matters for Neo4j too: the refresh lock and state folder sit beside it.

    >>> StoreSpec("embedded", Path("case.duckdb")).beside(".loads")
    PosixPath('case.duckdb.loads')
    """

    kind: StoreKind
    workspace: Path
    neo4j_uri: str = ""

    def open(self, read_only: bool = False) -> GraphStore:
        return open_store(self, read_only)

    def open_neo4j(self) -> Neo4jStore:
        """The Neo4j store of this spec, whatever its kind (for commands that only Neo4j serves)."""
        from graphfraud.store.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(uri=self.neo4j_uri or None)

    def beside(self, suffix: str) -> Path:
        """A path next to the workspace file: ``case.duckdb`` -> ``case.duckdb<suffix>``."""
        return self.workspace.with_name(self.workspace.name + suffix)

    @property
    def exists(self) -> bool:
        """False only for an embedded workspace that was never created (nothing to read or audit)."""
        return self.kind != "embedded" or self.workspace.exists()


def open_store(spec: StoreSpec, read_only: bool = False) -> GraphStore:
    """Open the store ``spec`` describes; ``read_only`` applies to the embedded workspace."""
    if spec.kind == "neo4j":
        return spec.open_neo4j()
    if spec.kind != "embedded":
        raise InputError(f"unknown store kind {spec.kind!r}", "use embedded or neo4j")
    from graphfraud.store.embedded import EmbeddedStore

    return EmbeddedStore(spec.workspace, read_only=read_only)
