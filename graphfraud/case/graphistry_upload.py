"""Optional upload of a ring to a Graphistry server (GRAPHISTRY_* settings), for analysts who use one.

Only what the chosen profile shows is uploaded. Nothing is sent unless the server is configured and
``--graphistry`` was given; the graphistry client is an optional dependency.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graphfraud import settings
from graphfraud.errors import InputError, StoreUnavailable

SETTINGS_HINT = ("set GRAPHISTRY_SERVER (host of your Graphistry server), GRAPHISTRY_USERNAME and "
                 "GRAPHISTRY_PASSWORD; GRAPHISTRY_PROTOCOL=http on a closed network")


def check_configured() -> None:
    """Fail before any work when --graphistry cannot succeed, saying what to set or install."""
    if not settings.get("graphistry_server"):
        raise InputError("--graphistry needs a Graphistry server, and none is configured", SETTINGS_HINT)
    try:
        import graphistry  # noqa: F401
    except ImportError as exc:
        raise InputError("--graphistry needs the graphistry client",
                         "install it: pip install 'graphfraud[graphistry]'") from exc


def upload(graph: nx.DiGraph, name: str) -> str:
    """Upload nodes and edges; returns the link to the uploaded view."""
    import graphistry

    nodes = pd.DataFrame([{"id": n, **{k: v for k, v in d.items() if not isinstance(v, list)}}
                          for n, d in graph.nodes(data=True)])
    edges = pd.DataFrame([{"src": a, "dst": b, **{k: v for k, v in d.items() if not isinstance(v, list)}}
                          for a, b, d in graph.edges(data=True)])
    try:
        graphistry.register(api=3, protocol=settings.get("graphistry_protocol"),
                            server=settings.get("graphistry_server"), username=settings.get("graphistry_username"),
                            password=settings.get("graphistry_password"))
        return str(graphistry.edges(edges, "src", "dst").nodes(nodes, "id").name(name).plot(render=False))
    except Exception as exc:  # the client raises many types (HTTP, auth, JSON); all mean "not uploaded"
        raise StoreUnavailable(f"Graphistry upload failed: {exc}",
                               "check the GRAPHISTRY_* settings and that the server is reachable") from exc
