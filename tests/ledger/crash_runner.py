"""Run the graphfraud CLI and kill -9 the process at a chosen point (for the crash-recovery tests).

    python crash_runner.py MODULE:ATTR (before|after) N [MATCH] -- CLI ARGS...

wraps ``ATTR`` of ``MODULE`` (``Class.method`` allowed) so that its N-th call (counting only calls
whose first argument after self equals MATCH, when given) sends SIGKILL to this very process
before or after the real call: the process dies as under kill -9, with no cleanup.
"""
from __future__ import annotations

import functools
import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def crash(target: str, when: str, nth: str, match: str | None, cli_args: list[str],
          env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess armed to kill itself at ``target``; returns the finished process."""
    return subprocess.run([sys.executable, __file__, target, when, nth, *([match] if match else []), "--", *cli_args],
                          cwd=cwd, capture_output=True, text=True,
                          env={**(env or os.environ), "PYTHONPATH": str(REPO)})


def arm(target: str, when: str, nth: int, match: str | None) -> None:
    module_name, _, attr = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = {"n": 0}

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        plain = args[1:] if path else args  # drop self for methods
        if match is None or (plain and plain[0] == match):
            calls["n"] += 1
        hit = calls["n"] == nth and (match is None or (plain and plain[0] == match))
        if hit and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if hit and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)


if __name__ == "__main__":
    split = sys.argv.index("--")
    spec, cli_args = sys.argv[1:split], sys.argv[split + 1:]
    arm(spec[0], spec[1], int(spec[2]), spec[3] if len(spec) > 3 else None)
    from graphfraud.cli import main

    main(cli_args)
