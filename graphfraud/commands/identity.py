"""The identity commands: identity link | show | evaluate (one human behind several insured records)."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import ui
from graphfraud.commands.group import group
from graphfraud.commands.jsonout import emit, frame_records
from graphfraud.commands.options import json_option, store_options, wide_option
from graphfraud.store.spec import StoreSpec

# What each comparison level says, for the reader of `identity show`.
SAYS = {("certno", "full_equal"): "同一身份证号", ("certno", "head_one_digit"): "身份证号仅一位不同（录入错误）",
        ("certno", "masked_equal"): "脱敏身份证号前六位与后四位一致", ("certno", "tail_one_digit"): "身份证号末四位一位不同",
        ("certno", "different"): "身份证号不同", ("name", "chars_equal"): "姓名相同", ("name", "sound_equal"): "姓名同音（拼音或同音字）",
        ("name", "similar"): "姓名拼写相近", ("name", "different"): "姓名不同", ("brdy", "equal"): "出生日期相同",
        ("brdy", "near"): "出生日期相差一位或一天", ("brdy", "different"): "出生日期不同", ("gend", "equal"): "性别相同",
        ("gend", "different"): "性别不同", ("tel", "equal"): "联系电话相同", ("tel", "different"): "联系电话不同",
        ("addr", "equal"): "住址相同", ("addr", "same_house"): "住址同一门牌", ("addr", "different"): "住址不同"}
CONFIG_HELP = "TOML file overriding the identity model's weights and threshold (docs/identity.md)."


def register(main: click.Group) -> None:
    main.add_command(identity)


@group()
def identity() -> None:
    """Identity resolution: insured records that are one human (重复参保, variant names, masked ID numbers).

    A readable probabilistic model (Splink on DuckDB) compares ID number, name by sound, birth date,
    sex, phone and address; every weight is in configuration. Linked records feed detection as
    evidence "same person" and show in why and ring show.

    \b
    Example:
      graphfraud identity link
      graphfraud identity show 11379715487611895315
      graphfraud generate dup/ --persons 20000 --duplicates 400 && graphfraud load dup/ --workspace dup.duckdb
      graphfraud identity link --workspace dup.duckdb && graphfraud identity evaluate --truth dup.truth.json --workspace dup.duckdb
    """


@identity.command(audited=True)
@store_options
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=CONFIG_HELP)
@wide_option
@json_option
def link(spec: StoreSpec, config_file: Path | None, wide: bool, as_json: bool) -> None:
    """Find the records that are one human and store them (run detect afterwards to use them).

    \b
    Example:
      graphfraud identity link
      graphfraud identity link --config identity.toml --json
    """
    from graphfraud.identity import groups, link as run_link, load_config

    config = load_config(config_file)
    with spec.open(must_exist=True) as store, ui.progress("comparing person records", quiet=as_json):
        pairs = run_link(store, config)
    found = groups(pairs)
    if as_json:
        emit("identity_links", {"pairs": frame_records(pairs), "groups": found, "config": config.as_dict()})
        return
    ui.table(f"Records that are one person: {len(pairs)} pairs, {len(found)} persons",
             ["records", "psn_no"], [[len(g), ", ".join(g[:4]) + (" ..." if len(g) > 4 else "")] for g in found[:20]],
             wide=wide)
    if len(found) > 20:
        ui.note(f"{len(found) - 20} more; graphfraud identity show PSN_NO explains one")
    ui.note("graphfraud detect now links them as the same person")


@identity.command(audited=True)
@click.argument("psn_no")
@store_options
@json_option
def show(psn_no: str, spec: StoreSpec, as_json: bool) -> None:
    """The other records of one insured person, and why the model holds them to be one human.

    \b
    Example:
      graphfraud identity show 11379715487611895315
    """
    from graphfraud.identity import COLLECTION, PERSON_COLUMNS

    with spec.open(must_exist=True, read_only=True) as store:
        pairs = store.get_results(COLLECTION)
        if not pairs.empty:
            pairs = pairs[(pairs.psn_a == psn_no) | (pairs.psn_b == psn_no)]
        people = store.table("psn_info", PERSON_COLUMNS)[PERSON_COLUMNS]
    if as_json:
        emit("identity", {"psn_no": psn_no, "pairs": frame_records(pairs)})
        return
    if pairs.empty:
        ui.note(f"no other record is linked to {psn_no} (run graphfraud identity link first if it never ran)")
        return
    record = people.set_index("psn_no")
    for row in pairs.to_dict("records"):
        other = row["psn_b"] if row["psn_a"] == psn_no else row["psn_a"]
        reasons = "；".join(SAYS[(c, row[c])] for c in ("certno", "name", "brdy", "gend", "tel", "addr")
                           if (c, row[c]) in SAYS)
        ui.table(f"{psn_no} = {other} (match weight {row['match_weight']:.1f}, probability {row['match_probability']:.3f})",
                 ["field", psn_no, other],
                 [[c, _cell(record, psn_no, c), _cell(record, other, c)] for c in PERSON_COLUMNS[1:]])
        click.echo(reasons)


def _cell(record: "object", psn_no: str, column: str) -> str:
    try:
        value = record.loc[psn_no, column]  # type: ignore[attr-defined]
    except KeyError:
        return "-"
    text = str(value).removesuffix(" 00:00:00")
    return "-" if value is None or text in ("", "nan", "None", "NaT") else text


@identity.command(audited=True)
@click.option("--truth", "truth_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Truth JSON of graphfraud generate --duplicates N.")
@store_options
@json_option
def evaluate(truth_file: Path, spec: StoreSpec, as_json: bool) -> None:
    """Score the stored links against generated duplicates: precision, recall, household merges.

    \b
    Example:
      graphfraud identity evaluate --truth dup.truth.json
    """
    import json

    from graphfraud.errors import InputError
    from graphfraud.identity import COLLECTION
    from graphfraud.identity.quality import quality

    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8")).get("identities")
    except (OSError, ValueError, AttributeError) as exc:
        raise InputError(f"cannot read truth file {truth_file}: {exc}", "give the OUTDIR.truth.json of graphfraud generate")
    if not truth:
        raise InputError(f"{truth_file} lists no duplicates", "generate with --duplicates N")
    with spec.open(must_exist=True, read_only=True) as store:
        pairs = store.get_results(COLLECTION)
        people = store.table("psn_info", ["psn_no", "addr"])
    if pairs.empty:
        pairs = pairs.reindex(columns=["psn_a", "psn_b"])
    result = quality(pairs, truth, people)
    if as_json:
        emit("identity_evaluation", result)
        return
    ui.table("Identity resolution", ["measure", "value"], [
        ["linked pairs", result["linked_pairs"]], ["duplicates planted", result["true_pairs"]],
        ["precision", result["precision"]], ["recall", result["recall"]], ["twins linked", result["twins_linked"]],
        ["household members merged", result["household_merges"]],
        *[[f"recall, {k}", v] for k, v in result["recall_by_noise"].items()]])
