"""A query runner that records instead of running: Neo4j code paths tested without a server.

The pattern of the graphdatascience client's ``CollectingQueryRunner``: every named statement is
checked against its file (name, declared parameters) exactly as :class:`CypherRunner` checks it,
then recorded with its parameters and access mode, and answered from canned rows. ``fail_at``
raises a chosen driver error at the N-th call, to test what a store does when the server fails
half-way. It stands beside the tests against the real Neo4j, never instead of them.

>>> from graphfraud.store.neo4j_store import Neo4jStore
>>> runner = RecordingRunner({"load/next_load_id": [{"load_id": 3}]})
>>> Neo4jStore(runner).next_load_id()
3
>>> runner.queries
[RecordedQuery(name='load/next_load_id', params={}, mode='read')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from graphfraud import cypher
from graphfraud.store.neo4j_connect import bind

Answer = list[dict[str, Any]] | Callable[[dict[str, Any]], list[dict[str, Any]]]


@dataclass
class RecordedQuery:
    name: str  # "area/name", or "user/query" for an investigator's Cypher
    params: dict[str, Any]
    mode: str  # read | write | autocommit


@dataclass
class RecordingRunner:
    """Answers ``run`` from ``answers`` (rows, or a function of the parameters; none: no rows)."""

    answers: Mapping[str, Answer] = field(default_factory=dict)
    fail_at: int | None = None  # 1-based number of the call that raises ``error``
    error: BaseException | None = None
    queries: list[RecordedQuery] = field(default_factory=list)
    closed: bool = False

    def run(self, area: str, name: str, **params: Any) -> list[dict[str, Any]]:
        stmt = cypher.statement(area, name)
        return self._record(stmt.qualified, bind(stmt, params), stmt.mode)

    def run_autocommit(self, area: str, name: str, **params: Any) -> None:
        stmt = cypher.statement(area, name)
        self._record(stmt.qualified, bind(stmt, params), "autocommit")

    def run_user(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        rows = self._record("user/query", {"text": text, **params}, "read")
        columns = list(rows[0]) if rows else []
        return columns, [list(r.values()) for r in rows]

    def close(self) -> None:
        self.closed = True

    def names(self, mode: str | None = None) -> list[str]:
        """The statements run so far, in order (only those of ``mode`` when given)."""
        return [q.name for q in self.queries if mode is None or q.mode == mode]

    def _record(self, name: str, params: dict[str, Any], mode: str) -> list[dict[str, Any]]:
        self.queries.append(RecordedQuery(name, params, mode))
        if self.fail_at is not None and len(self.queries) == self.fail_at:
            raise self.error if self.error is not None else RuntimeError(f"call {self.fail_at} fails")
        answer = self.answers.get(name, [])
        return list(answer(params) if callable(answer) else answer)
