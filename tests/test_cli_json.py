"""One JSON convention for every command (docs/json.md), checked over every registered command.

Each command runs with ``--json`` on the example data; its stdout must be one object whose first key
is ``kind``, with ISO-8601 times carrying their zone, lists as lists and no JSON text inside a
string. Failures under ``--json`` are one JSON object on stderr with the exit code.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import click
import pytest
from click.testing import CliRunner

from graphfraud.cli import main

ROOT = Path(__file__).parents[1]
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
ZONED = re.compile(r"(?:Z|[+-]\d{2}:\d{2})$")


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from leaf_commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,)


def check_convention(document: Any, where: str = "$") -> None:
    """Times with zone, no JSON text in strings, no missing-value marks; recursively."""
    if isinstance(document, dict):
        for key, value in document.items():
            check_convention(value, f"{where}.{key}")
    elif isinstance(document, list):
        for i, value in enumerate(document[:50]):
            check_convention(value, f"{where}[{i}]")
    elif isinstance(document, str):
        assert not (TIME.match(document) and not ZONED.search(document)), f"{where}: time without zone {document!r}"
        if document[:1] in "[{" and document[-1:] in "]}":
            try:
                json.loads(document)
            except ValueError:
                pass
            else:
                raise AssertionError(f"{where}: JSON inside a string: {document[:60]!r}")
        assert document not in ("NaT", "NaN", "nan"), f"{where}: {document!r}"
    elif isinstance(document, float):
        assert document == document, f"{where}: NaN"


def run(*args: Any, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def first(found: dict[str, Any], key: str) -> Any:
    return found[key][0] if found.get(key) else None


@pytest.fixture(scope="module")
def ws(detected: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example workspace after detect (rings and leads), for commands that write."""
    folder = tmp_path_factory.mktemp("json")
    target = folder / "ws.duckdb"
    shutil.copy(detected[0], target)
    return target


def invocations(ws: Path, tmp: Path, small_data: Path) -> dict[tuple[str, ...], list[str]]:
    """How each command is run for this test (everything on the example workspace)."""
    rings = json.loads(run("rings", "--workspace", ws, "--json").stdout)["rings"]
    ring = rings[0]["ring_id"]
    members = json.loads(run("ring", "show", ring, "--workspace", ws, "--json").stdout)["members"]
    persons = [m["key"] for m in members if m["label"] == "Person"]
    from graphfraud.keys import init_keys

    keys = tmp / "keys"
    init_keys(keys)
    w = ["--workspace", str(ws)]
    for lead in ("L-000002", "L-000003"):  # confirmed, to be referred; the third referred already (for receipt)
        run("leads", "assign", lead, "--to", "王五", *w)
        run("leads", "status", lead, "investigating", *w)
        run("leads", "status", lead, "confirmed", "--note", "查实", *w)
    run("leads", "refer", "L-000003", "--to", "market", "--out", str(tmp / "referred"), "--key-dir", str(keys), *w)
    return {
        ("generate",): [str(tmp / "gen"), "--persons", "300", "--clean"],
        ("load",): [str(small_data), *w],
        ("status",): w, ("settings",): [], ("export-tables",): [str(tmp / "tables"), *w], ("demo",): ["--dir", str(tmp / "demo"), "--persons", "300"],
        ("detect",): [*w, "--top", "3"], ("rings",): [*w, "--limit", "3"],
        ("ring", "show"): [ring, *w],
        ("path",): [persons[0], persons[1], *w, "--through-hubs"],
        ("expand",): [persons[0], *w, "--limit", "3"], ("why",): [persons[0], *w],
        ("leads", "list"): w, ("leads", "show"): ["L-000001", *w],
        ("leads", "assign"): ["L-000001", "--to", "王五", *w],
        ("leads", "status"): ["L-000001", "investigating", *w],
        ("leads", "note"): ["L-000001", "已调取监控", *w],
        ("leads", "export"): [str(tmp / "ledger.csv"), *w],
        ("leads", "add"): ["--tip", "JB-1", "--subject", persons[0], "--summary", "举报：收购医保药", *w],
        ("leads", "refer"): ["L-000002", "--to", "health", "--out", str(tmp / "referrals"), "--key-dir", str(keys), *w],
        ("leads", "receipt"): ["L-000003", "--agency", "market", "--note", "回执", *w],
        ("audit", "verify"): w, ("audit", "show"): [*w, "--limit", "3"],
        ("evaluate",): ["--truth", str(ROOT / "examples/data.truth.json"), *w],
        ("keys", "init"): ["--key-dir", str(tmp / "new-keys")],
        ("case", "export"): [ring, "--out", str(tmp / "case.zip"), "--key-dir", str(keys), *w],
        ("case", "verify"): [str(tmp / "case.zip")],
        ("refresh",): [str(small_data), *w],
        ("query",): ["MATCH (n) RETURN count(n) AS n", *w],
        ("neo4j", "push"): w,
        ("risk", "institutions"): [*w, "--limit", "3"], ("risk", "doctors"): [*w, "--limit", "3"],
        ("risk", "persons"): [*w, "--limit", "3"], ("credit", "records"): w, ("credit", "points"): w,
        ("inspect", "plan"): ["--institutions", "3", "--seed", "1", *w],
        ("identity", "link"): w, ("identity", "show"): [persons[0], *w],
        ("identity", "evaluate"): ["--truth", str(_identity_truth(tmp, persons)), *w],
        ("neo4j", "export-import"): [str(tmp / "neo4j-import"), *w],
    }


def _identity_truth(tmp: Path, persons: list[str]) -> Path:
    path = tmp / "identity.truth.json"
    path.write_text(json.dumps({"identities": {"duplicates": [persons[:2]], "noise": [["pinyin"]], "twins": []}}))
    return path


NEO4J_ONLY = {("query",), ("neo4j", "push")}


def test_every_command_prints_one_json_object_with_its_kind(ws: Path, tmp_path: Path, small_data: Path) -> None:
    plan = invocations(ws, tmp_path, small_data)
    commands = list(leaf_commands(main))
    assert set(commands) == set(plan), f"commands without a JSON check: {set(commands) ^ set(plan)}"
    kinds = {}
    for path in commands:  # in name order: case export before case verify
        result = run(*path, *plan[path], "--json", env={"NEO4J_URI": "bolt://127.0.0.1:1"} if path in NEO4J_ONLY else None)
        if path in NEO4J_ONLY:  # no server here: the failure is JSON too (the Neo4j tests run them for real)
            assert result.exit_code in (2, 3), (path, result.output)
            error = json.loads(result.stderr)
            assert error["kind"] == "error" and error["error"]["exit_code"] == result.exit_code and error["error"]["remedy"]
            continue
        assert result.exit_code == 0, (path, result.output)
        document = json.loads(result.stdout)
        assert isinstance(document, dict) and next(iter(document)) == "kind", path
        check_convention(document, " ".join(path))
        kinds[path] = document["kind"]
    documented = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for path, kind in kinds.items():  # every kind, and every command, has its line in docs/json.md
        assert f"`{kind}`" in documented and f"`{' '.join(path)}`" in documented, (path, kind)


@pytest.mark.parametrize("args, code", [
    (["ring", "show", "R-999999"], 2), (["leads", "show", "L-999999"], 2), (["why", "no-such-id"], 2),
    (["rings", "--limit", "x"], 2), (["path", "a"], 2)])
def test_errors_under_json_are_json_on_stderr_with_the_exit_code(ws: Path, args: list[str], code: int) -> None:
    result = run(*args, "--workspace", ws, "--json")
    assert result.exit_code == code
    assert result.stdout == ""
    error = json.loads(result.stderr)
    assert error["kind"] == "error" and error["error"]["exit_code"] == code and error["error"]["message"]


def test_ring_and_rings_payload_names_for_evaluators(ws: Path) -> None:
    rings = json.loads(run("rings", "--workspace", ws, "--json", "--limit", "2").stdout)
    assert rings["kind"] == "rings"
    row = rings["rings"][0]
    assert {"ring_id", "rank", "score", "typology", "persons", "members", "fund_pay_sumamt", "acct_pay"} <= set(row)
    assert isinstance(row["breakdown"], dict)
    shown = json.loads(run("ring", "show", row["ring_id"], "--workspace", ws, "--json").stdout)
    assert shown["kind"] == "ring" and set(shown) >= {"ring", "members", "context", "indicators", "evidence", "timeline"}
    assert {"node_id", "label", "key", "name", "role"} <= set(shown["members"][0])
    assert all(isinstance(e["entities"], list) for e in shown["evidence"][:20])
    assert all(isinstance(e["detail"], (dict, type(None))) for e in shown["evidence"][:20])


def test_missing_workspace_is_not_created(tmp_path: Path) -> None:
    ws = tmp_path / "typo.duckdb"
    for args in (["detect"], ["leads", "list"], ["audit", "verify"], ["rings"]):
        result = run(*args, "--workspace", ws)
        assert result.exit_code == 3 and "does not exist" in result.output, args
    assert not ws.exists()
