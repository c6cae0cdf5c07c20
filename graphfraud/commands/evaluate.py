"""The evaluate command: stored rings against a generator truth file."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import ui
from graphfraud.commands.group import command
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, store_options
from graphfraud.store.spec import StoreSpec


def register(main: click.Group) -> None:
    main.add_command(evaluate)


@command(audited=True)
@click.option("--truth", "truth_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Truth JSON written by graphfraud generate (OUTDIR.truth.json).")
@store_options
@click.option("--top", default=20, show_default=True, help="k of precision@k and of the hard-negative check.")
@click.option("--rings", "show_rings", is_flag=True, help="Also list every planted ring and its best match.")
@json_option
def evaluate(truth_file: Path, spec: StoreSpec, top: int, show_rings: bool, as_json: bool) -> None:
    """Score the stored rings against planted rings and look-alikes of a generated data set.

    Recall (person Jaccard ≥ 0.5, or the centre and half the people), precision@20, look-alike
    groups in the top 20, member precision/recall/F1 over the top 20 and the pooled-fund amount
    error; core members only when the store separates core from context (docs/rings.md).

    \b
    Example:
      graphfraud generate data/ --persons 20000 --seed 3 --variant random
      graphfraud load data/ && graphfraud detect
      graphfraud evaluate --truth data.truth.json
    """
    from graphfraud.evaluation import evaluate as score, read_truth, stored_results

    truth = read_truth(truth_file)
    with spec.open(read_only=True) as store:
        result = score(*stored_results(store), truth, k=top)
    if as_json:
        emit("evaluation", result.as_dict())
        return
    ui.table("Evaluation", ["measure", "value"], [
        ["planted groups found", f"{result.found} of {result.planted}"], ["recall", result.recall],
        [f"precision@{result.k}", result.precision_at_k],
        [f"look-alike groups in top {result.k}", len(result.lookalikes_in_top)],
        ["member precision", result.member_precision], ["member recall", result.member_recall],
        ["member F1", result.member_f1], ["median amount error", result.amount_error],
        ["worst amount error", result.amount_error_max],
        ["amount error, found groups together", result.amount_error_sum],
        ["worst amount error, fund + account", result.total_error_max], ["rings reported", result.rings_reported],
        ["largest ring (core persons)", result.largest_ring], ["typology accuracy", result.typology_accuracy],
        ["role accuracy", result.role_accuracy], ["entity F1 (persons, institutions, doctors)", result.entity_f1],
        [f"look-alike groups touching the top {result.k}", len(result.hard_negatives_in_top)]])
    for hit in result.lookalikes_in_top:
        ui.err.print(f"ring {hit['ring_id']} (rank {hit['rank']}) is mostly look-alike {hit['group_id']} ({hit['kind']})")
    if show_rings:
        ui.table("Planted rings", list(result.rings[0]) if result.rings else [],
                 [list(r.values()) for r in result.rings])
