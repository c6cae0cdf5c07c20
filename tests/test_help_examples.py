"""Every example in --help names IDs that exist in examples/ and, for the commands that only read,
runs as written against the example workspace (issue 11: no more R-0001 or 33052200000000000123)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any, Iterator

import click
from click.testing import CliRunner

from graphfraud.cli import main

ID = re.compile(r"^(?:(?:Person|Institution|Practitioner):)?(?:[RL]-\d{4,}|[HPD]\d{10,}|\d{14,})$")
READ_ONLY = {("ring", "show"), ("rings",), ("why",), ("path",), ("expand",), ("leads", "list"), ("leads", "show"),
             ("audit", "show"), ("status",)}


def examples(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    for name, cmd in sorted(group.commands.items()):
        path = prefix + (name,)
        text = cmd.help or ""
        if "Example" in text:
            block = text[text.index("Example"):].replace("\\\n", " ")
            for line in block.splitlines()[1:]:
                line = line.strip()
                if line.startswith("graphfraud "):
                    yield path, line.split("  #")[0].split(" > ")[0].strip()
        if isinstance(cmd, click.Group):
            yield from examples(cmd, path)


def test_every_id_in_a_help_example_exists_in_the_example_data(detected: tuple[Path, dict[str, Any]]) -> None:
    from graphfraud.errors import NotFound
    from graphfraud.ledger import ledger
    from graphfraud.store.embedded import EmbeddedStore

    path, _ = detected
    with EmbeddedStore(path, read_only=True) as store:
        rings = set(store.get_results("rings").ring_id)
        leads = {lead.lead_id for lead in ledger(store)}
        checked = 0
        for command, line in examples(main):
            for token in shlex.split(line):
                if not ID.match(token):
                    continue
                checked += 1
                if re.fullmatch(r"R-\d+", token):
                    assert token in rings, f"{' '.join(command)} example names ring {token}: {line}"
                elif re.fullmatch(r"L-\d+", token):
                    assert token in leads, f"{' '.join(command)} example names lead {token}: {line}"
                else:
                    try:
                        store.resolve(token)
                    except NotFound:
                        raise AssertionError(f"{' '.join(command)} example names {token}, not in examples/: {line}")
    assert checked >= 15


def test_read_only_examples_run_against_the_example_workspace(detected: tuple[Path, dict[str, Any]]) -> None:
    path, _ = detected
    ran = 0
    for command, line in examples(main):
        words = shlex.split(line)[1:]
        if tuple(words[:len(command)]) != command or command not in READ_ONLY or "neo4j" in words:
            continue
        if "--workspace" in words:
            at = words.index("--workspace")
            del words[at:at + 2]
        result = CliRunner().invoke(main, [*words, "--workspace", str(path)])
        assert result.exit_code == 0, f"{line}: {result.output}"
        ran += 1
    assert ran >= 12
