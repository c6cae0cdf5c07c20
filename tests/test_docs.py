"""Docs cannot drift: every command has a help text with an example, every setting is documented."""
from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from graphfraud import settings
from graphfraud.cli import main

ROOT = Path(__file__).parents[1]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_help_has_an_example():
    runner = CliRunner()
    for path, cmd in _commands(main):
        if isinstance(cmd, click.Group):
            continue
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output and "graphfraud " in result.output, f"{' '.join(path)} --help lacks an example"


def test_every_setting_is_documented_in_the_settings_table_and_docs():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert all(s.help.strip() for s in settings.SETTINGS)
    assert text.endswith(settings.markdown_table()), "regenerate: graphfraud settings --markdown"


def test_secrets_are_redacted_when_shown(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    shown = {name: value for name, _, value, _ in settings.shown()}
    assert shown["neo4j_password"] == "***"
    assert "s3cret-value" not in repr(settings.shown())


def test_readme_starts_with_exactly_the_two_fresh_machine_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```")]
    assert [line.split("#")[0].strip() for line in block] == ["bash scripts/dev.sh demo", "bash scripts/dev.sh test"]
    assert "bash scripts/dev.sh test" in (ROOT / ".ci" / "run").read_text() or "scripts/dev.sh test" in (
        ROOT / ".ci" / "run").read_text()


def test_the_test_command_runs_mypy_and_the_doctests():
    script = (ROOT / "scripts" / "dev.sh").read_text(encoding="utf-8")
    test_branch = script[script.index("    test)"):]
    assert "-m mypy" in test_branch and "--doctest-modules graphfraud" in test_branch
    assert "[tool.mypy]" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
