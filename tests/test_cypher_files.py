"""Every Cypher statement is a checked file: header and parameters agree (SQL files get the same check),
the real server can plan it without scanning all nodes, the code uses it, and hostile identifiers stay data."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphfraud import cypher
from graphfraud.cli import main
from graphfraud.loaders import load_directory
from graphfraud.store import sql_files
from graphfraud.store.neo4j_load import TABLE_LABELS
from graphfraud.query_files import QueryFileError, params_in, parse

PACKAGE = Path(cypher.__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
HOSTILE = "}) DETACH DELETE n //"


def _plan_operators(plan: dict[str, Any]) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [op for c in plan.get("children", []) for op in _plan_operators(c)]


def test_header_params_match_text() -> None:
    statements = cypher.all_statements()
    assert {"load", "graph", "results", "schema", "admin"} <= {s.area for s in statements}
    for s in statements:
        assert params_in("//", s.text) == set(s.params), s.qualified
    names = sql_files.available()
    assert "graph_views" in names and len(names) > 20
    for name in names:  # the same header check as the Cypher files
        query = sql_files.statement(name)
        assert params_in("--", query.text) == set(query.params), name


@pytest.mark.parametrize("text, problem", [
    ("-- name: x\n-- purpose: p\n-- params: $a\n-- returns: r\nSELECT $a, $b", "differ"),
    ("-- name: y\n-- purpose: p\n-- params: none\n-- returns: r\nSELECT 1", "file name"),
    ("-- name: x\n-- params: none\n-- returns: r\nSELECT 1", "lacks purpose"),
])
def test_sql_files_get_the_same_header_check(text: str, problem: str) -> None:
    with pytest.raises(QueryFileError, match=problem):
        parse("--", "store/sql/x.sql", text)
    query = parse("--", "store/sql/x.sql", "-- name: x\n-- purpose: p\n-- params: a\n-- returns: r\n"
                  "SELECT $a, '$text' AS \"$name\" -- $comment")
    assert query.params == ("a",) and query.mode == "read"


@pytest.mark.parametrize("text, problem", [
    ("// name: x\n// mode: read\n// purpose: p\n// params: a\n// returns: r\nRETURN $a, $b", "differ"),
    ("// name: x\n// mode: read\n// purpose: p\n// params: a, b\n// returns: r\nRETURN $a", "differ"),
    ("// name: y\n// mode: read\n// purpose: p\n// params: none\n// returns: r\nRETURN 1", "file name"),
    ("// name: x\n// mode: read\n// params: none\n// returns: r\nRETURN 1", "lacks purpose"),
    ("// name: x\n// mode: delete\n// purpose: p\n// params: none\n// returns: r\nRETURN 1", "mode"),
])
def test_registry_refuses_bad_files(text: str, problem: str) -> None:
    with pytest.raises(cypher.CypherFileError, match=problem):
        cypher.parse("frames", "x.cypher", text)


def test_parameters_inside_strings_are_not_parameters() -> None:
    stmt = cypher.parse("frames", "x.cypher", "// name: x\n// mode: read\n// purpose: p\n// params: a\n"
                        "// returns: r\nRETURN $a + '$notaparam' AS r")
    assert stmt.params == ("a",)


def test_every_file_is_used_by_code() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    unused = []
    for s in cypher.all_statements():
        if s.area == "load" and s.name in TABLE_LABELS:
            continue  # run as runner.run("load", table) for each input table
        needle = f'"{s.name}"' if s.area == "frames" else f'"{s.area}", "{s.name}"'
        if needle not in source:
            unused.append(s.qualified)
    assert not unused, f"Cypher files no code runs: {unused}"
    assert set(TABLE_LABELS) == set(cypher.available("load")) - {"existing_keys", "record_load", "load_history",
                                                                  "next_load_id", "rekey"}


@pytest.mark.neo4j
def test_explain_every_file_on_the_server(neo4j_server: Any) -> None:
    import neo4j

    scans, errors = [], []
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password),
                                    notifications_min_severity="OFF") as driver, driver.session() as session:
        for s in cypher.all_statements():
            for part in s.parts:
                try:
                    plan = session.run("EXPLAIN " + part).consume().plan
                except neo4j.exceptions.Neo4jError as exc:
                    errors.append(f"{s.qualified}: {exc.message.splitlines()[0] if exc.message else exc}")
                    continue
                if "AllNodesScan" in _plan_operators(plan) and s.qualified != "admin/wipe":
                    scans.append(s.qualified)
    assert not errors, "statements the server cannot plan:\n" + "\n".join(errors)
    assert not scans, f"statements that scan every node (give their MATCH a label): {scans}"


@pytest.mark.neo4j
def test_hostile_identifiers_round_trip_as_data(neo4j_store: Any, neo4j_server: Any, tmp_path: Path) -> None:
    load_directory(neo4j_store, MINI, tmp_path / "loads")
    before = neo4j_store.counts()
    keys = set(neo4j_store.table("psn_info")._key)
    assert keys == {HOSTILE, "P'2", "P003"}
    assert set(neo4j_store.table("practitioner")._key) == {"D001", "D'002"}
    assert neo4j_store.table("psn_ident").set_index("psn_no").loc["P003", "ident_value"] == "DEV-'`\"1"
    result = CliRunner().invoke(main, ["query", "--store", "neo4j", "--json", "--param", f"psn={HOSTILE}",
                                       "MATCH (p:Person {_key: $psn})-[:SETTLED]->(c:Claim) RETURN c._key AS setl_id"],
                                env=neo4j_server.env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"kind": "query", "columns": ["setl_id"], "rows": [{"setl_id": "S0001"}]}
    assert neo4j_store.counts() == before


@pytest.mark.neo4j
def test_query_refuses_writes(neo4j_store: Any, neo4j_server: Any, tmp_path: Path) -> None:
    load_directory(neo4j_store, MINI, tmp_path / "loads")
    before = neo4j_store.counts()
    result = CliRunner().invoke(main, ["query", "--store", "neo4j", "MATCH (p:Person) DETACH DELETE p"],
                                env=neo4j_server.env)
    assert result.exit_code == 2 and "refuses" in result.output and "Traceback" not in result.output
    assert neo4j_store.counts() == before
    csv_out = CliRunner().invoke(main, ["query", "--store", "neo4j", "--csv", "-p", "n:=2",
                                        "MATCH (c:Claim) RETURN c._key AS k ORDER BY k LIMIT $n"], env=neo4j_server.env)
    assert csv_out.output.splitlines() == ["k", "S0001", "S0002"]


def test_query_on_embedded_store_says_so_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "MATCH (n:Person) RETURN n", "--workspace", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and "--store neo4j" in lines[0]
