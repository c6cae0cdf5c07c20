"""Connecting to Neo4j and running the named statements of ``graphfraud/cypher/``.

Every query goes through a :class:`QueryRunner`. The real one, :class:`CypherRunner`, looks the
statement up by name, runs it in a managed transaction (retried by the driver on transient errors)
of the statement's access mode, and tags it with ``{"app": "graphfraud/<version>", "query":
"<area>/<name>"}`` so the server's query log and our audit log name the same thing. Unit tests use
``graphfraud.store.neo4j_recording.RecordingRunner`` instead. The password is never printed or logged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence

import neo4j
from neo4j import GraphDatabase, Query, unit_of_work
from neo4j import exceptions as nx

from graphfraud import __version__, cypher, settings
from graphfraud.errors import InputError, StoreUnavailable

APP = f"graphfraud/{__version__}"
START_SERVER = "start one with `python3 tools/neo4j/server.py run`, or set NEO4J_URI or --neo4j-uri (docs/neo4j.md)"


@dataclass(frozen=True)
class Neo4jConfig:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str = "neo4j"
    batch_size: int = 10_000

    @classmethod
    def from_settings(cls, uri: str | None = None) -> "Neo4jConfig":
        return cls(uri or settings.get("neo4j_uri"), settings.get("neo4j_user"), settings.get("neo4j_password"),
                   settings.get("neo4j_database"), settings.get("neo4j_batch_size"))

    @property
    def shown_uri(self) -> str:
        """The URI without any user:password@ part, safe for messages."""
        return re.sub(r"//[^/@]*@", "//", self.uri)


def metadata(name: str) -> dict[str, str]:
    return {"app": APP, "query": name}


def connect(config: Neo4jConfig) -> neo4j.Driver:
    """A verified driver for a Neo4j 5+ server, or StoreUnavailable with one line saying what to do."""
    if not config.uri:
        raise StoreUnavailable("no Neo4j server given", START_SERVER)
    where = config.shown_uri
    try:
        driver = GraphDatabase.driver(config.uri, auth=(config.user, config.password), user_agent=APP,
                                      notifications_min_severity="OFF", connection_timeout=10)
    except (nx.ConfigurationError, ValueError) as exc:
        raise StoreUnavailable(f"bad Neo4j URI {where!r}: {exc}",
                               "use e.g. neo4j://127.0.0.1:7687 or bolt://host:7687") from None
    try:
        driver.verify_connectivity()
        version = server_version(driver, config.database)
    except (nx.AuthError, nx.Forbidden):
        driver.close()
        raise StoreUnavailable(f"Neo4j at {where} refused the credentials of user {config.user!r}",
                               "check NEO4J_USER and NEO4J_PASSWORD") from None
    except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
        driver.close()
        raise StoreUnavailable(f"cannot reach Neo4j at {where} ({type(exc).__name__})", START_SERVER) from None
    except (nx.UnsupportedServerProduct, nx.DriverError, nx.Neo4jError) as exc:
        driver.close()
        raise StoreUnavailable(f"Neo4j at {where} cannot be used: {str(exc).splitlines()[0][:200]}",
                               "graphfraud needs Neo4j 5 or newer (5.26 LTS recommended)") from None
    if version[0] < 5:
        driver.close()
        raise StoreUnavailable(f"Neo4j at {where} is version {'.'.join(map(str, version))}, older than 5",
                               "upgrade to Neo4j 5 (5.26 LTS recommended)")
    return driver


def server_version(driver: neo4j.Driver, database: str) -> tuple[int, ...]:
    info = driver.get_server_info()
    text = (info.agent or "").partition("/")[2]
    numbers = [int(p) for p in re.findall(r"\d+", text)[:3]]
    return tuple(numbers) if numbers else (0,)


class Row(Protocol):
    """What a runner returns per result row: a ``neo4j.Record``, or a plain dict from a recording runner."""

    def __getitem__(self, key: str) -> Any: ...

    def keys(self) -> Any: ...

    def values(self) -> Any: ...

    def items(self) -> Any: ...


class QueryRunner(Protocol):
    """Runs the named statements of graphfraud/cypher/ (and an investigator's read-only Cypher)."""

    def run(self, area: str, name: str, **params: Any) -> Sequence[Row]: ...

    def run_autocommit(self, area: str, name: str, **params: Any) -> None: ...

    def run_user(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]: ...

    def close(self) -> None: ...


def bind(stmt: cypher.Statement, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a statement declares, taken from ``params``; InputError when one is missing."""
    missing = [p for p in stmt.params if p not in params]
    if missing:
        raise InputError(f"query {stmt.qualified} needs parameters: {', '.join(missing)}")
    return {p: params[p] for p in stmt.params}


class CypherRunner:
    """Runs named statements of graphfraud/cypher/ in managed transactions; values only as parameters."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        # When a list: (statement, server milliseconds) of every statement run, from the result summary
        # (time to first record + time to consume), for benchmarks and profiling; "load/setl_d#3" is
        # the third statement of a multi-statement file.
        self.server_ms: list[tuple[str, int]] | None = None

    def run(self, area: str, name: str, **params: Any) -> list[neo4j.Record]:
        """Records of one named statement, in a read or write transaction as its header says. A file
        of several statements runs them in order in that one transaction and answers with the first's."""
        stmt = cypher.statement(area, name)
        used = bind(stmt, params)

        parts = [(part, {p: used[p] for p in stmt.part_params(part)}) for part in stmt.parts]

        @unit_of_work(metadata=metadata(stmt.qualified))
        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            (first, first_params), *rest = parts
            result = tx.run(first, first_params)
            out = list(result)
            self._timed(stmt.qualified, result.consume())
            for number, (part, part_params) in enumerate(rest, start=2):
                self._timed(f"{stmt.qualified}#{number}", tx.run(part, part_params).consume())
            return out

        with self.driver.session(database=self.database) as session:
            execute = session.execute_read if stmt.mode == "read" else session.execute_write
            return execute(work)

    def _timed(self, name: str, summary: neo4j.ResultSummary) -> None:
        if self.server_ms is not None:
            self.server_ms.append((name, (summary.result_available_after or 0) + (summary.result_consumed_after or 0)))

    def run_autocommit(self, area: str, name: str, **params: Any) -> None:
        """For statements that manage their own transactions (CALL ... IN TRANSACTIONS)."""
        stmt = cypher.statement(area, name)
        with self.driver.session(database=self.database) as session:
            for part in stmt.parts:
                session.run(Query(part, metadata=metadata(stmt.qualified)), bind(stmt, params)).consume()

    def run_user(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        """An investigator's own Cypher, in a READ transaction: the server refuses any write."""

        @unit_of_work(metadata=metadata("user/query"))
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(text, params)
            return list(result.keys()), [list(r.values()) for r in result]

        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def close(self) -> None:
        self.driver.close()
