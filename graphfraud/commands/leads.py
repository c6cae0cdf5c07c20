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
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, store_options, wide_option
from graphfraud.ledger import STATUSES, Lead, add_note, assign, get, ledger, set_status
from graphfraud.ledger.export import write as write_ledger
from graphfraud.ledger.states import OPEN
from graphfraud.rings.model import TYPOLOGIES
from graphfraud.store.base import GraphStore
from graphfraud.store.spec import StoreSpec

LISTED = 10  # subjects listed by leads show without --all


def register(main: click.Group) -> None:
    main.add_command(leads)


@group()
def leads() -> None:
    """The lead ledger (线索台账): rings that detect or refresh found worth checking, tip-offs and
    single findings added by hand, each checked line by line.

    \b
    Statuses: new → assigned → investigating → confirmed | rejected;
              confirmed → referred (移送) → closed; rejected → closed.
    \b
    Example:
      graphfraud leads list --status new
      graphfraud leads add --tip JB-2026-0007 --subject P33030400721 --summary "举报：药店收购医保药"
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
@wide_option
@json_option
def list_leads(spec: StoreSpec, as_json: bool, wide: bool, **filters: Any) -> None:
    """List leads with their status, subjects and amounts (pooled fund and personal account apart).

    \b
    Example:
      graphfraud leads list --open --assignee 王五
      graphfraud leads list --status confirmed --json
    """
    with spec.open(must_exist=True) as store:
        shown = _selected(ledger(store), **filters)
    if as_json:
        emit("leads", {"leads": [_brief(lead) for lead in shown]})
        return
    ui.table(f"Leads ({len(shown)})", ["lead", "status", "source", "ring", "persons", "fund yuan", "account yuan",
                                       "typology", "assignee", "due", "opened"],
             [[b["lead_id"], b["status"], b["source"], b["ring_id"] or "-", b["persons"], b["fund_pay_sumamt"],
               b["acct_pay"], b["typology"] or "-", b["assignee"] or "-", b["due"] or "-", str(b["opened"])[:10]]
              for b in map(_brief, shown)],
             drop=("opened", "due", "assignee", "typology", "source", "account yuan"), wide=wide)
    if not shown:
        ui.note("no leads yet: detect opens one per ring scoring at least the lead threshold; "
                "graphfraud leads add records a tip-off or a single finding")


def _brief(lead: Lead) -> dict[str, Any]:
    f = lead.facts
    return {"lead_id": lead.lead_id, "status": lead.status, "assignee": lead.assignee, "due": lead.due,
            "source": str(f["source"]).split(":")[0], "change": str(f["source"]).partition(":")[2],
            "ring_id": f["ring_id"], "run_id": f["run_id"], "typology": f["typology"], "score": f.get("score"),
            "persons": len(f["persons"]), "institutions": len(f["institutions"]), "doctors": len(f["doctors"]),
            "fund_pay_sumamt": float(f["fund_pay_sumamt"]), "acct_pay": float(f["acct_pay"]),
            "amount_class": f.get("amount_class") or None, "opened": f.get("opened"), "updated": lead.updated}


@leads.command(audited=True)
@click.argument("lead_id")
@store_options
@click.option("--all", "show_all", is_flag=True, help=f"List every subject (default: the first {LISTED} of each kind).")
@wide_option
@json_option
def show(lead_id: str, spec: StoreSpec, show_all: bool, wide: bool, as_json: bool) -> None:
    """One lead: source, subjects with their names, amounts, results and its full history.

    \b
    Example:
      graphfraud leads show L-000001
      graphfraud leads show L-000001 --all --json
    """
    from graphfraud.ledger.referrals import referral_state

    with spec.open(must_exist=True) as store:
        lead = get(store, lead_id)
        names = _subject_names(store, lead)
        lines = referral_state(store, lead_id)
    if as_json:
        emit("lead", {"lead": _lead_json(lead, names), "referrals": lines})
        return
    _print_lead(lead, names, None if show_all else LISTED, wide)
    if lines:
        ui.table("Referrals (一案多查)", ["receiver", "state", "sent", "bundle", "last note"],
                 [[r["receiver"], r["state"], str(r["sent"])[:10], r["bundle"], r["history"][-1]["note"] or "-"]
                  for r in lines], wrap=("last note",), wide=wide)


def _subject_names(store: GraphStore, lead: Lead) -> dict[str, str]:
    f = lead.facts
    ids = [f"{label}:{k}" for label, field in (("Person", "persons"), ("Institution", "institutions"),
                                               ("Practitioner", "doctors")) for k in f[field]]
    return store.names(ids)


def _lead_json(lead: Lead, names: dict[str, str]) -> dict[str, Any]:
    out = lead.to_dict()
    for label, field in (("Person", "persons"), ("Institution", "institutions"), ("Practitioner", "doctors")):
        out[field] = [{"key": k, "name": names.get(f"{label}:{k}")} for k in out[field]]
    out["source"], _, out["change"] = str(out["source"]).partition(":")
    return out


def _listed(label: str, keys: list[str], names: dict[str, str], limit: int | None) -> str:
    shown = [f"{names[f'{label}:{k}']} ({k})" if f"{label}:{k}" in names else k for k in keys[:limit]]
    more = len(keys) - len(shown)
    return "; ".join(shown) + (f"; and {more} more (--all)" if more > 0 else "") if keys else "-"


def _print_lead(lead: Lead, names: dict[str, str], limit: int | None, wide: bool) -> None:
    f = lead.facts
    source, _, change = str(f["source"]).partition(":")
    fields = [("status", lead.status), ("assignee", lead.assignee or "-"), ("due", lead.due or "-"),
              ("source", f"{source} ({change})" if change else source), ("ring", f["ring_id"] or "-"),
              ("run", f["run_id"] or "-"), ("typology", f["typology"] or "-"),
              ("previous leads", ", ".join(f["previous_leads"]) or "-"),
              ("institutions", _listed("Institution", f["institutions"], names, limit)),
              ("persons", _listed("Person", f["persons"], names, limit)),
              ("doctors", _listed("Practitioner", f["doctors"], names, limit)),
              ("pooled fund (yuan)", f"{f['fund_pay_sumamt']:,.2f} (basic pooled fund {f['hifp_pay']:,.2f})"),
              ("personal account (yuan)", f"{f['acct_pay']:,.2f}"), ("amount class", f["amount_class"] or "-"),
              ("period", f"{f['period_start'] or '?'} to {f['period_end'] or '?'}"),
              ("核查结果", lead.check_result or "-"), ("处理结果", lead.handling or "-"),
              ("移送情况", lead.referral or "-"), ("summary", f["summary"] or "-")]
    ui.fields(f"Lead {lead.lead_id}", fields)
    ui.table("History", ["#", "time", "operator", "action", "status", "note", "assignee", "due"],
             [[h["seq"], str(h["time"])[:19], h["operator"], h["action"], h["status"], h["note"] or "-",
               h["assignee"] or "-", h["due"] or "-"] for h in lead.history],
             wrap=("note",), drop=("due", "assignee", "operator"), wide=wide)


def _changed(lead: Lead, as_json: bool) -> None:
    audit_note(subjects=[lead.lead_id, lead.facts["ring_id"]], status=lead.status)
    if as_json:
        emit("lead", {"lead": _lead_json(lead, {})})
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
    with spec.open(must_exist=True) as store:
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
    with spec.open(must_exist=True) as store:
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
    with spec.open(must_exist=True) as store:
        lead = add_note(store, lead_id, text, current_operator(), due=due)
    _changed(lead, as_json)


@leads.command("export", audited=True)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@store_options
@filter_options
@click.option("--force", is_flag=True, help="Replace TARGET if it exists.")
@json_option
def export_leads(target: Path, spec: StoreSpec, force: bool, as_json: bool, **filters: Any) -> None:
    """Export the ledger as XLSX or CSV with the columns a 医保 office keeps.

    Columns: 线索编号, 线索来源, 涉及机构, 涉及人员, 涉及金额 (fund and personal account apart),
    办理状态, 承办人, 办结时限, 核查结果, 处理结果, 移送情况.

    \b
    Example:
      graphfraud leads export ledger.xlsx
      graphfraud leads export open-leads.csv --open
    """
    with spec.open(must_exist=True) as store:
        shown = _selected(ledger(store), **filters)
    digest = write_ledger(shown, target, force)
    audit_note(exported=target.name, sha256=digest, leads=len(shown))
    if as_json:
        emit("leads_export", {"file": str(target), "leads": len(shown), "sha256": digest})
    else:
        click.echo(f"{len(shown)} leads written to {target} (SHA-256 {digest})")


@leads.command("add", audited=True)
@click.option("--tip", "tip_id", default="", help="Tip-off (举报) ID; the reporter's identity never enters the ledger.")
@click.option("--subject", "subjects", multiple=True,
              help="Who or what the lead is about: psn_no, fixmedins_code or dr_code (repeatable).")
@click.option("--ring", "ring_id", default="", help="A stored ring the tip or finding concerns (lends its subjects and amounts).")
@click.option("--summary", required=True, help="What was reported or found, in a sentence (no informant details).")
@click.option("--typology", type=click.Choice(TYPOLOGIES), help="Scheme suspected, if known.")
@store_options
@json_option
def add_lead(tip_id: str, subjects: tuple[str, ...], ring_id: str, summary: str, typology: str | None, spec: StoreSpec,
             as_json: bool) -> None:
    """Open a lead by hand: a tip-off (--tip) or a single strong finding that forms no ring.

    The same tip ID, or the same finding, opens one lead only (running it again shows that lead).

    \b
    Example:
      graphfraud leads add --tip JB-2026-0007 --subject P33030400721 --summary "举报：药店收购医保药"
      graphfraud leads add --subject 33749683202074514408 --summary "同一追溯码重复结算 8 次" --typology resale
      graphfraud leads add --ring R-000001 --summary "死亡后仍有购药记录，需调取监控" --json
    """
    from graphfraud.ledger.manual import manual_candidate, open_manual_lead

    with spec.open(must_exist=True) as store:
        nodes = [_subject(store, s) for s in subjects]
        candidate = manual_candidate(store, "tip" if tip_id else "finding", nodes, summary, tip_id, ring_id,
                                     typology or "")
        lead_id, fresh = open_manual_lead(store, candidate, current_operator())
        lead = get(store, lead_id)
    audit_note(subjects=[lead_id, ring_id] if ring_id else [lead_id], opened=fresh)
    if as_json:
        emit("lead", {"lead": _lead_json(lead, {}), "opened": fresh})
    else:
        click.echo(f"{lead_id}: {'opened' if fresh else 'already in the ledger'} ({lead.status}); "
                   f"see graphfraud leads show {lead_id}")


AGENCY_CHOICES = ("police", "discipline", "health", "drug", "market")


@leads.command("refer", audited=True)
@click.argument("lead_id")
@click.option("--to", "agencies", multiple=True, required=True, type=click.Choice(AGENCY_CHOICES),
              help="Receiver (repeatable): police, discipline (纪检监察), health (卫生健康), drug (药品监管), market (市场监管).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the bundles: LEAD-AGENCY.zip each.")
@click.option("--note", default="", help="移送情况 kept with each referral (letter number, date).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the bundles.")
@click.option("--key-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the signing key (default: GRAPHFRAUD_KEY_DIR or ~/.config/graphfraud/keys).")
@click.option("--force", is_flag=True, help="Replace bundles already in --out.")
@store_options
@json_option
def refer_lead(lead_id: str, agencies: tuple[str, ...], out_dir: Path, note: str, lang: str, key_dir: Path | None,
               force: bool, spec: StoreSpec, as_json: bool) -> None:
    """Refer a confirmed lead to one or more authorities (一案多查): one signed bundle each, showing
    what that receiver may see, each tracked in the ledger with its own state.

    \b
    Example:
      graphfraud leads refer L-000001 --to police --to health --out referrals/ --note "医保移〔2026〕3号"
      graphfraud leads receipt L-000001 --agency police --note "回执：经侦支队已接收"
    """
    import hashlib

    from graphfraud.case.bundle import export_case
    from graphfraud.case.collect import require_ring
    from graphfraud.errors import InputError
    from graphfraud.keys import load_signing_key
    from graphfraud.ledger.referrals import refer, referral_state

    key = load_signing_key(key_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sent = []
    with spec.open(must_exist=True) as store:
        lead = get(store, lead_id)
        ring_id = lead.facts["ring_id"]
        if not ring_id:
            raise InputError(f"lead {lead_id} names no ring, so there is no case bundle to send",
                             "refer it by letter, and record it with: graphfraud leads status LEAD referred --note TEXT")
        if lead.status not in ("confirmed", "referred"):
            raise InputError(f"lead {lead_id} is {lead.status}: only a confirmed lead is referred",
                             f"confirm it first: graphfraud leads status {lead_id} confirmed --note TEXT")
        require_ring(store, ring_id)
        for agency in dict.fromkeys(agencies):
            bundle = out_dir / f"{lead_id}-{agency}.zip"
            with ui.progress(f"bundle for {agency}", quiet=as_json) as update:
                export_case(store, ring_id, bundle, key, agency, lang, force, progress=update)
            sent.append((agency, bundle.name, hashlib.sha256(bundle.read_bytes()).hexdigest()))
        refer(store, lead_id, sent, current_operator(), note)
        lines = referral_state(store, lead_id)
    audit_note(subjects=[lead_id, ring_id], referred={a: h for a, _, h in sent})
    if as_json:
        emit("referrals", {"lead_id": lead_id, "referrals": lines, "folder": str(out_dir)})
        return
    ui.table(f"Referrals of {lead_id}", ["receiver", "state", "bundle", "SHA-256"],
             [[r["receiver"], r["state"], r["bundle"], r["sha256"][:16] + "…"] for r in lines])
    click.echo(f"each receiver checks its bundle with: graphfraud case verify {out_dir / sent[0][1]}")


@leads.command("receipt", audited=True)
@click.argument("lead_id")
@click.option("--agency", required=True, type=click.Choice(AGENCY_CHOICES), help="The receiver.")
@click.option("--state", default="received", show_default=True, type=click.Choice(("received", "replied", "closed")),
              help="received: its receipt (回执); replied: its answer (反馈); closed: nothing more expected.")
@click.option("--note", default="", help="Receipt number, what it answered.")
@store_options
@json_option
def receipt(lead_id: str, agency: str, state: str, note: str, spec: StoreSpec, as_json: bool) -> None:
    """Record a receiver's receipt, its reply, or close its referral.

    \b
    Example:
      graphfraud leads receipt L-000001 --agency police --note "回执：经侦支队 2026-04-03 接收"
      graphfraud leads receipt L-000001 --agency health --state replied --note "已约谈涉事医师"
    """
    from graphfraud.ledger.referrals import update

    with spec.open(must_exist=True) as store:
        line = update(store, lead_id, agency, state, current_operator(), note)
    audit_note(subjects=[lead_id], referral={agency: state})
    if as_json:
        emit("referral", {"referral": line})
    else:
        click.echo(f"{lead_id} → {line['receiver']}: {line['state']}")


def _subject(store: GraphStore, text: str) -> str:
    """The node a --subject means: a person, institution or doctor (the first that exists)."""
    found = [n for n in store.resolve(text) if n.split(":", 1)[0] in ("Person", "Institution", "Practitioner")]
    if not found:
        from graphfraud.errors import InputError

        raise InputError(f"{text!r} is no person, institution or doctor", "give a psn_no, fixmedins_code or dr_code")
    return found[0]
