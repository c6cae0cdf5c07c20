"""What many test modules share: paths of the repository and its fixtures, and ways to run the CLI."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
MINI = FIXTURES / "mini"
# ``graphfraud`` in a fresh interpreter, for tests that kill it, lock it out or time it.
CLI_PROCESS = [sys.executable, "-c", "from graphfraud.cli import main; main()"]


def run_cli(*args: Any, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI in this process; returns the click result (``.output``, ``.exit_code``)."""
    from graphfraud.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a CLI subprocess: this one's (or ``extra``), with the repository importable."""
    import os

    return {**(extra or os.environ), "PYTHONPATH": str(REPO)}


def with_every_reason(expected: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A generator's load expectations (the reasons it plants) with every reason the loader reports,
    the others at 0: a loader that finds a stray quote the generator never planted must say so."""
    from graphfraud.schema import REJECT_REASONS

    return {table: {**e, "rejected": {r: e["rejected"].get(r, 0) for r in REJECT_REASONS}}
            for table, e in expected.items()}
