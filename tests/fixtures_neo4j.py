"""A real Neo4j for the tests, and a ``store`` fixture parametrised over both backends.

``neo4j_server``: the server of NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD when NEO4J_URI is set
(the Docker image, a company server); otherwise one started by tools/neo4j/server.py on a free
127.0.0.1 port with a random password, stopped at the end of the session. When it cannot start the
Neo4j tests skip with the reason, except under CI=true, where they fail.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest


@dataclass
class Neo4jEndpoint:
    uri: str
    user: str
    password: str = field(repr=False)

    @property
    def env(self) -> dict[str, str]:
        """Environment for a graphfraud subprocess that should use this server."""
        return {**os.environ, "NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    def config(self) -> Any:
        from graphfraud.store.neo4j_connect import Neo4jConfig

        return Neo4jConfig(self.uri, self.user, self.password)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Neo4j is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j: {reason}")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jEndpoint]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jEndpoint(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                            os.environ.get("NEO4J_PASSWORD", ""))
        return
    try:
        from tools.neo4j.server import start

        server = start()
    except Exception as exc:  # noqa: BLE001 - any reason it cannot start is reported the same way
        _unavailable(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    try:
        yield Neo4jEndpoint(server.uri, server.user, server.password)
    finally:
        server.stop()


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jEndpoint) -> Iterator[Any]:
    """A Neo4j store on an emptied database."""
    from graphfraud.store.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(neo4j_server.config())
    store.wipe()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty store of each kind: the same test runs on the embedded store and on Neo4j."""
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
        return
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path / "contract.duckdb") as embedded:
        yield embedded
