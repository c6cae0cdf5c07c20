"""Layers point one way: the import graph of graphfraud/ has no cycle and no import from a lower layer
to a higher one; every command declares whether it is audited, and every command that writes is.

Layers, top to bottom (a module may import its own layer and the ones below):

1. ``cli``: graphfraud.cli, the click group that registers every command module;
2. ``commands``: graphfraud.commands.* and graphfraud.ui (the only code that prints);
3. ``library``: audit, case, detectors, evaluation, generate, identity, keys, ledger, loaders, privacy,
   refresh, risk, rings, tomlconfig (returns results, never prints, knows nothing of click or rich);
4. ``store``: graphfraud.store.*, graphfraud.cypher;
5. ``base``: graphfraud (the facade), errors, schema, settings, query_files.
"""
from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from graphfraud.cli import main
from graphfraud.commands.auditing import AuditedCommand
from tests.helpers import REPO

PACKAGE = REPO / "graphfraud"
LAYERS = {
    "cli": ("graphfraud.cli",),
    "commands": ("graphfraud.commands", "graphfraud.ui"),
    "library": tuple(f"graphfraud.{p}" for p in ("audit", "case", "detectors", "evaluation", "generate", "identity", "keys",
                                                  "ledger", "loaders", "privacy", "refresh", "risk", "rings", "tomlconfig")),
    "store": ("graphfraud.store", "graphfraud.cypher"),
    "base": ("graphfraud.errors", "graphfraud.schema", "graphfraud.settings", "graphfraud.query_files", "graphfraud"),
}
RANK = {name: rank for rank, name in enumerate(reversed(list(LAYERS)))}
PRINTING = ("click", "rich")  # only the CLI layers may use them
# Commands that change a store or write files from it; each must be audited (keys init writes a key
# outside any store, so there is no log to write to: it is the one writer that is not).
WRITERS = {"load", "detect", "refresh", "leads assign", "leads status", "leads note", "leads export", "case export",
           "neo4j push", "demo", "keys init", "generate"}
UNAUDITED_WRITERS = {"keys init", "demo", "generate"}  # no store of record: demo makes a throw-away workspace


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    best = max((prefix for prefixes in LAYERS.values() for prefix in prefixes
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return next(name for name, prefixes in LAYERS.items() if best in prefixes)


def imports_of(module: str) -> set[str]:
    """Every module (of graphfraud, or the top-level name of another package) that ``module`` imports,
    wherever the import stands: at the top, in a function, or under TYPE_CHECKING."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m if m.startswith("graphfraud") else m.split(".")[0] for m in found}


GRAPH = {m: {i for i in imports_of(m) if i in MODULES and i != m} for m in MODULES}


def test_layers_name_every_module() -> None:
    assert all(layer_of(m) for m in MODULES)
    assert layer_of("graphfraud.commands.options") == "commands" and layer_of("graphfraud.store.spec") == "store"


def test_no_import_runs_up_a_layer() -> None:
    upward = sorted(f"{m} ({layer_of(m)}) imports {i} ({layer_of(i)})"
                    for m, targets in GRAPH.items() for i in targets if RANK[layer_of(i)] > RANK[layer_of(m)])
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def test_no_import_cycle() -> None:
    cycles = _cycles(GRAPH)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_only_the_cli_layers_print() -> None:
    printing = sorted(f"{m} imports {i}" for m in MODULES if RANK[layer_of(m)] < RANK["commands"]
                      for i in imports_of(m) if i in PRINTING)
    assert not printing, "library code that prints (return results; let the command render them):\n" + "\n".join(printing)


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(_loop_through(sorted(component), graph))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def _loop_through(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A readable loop inside one component, from its first module back to it."""
    start, inside = component[0], set(component)
    path, node, seen = [start], start, {start}
    while True:
        nxt = next(n for n in sorted(graph[node]) if n in inside and (n == start or n not in seen))
        path.append(nxt)
        if nxt == start:
            return path
        seen.add(nxt)
        node = nxt


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            found += _commands(cmd, prefix + (name,))
        else:
            found.append((" ".join(prefix + (name,)), cmd))
    return found


COMMANDS = dict(_commands(main))


def test_every_command_declares_whether_it_is_audited() -> None:
    undeclared = [name for name, cmd in COMMANDS.items() if not isinstance(cmd, AuditedCommand)]
    assert not undeclared
    assert WRITERS <= set(COMMANDS), f"writers that are no commands: {sorted(WRITERS - set(COMMANDS))}"


def test_every_writing_command_is_audited() -> None:
    missing = sorted(name for name in WRITERS - UNAUDITED_WRITERS if not COMMANDS[name].audited)  # type: ignore[attr-defined]
    assert not missing, f"commands that write but leave no audit entry: {missing}"
    assert COMMANDS["neo4j push"].audited  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_audited_commands_say_which_store_gets_the_entry(name: str) -> None:
    """An audited command takes --workspace (and so a StoreSpec); every command on a store is audited."""
    cmd = COMMANDS[name]
    options = {opt for p in cmd.params for opt in getattr(p, "opts", [])}
    assert cmd.audited == ("--workspace" in options), name  # type: ignore[attr-defined]


def test_a_group_refuses_a_command_that_does_not_declare_it() -> None:
    from graphfraud.commands.group import group

    @group()
    def sample() -> None:
        """A group for this test."""

    with pytest.raises(TypeError, match="audited"):
        sample.command()(lambda: None)
