"""Risk beyond rings: risk institutions|doctors|persons, credit, inspect plan."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphfraud import ui
from graphfraud.commands.auditing import note as audit_note
from graphfraud.commands.group import group
from graphfraud.commands.jsonout import emit, frame_records
from graphfraud.commands.options import json_option, store_options, wide_option
from graphfraud.store.spec import StoreSpec

CONFIG_HELP = "TOML file overriding the risk points and decay (docs/inspection.md)."
MONTH = click.Path()


def register(main: click.Group) -> None:
    main.add_command(risk)
    main.add_command(credit)
    main.add_command(inspect)


def _config(path: Path | None) -> Any:
    from graphfraud.risk import load_config

    return load_config(path)


def _month_option(func: Any) -> Any:
    return click.option("--month", "as_of", metavar="YYYY-MM",
                        help="Score as of this month (default: the last month of the data).")(func)


@group()
def risk() -> None:
    """Risk profiles: institutions, doctors or insured persons ranked by an explained score, month by month.

    The score adds points for ring membership, the checks that tied the entity in, smart-monitoring
    rule hits, tip-offs and its credit record (confirmed findings), each halved every six months.

    \b
    Example:
      graphfraud risk institutions
      graphfraud risk doctors --month 2026-03 --limit 10 --json
    """


def _profile_command(kind: str) -> None:
    doc = f"""Rank {kind} by risk score, with its monthly course and main reasons.

    \b
    Example:
      graphfraud risk {kind} --limit 10
      graphfraud risk {kind} --month 2026-03 --json
    """

    @risk.command(kind, audited=True, help=doc)
    @store_options
    @_month_option
    @click.option("--months", default=6, show_default=True, type=click.IntRange(1, 36), help="Months of history shown.")
    @click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Rows shown.")
    @click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=CONFIG_HELP)
    @wide_option
    @json_option
    def show(spec: StoreSpec, as_of: str | None, months: int, limit: int, config_file: Path | None, wide: bool,
             as_json: bool) -> None:
        from graphfraud.risk.profiles import as_records, profiles

        with spec.open(must_exist=True, read_only=True) as store:
            ranked = profiles(store, kind, _config(config_file), as_of=_month(as_of), months=months)  # type: ignore[arg-type]
        if as_json:
            emit("risk", {"entities": kind, "as_of": ranked.as_of, "months": ranked.months, "total": len(ranked.table),
                          "ranked": as_records(ranked, limit)})
            return
        rows = [[r["rank"], r["key"], r["name"] or "-", r["score"],
                 " ".join(f"{ranked.series[r['node_id']][m]:.0f}" for m in ranked.months),
                 "；".join(t for t, _ in ranked.reasons.get(r["node_id"], [])[:2])]
                for r in ranked.table.head(limit).to_dict("records")]
        ui.table(f"Risk of {kind} as of {ranked.as_of} ({len(ranked.table)} with any point)",
                 ["rank", "code", "name", "score", f"score by month {ranked.months[0]}..", "main reasons"], rows,
                 wrap=("main reasons",), drop=(f"score by month {ranked.months[0]}..",), wide=wide)


for _kind in ("institutions", "doctors", "persons"):
    _profile_command(_kind)


def _month(value: str | None) -> str | None:
    import re

    from graphfraud.errors import InputError

    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise InputError(f"--month {value!r} is not a month", "give it as YYYY-MM, e.g. 2026-03")
    return value


@group()
def credit() -> None:
    """Credit records (医保信用记录) from confirmed findings of the lead ledger, and doctor points.

    \b
    Example:
      graphfraud credit records
      graphfraud credit records --export credit.xlsx
      graphfraud credit points
    """


@credit.command("records", audited=True)
@store_options
@click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the records for the credit-evaluation system (.csv or .xlsx).")
@wide_option
@json_option
def records(spec: StoreSpec, export: Path | None, wide: bool, as_json: bool) -> None:
    """One record per subject of each lead confirmed (and then referred or closed).

    \b
    Example:
      graphfraud credit records --export credit.csv
    """
    from graphfraud.ledger import ledger
    from graphfraud.risk.credit import credit_records

    with spec.open(must_exist=True, read_only=True) as store:
        found = credit_records(ledger(store))
        names = store.names([f"{_LABEL[r['subject_type']]}:{r['subject_code']}" for r in found])
    for r in found:
        r["subject_name"] = names.get(f"{_LABEL[r['subject_type']]}:{r['subject_code']}", "")
    if export:
        _write(export, found, RECORD_HEADERS)
        audit_note(files=[str(export)])
    if as_json:
        emit("credit_records", {"records": found, "export": str(export) if export else None})
        return
    ui.table(f"Credit records ({len(found)})", ["subject", "code", "name", "lead", "stage", "date", "fund yuan", "finding"],
             [[_KIND_ZH[r["subject_type"]], r["subject_code"], r["subject_name"] or "-", r["lead_id"], r["stage"],
               r["date"], f"{r['fund_pay_sumamt']:,.2f}", r["finding"]] for r in found], wrap=("finding",), wide=wide)
    if not found:
        ui.note("no confirmed findings yet: graphfraud leads status LEAD confirmed --note TEXT records one")


@credit.command("points", audited=True)
@store_options
@json_option
def points(spec: StoreSpec, as_json: bool) -> None:
    """Suggested doctor points (医保支付资格记分) from confirmed findings, with their basis, per year.

    \b
    Example:
      graphfraud credit points --json
    """
    from graphfraud.ledger import ledger
    from graphfraud.risk.credit import credit_records, doctor_points, yearly_points

    with spec.open(must_exist=True, read_only=True) as store:
        suggested = doctor_points(credit_records(ledger(store)))
        names = store.names([f"Practitioner:{p['dr_code']}" for p in suggested])
    totals = yearly_points(suggested)
    if as_json:
        emit("doctor_points", {"suggested": suggested, "totals": totals})
        return
    ui.table(f"Suggested doctor points ({len(suggested)})", ["doctor", "name", "lead", "year", "tier", "points", "reason"],
             [[p["dr_code"], names.get(f"Practitioner:{p['dr_code']}", "-"), p["lead_id"], p["year"], p["tier"],
               p["points"], p["reason"]] for p in suggested], wrap=("reason",))
    ui.table("Per doctor and year", ["doctor", "year", "points", "consequence"],
             [[t["dr_code"], t["year"], t["points"], t["consequence"] or "-"] for t in totals])
    if suggested:
        ui.note(f"basis: {suggested[0]['basis']}")


_LABEL = {"institution": "Institution", "doctor": "Practitioner", "person": "Person"}
_KIND_ZH = {"institution": "机构", "doctor": "医师", "person": "参保人"}
RECORD_HEADERS = {"subject_type": "主体类型", "subject_code": "主体编码", "subject_name": "主体名称", "lead_id": "线索编号",
                  "ring_id": "团伙编号", "typology": "类型", "stage": "办理阶段", "date": "查实日期", "finding": "核查结果",
                  "referral": "移送情况", "handling": "处理结果", "fund_pay_sumamt": "基金支付金额（元）",
                  "acct_pay": "个人账户支付（元）", "amount_class": "金额档次"}


def _write(path: Path, rows: list[dict[str, Any]], headers: dict[str, str]) -> None:
    """CSV (UTF-8 with BOM, field names as the header) or XLSX (Chinese headers) of ``rows``."""
    from graphfraud.errors import InputError

    keys = list(headers)
    table = [[r.get(k) for k in keys] for r in rows]
    if path.suffix.lower() == ".xlsx":
        from graphfraud.case.xlsx import workbook

        path.write_bytes(workbook({"sheet1": [[headers[k] for k in keys], *table]}))
    elif path.suffix.lower() == ".csv":
        import csv

        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(keys)
            writer.writerows(table)
    else:
        raise InputError(f"cannot write {path.name}", "give a file name ending in .csv or .xlsx")


@group()
def inspect() -> None:
    """Inspection plans (双随机、一公开): institutions drawn partly at random, partly by risk, and inspectors.

    \b
    Example:
      graphfraud inspect plan --institutions 20 --random-share 0.3 --seed 2026 --inspectors inspectors.csv --xlsx plan.xlsx
    """


@inspect.command("plan", audited=True)
@store_options
@click.option("--institutions", "n", required=True, type=click.IntRange(min=1), help="How many institutions to inspect.")
@click.option("--random-share", default=0.3, show_default=True, type=float,
              help="Share drawn uniformly from the whole register (the 双随机 part); the rest by risk weight.")
@click.option("--seed", required=True, type=int, help="Seed of the draw: the same seed and data give the same plan.")
@click.option("--inspectors", "inspector_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Inspector register (CSV/XLSX: inspector_id, name, district[, past]); draws a team per institution.")
@click.option("--per-institution", default=2, show_default=True, type=click.IntRange(min=1), help="Inspectors per institution.")
@_month_option
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Also write the plan as XLSX with each pick's reasons.")
@wide_option
@json_option
def plan(spec: StoreSpec, n: int, random_share: float, seed: int, inspector_file: Path | None, per_institution: int,
         as_of: str | None, config_file: Path | None, xlsx: Path | None, wide: bool, as_json: bool) -> None:
    """Draw institutions to inspect (uniform part + risk-weighted part), never one twice, and their inspectors.

    Inspectors of the institution's district, or who inspected it before (register column past, or an
    earlier stored plan), are never drawn for it. The plan is stored and recorded in the audit log.

    \b
    Example:
      graphfraud inspect plan --institutions 10 --seed 7
      graphfraud inspect plan --institutions 20 --random-share 0.3 --seed 2026 --inspectors inspectors.csv --xlsx plan.xlsx
    """
    from graphfraud.risk import make_plan
    from graphfraud.risk.plan import read_inspectors

    inspectors = read_inspectors(str(inspector_file)) if inspector_file else None
    with spec.open(must_exist=True) as store:
        plan_id, picks = make_plan(store, n, random_share, seed, _config(config_file), inspectors, per_institution,
                                   _month(as_of))
    audit_note([plan_id], plan_id=plan_id, seed=seed, institutions=list(picks.fixmedins_code),
               inspectors=list(picks.inspectors))
    if xlsx:
        _write(xlsx, picks.to_dict("records"), PLAN_HEADERS)
    if as_json:
        emit("inspection_plan", {"plan_id": plan_id, "seed": seed, "random_share": random_share,
                                 "picks": frame_records(picks), "xlsx": str(xlsx) if xlsx else None})
        return
    ui.table(f"Inspection plan {plan_id} (seed {seed}, {int(round(n * random_share))} at random, the rest by risk)",
             ["#", "part", "code", "name", "risk", "inspectors", "reasons"],
             [[r["order"], "随机" if r["part"] == "random" else "风险", r["fixmedins_code"], r["name"], r["score"],
               r["inspector_names"] or "-", r["reasons"] or "-"] for r in picks.to_dict("records")],
             wrap=("reasons", "name"), drop=("reasons",), wide=wide)


PLAN_HEADERS = {"plan_id": "计划编号", "order": "序号", "part": "抽取方式", "fixmedins_code": "机构编码", "name": "机构名称",
                "admdvs": "所在区划", "score": "风险评分", "weight": "抽取权重", "reasons": "风险原因",
                "inspector_names": "检查人员", "inspectors": "检查人员编号", "seed": "随机种子", "drawn": "抽取时间"}
