"""The lead ledger commands: leads list | show | assign | status | note | export."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Callable

import click

from graphfraud import ui
from graphfraud.commands.auditing import current_operator, note as audit_note
from graphfraud.commands.group import group
from graphfraud.commands.options import emit_json, json_option, store_options
from graphfraud.ledger import STATUSES, Lead, add_note, assign, get, ledger, set_status
from graphfraud.ledger.export import write as write_ledger
from graphfraud.ledger.states import OPEN
from graphfraud.store.spec import StoreSpec


def register(main: click.Group) -> None:
    main.add_command(leads)


@group()
def leads() -> None:
    """The lead ledger (线索台账): every new or grown ring becomes a lead, checked line by line.

    \b
    Statuses: new → assigned → investigating → confirmed | rejected;
              confirmed → referred (移送) → closed; rejected → closed.
    \b
    Example:
      graphfraud leads list --status new
      graphfraud leads assign L-000001 --to 王五 --due 2026-03-31
      graphfraud leads status L-000001 investigating
      graphfraud leads export ledger.xlsx
    """


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Filters shared by list and export."""

    @click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="Only these statuses (repeatable).")
    @click.option("--open", "only_open", is_flag=True, help="Only leads not yet rejected or closed.")
    @click.option("--assignee", help="Only leads assigned to this person.")
    @click.option("--ring", "ring_id", help="Only leads of this ring ID.")
    @click.option("--typology", help="Only this typology (resale, fake_purchase, collusion, impersonation, mixed).")
    @click.option("--subject", help="Only leads involving this psn_no, fixmedins_code or dr_code.")
    @click.option("--overdue", is_flag=True, help="Only open leads past their due date.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _selected(all_leads: list[Lead], statuses: tuple[str, ...], only_open: bool, assignee: str | None,
              ring_id: str | None, typology: str | None, subject: str | None, overdue: bool) -> list[Lead]:
    today = dt.date.today().isoformat()

    def keep(lead: Lead) -> bool:
        f = lead.facts
        return ((not statuses or lead.status in statuses) and (not only_open or lead.status in OPEN)
                and (not assignee or lead.assignee == assignee) and (not ring_id or f["ring_id"] == ring_id)
                and (not typology or f["typology"] == typology)
                and (not subject or subject in f["persons"] + f["institutions"] + f["doctors"])
                and (not overdue or (lead.status in OPEN and bool(lead.due) and lead.due < today)))

    return [lead for lead in all_leads if keep(lead)]


@leads.command("list", audited=True)
@store_options
@filter_options
@json_option
def list_leads(spec: StoreSpec, as_json: bool, **filters: Any) -> None:
    """List leads with their status, subjects and amounts.

    \b
    Example:
      graphfraud leads list --open --assignee 王五
      graphfraud leads list --status confirmed --json
    """
    with spec.open() as store:
        shown = _selected(ledger(store), **filters)
    if as_json:
        emit_json([_brief(lead) for lead in shown])
        return
    ui.table(f"Leads ({len(shown)})", ["lead", "status", "assignee", "due", "source", "typology", "persons",
                                       "institutions", "fund yuan", "account yuan"],
             [[b["lead_id"], b["status"], b["assignee"], b["due"], b["source"], b["typology"], b["persons"],
               b["institutions"], b["fund_pay_sumamt"], b["acct_pay"]] for b in map(_brief, shown)])


def _brief(lead: Lead) -> dict[str, Any]:
    f = lead.facts
    return {"lead_id": lead.lead_id, "status": lead.status, "assignee": lead.assignee, "due": lead.due,
            "source": f"{f['source']} {f['ring_id']}".strip(), "typology": f["typology"], "persons": len(f["persons"]),
            "institutions": len(f["institutions"]), "fund_pay_sumamt": float(f["fund_pay_sumamt"]),
            "acct_pay": float(f["acct_pay"]), "updated": lead.updated}


@leads.command(audited=True)
@click.argument("lead_id")
@store_options
@json_option
def show(lead_id: str, spec: StoreSpec, as_json: bool) -> None:
    """One lead: source, subjects, amounts, results and its full history.

    \b
    Example:
      graphfraud leads show L-000001
    """
    with spec.open() as store:
        lead = get(store, lead_id)
    if as_json:
        emit_json(lead.to_dict())
        return
    _print_lead(lead)


def _print_lead(lead: Lead) -> None:
    f = lead.facts
    fields = [("status", lead.status), ("assignee", lead.assignee), ("due", lead.due), ("source", f["source"]),
              ("ring", f["ring_id"]), ("run", f["run_id"]), ("typology", f["typology"]),
              ("previous leads", ", ".join(f["previous_leads"])), ("institutions", ", ".join(f["institutions"])),
              ("persons", ", ".join(f["persons"])), ("doctors", ", ".join(f["doctors"])),
              ("fund paid (yuan)", f"{f['fund_pay_sumamt']:,.2f} (pooled {f['hifp_pay']:,.2f})"),
              ("personal account (yuan)", f"{f['acct_pay']:,.2f}"), ("amount class", f["amount_class"]),
              ("period", f"{f['period_start']} – {f['period_end']}"), ("核查结果", lead.check_result),
              ("处理结果", lead.handling), ("移送情况", lead.referral), ("summary", f["summary"])]
    ui.table(f"Lead {lead.lead_id}", ["field", "value"], fields)
    ui.table("History", ["#", "time", "operator", "action", "status", "assignee", "due", "note"],
             [[h["seq"], h["time"], h["operator"], h["action"], h["status"], h["assignee"], h["due"], h["note"]]
              for h in lead.history])


def _changed(lead: Lead, as_json: bool) -> None:
    audit_note(subjects=[lead.lead_id, lead.facts["ring_id"]], status=lead.status)
    if as_json:
        emit_json(lead.to_dict())
    else:
        click.echo(f"{lead.lead_id}: {lead.status}" + (f", assigned to {lead.assignee}" if lead.assignee else "")
                   + (f", due {lead.due}" if lead.due else ""))


@leads.command("assign", audited=True)
@click.argument("lead_id")
@click.option("--to", "assignee", required=True, help="Who checks the lead.")
@click.option("--due", default="", help="Due date YYYY-MM-DD (办结时限).")
@click.option("--note", default="", help="A note kept with the assignment.")
@store_options
@json_option
def assign_lead(lead_id: str, assignee: str, due: str, note: str, spec: StoreSpec, as_json: bool) -> None:
    """Assign a lead to an investigator (a new lead becomes assigned).

    \b
    Example:
      graphfraud leads assign L-000001 --to 王五 --due 2026-03-31
    """
    with spec.open() as store:
        lead = assign(store, lead_id, assignee, current_operator(), due=due, note=note)
    _changed(lead, as_json)


@leads.command("status", audited=True)
@click.argument("lead_id")
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--note", default="", help="核查结果 for confirmed/rejected, 移送情况 for referred, 处理结果 for closed.")
@store_options
@json_option
def change_status(lead_id: str, new_status: str, note: str, spec: StoreSpec, as_json: bool) -> None:
    """Move a lead along its workflow; invalid moves are refused with the allowed ones.

    \b
    Example:
      graphfraud leads status L-000001 investigating
      graphfraud leads status L-000001 confirmed --note "调取监控，证实空刷 37 次"
      graphfraud leads status L-000001 referred --note "2026-04-02 移送市公安局经侦支队"
    """
    with spec.open() as store:
        lead = set_status(store, lead_id, new_status, current_operator(), note=note)
    _changed(lead, as_json)


@leads.command("note", audited=True)
@click.argument("lead_id")
@click.argument("text", default="")
@click.option("--due", default="", help="Move the due date (YYYY-MM-DD).")
@store_options
@json_option
def note_lead(lead_id: str, text: str, due: str, spec: StoreSpec, as_json: bool) -> None:
    """Add a note to a lead's history, or move its due date.

    \b
    Example:
      graphfraud leads note L-000001 "已调取药店 2025-09 监控"
      graphfraud leads note L-000001 --due 2026-05-15
    """
    with spec.open() as store:
        lead = add_note(store, lead_id, text, current_operator(), due=due)
    _changed(lead, as_json)


@leads.command("export", audited=True)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@store_options
@filter_options
@json_option
def export_leads(target: Path, spec: StoreSpec, as_json: bool, **filters: Any) -> None:
    """Export the ledger as XLSX or CSV with the columns a 医保 office keeps.

    Columns: 线索编号, 线索来源, 涉及机构, 涉及人员, 涉及金额 (fund and personal account apart),
    办理状态, 承办人, 办结时限, 核查结果, 处理结果, 移送情况.

    \b
    Example:
      graphfraud leads export ledger.xlsx
      graphfraud leads export open-leads.csv --open
    """
    with spec.open() as store:
        shown = _selected(ledger(store), **filters)
    digest = write_ledger(shown, target)
    audit_note(exported=target.name, sha256=digest, leads=len(shown))
    if as_json:
        emit_json({"file": str(target), "leads": len(shown), "sha256": digest})
    else:
        click.echo(f"{len(shown)} leads written to {target} (SHA-256 {digest})")
