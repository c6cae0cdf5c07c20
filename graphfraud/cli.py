"""The graphfraud command line: one click group; each module under graphfraud/commands/ registers its commands.

Results go to stdout, progress and warnings to stderr; ``--json`` prints machine-readable output.
Expected failures (GraphfraudError) print one line with their remedy and exit with the error's
``exit_code``; ``--debug`` shows tracebacks. Nothing below this module imports it.
"""
from __future__ import annotations

import click

from graphfraud import __version__
from graphfraud.commands import audit, case, data, demo, evaluate, identity, leads, neo4j, refresh, rings, risk
from graphfraud.commands.group import CONTEXT, Group

COMMAND_MODULES = (data, demo, leads, audit, rings, evaluate, identity, risk, neo4j, case, refresh)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="graphfraud")
@click.option("--debug", is_flag=True, help="Show tracebacks of expected errors.")
@click.option("--operator", metavar="NAME", help="Operator recorded in the audit log (default: the operator setting, else the OS user).")
def main(debug: bool, operator: str | None) -> None:
    """Investigate organised fraud against the medical-insurance fund (医保基金), offline.

    \b
    Typical session:
      graphfraud generate data/ --persons 5000      # or use your 医保 exports
      graphfraud load data/                         # into ./graphfraud.duckdb
      graphfraud status
      graphfraud demo                               # everything above, in a temporary workspace
    """


for _module in COMMAND_MODULES:
    _module.register(main)
