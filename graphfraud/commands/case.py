"""Commands for criminal referral: case export, case verify, keys init."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import click

from graphfraud import ui
from graphfraud.commands.group import group
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, store_options
from graphfraud.errors import InputError
from graphfraud.store.spec import StoreSpec

# graphfraud.case.redact.PROFILES, spelled here so --help does not import the case package
PROFILES = ("police", "internal", "public", "discipline", "health", "drug", "market")


def register(main: click.Group) -> None:
    main.add_command(case)
    main.add_command(keys)


@group()
def case() -> None:
    """Case bundles for criminal referral (移送): export a ring, verify a bundle.

    \b
    Example:
      graphfraud keys init
      graphfraud case export R-000001 --out R-000001.zip
      graphfraud case verify R-000001.zip
    """


@case.command("export", audited=True)
@click.argument("ring_id")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Bundle to write: a folder, or a file ending in .zip (other archive names are refused).")
@click.option("--profile", type=click.Choice(PROFILES), default="police", show_default=True,
              help="police: full identities; internal/public: masked identifiers and case pseudonyms; discipline, "
                   "health, drug, market: what that authority may see (insured persons masked; docs/case-bundles.md).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of documents and lists.")
@click.option("--force", is_flag=True, help="Replace an existing bundle at --out.")
@click.option("--key-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the signing key (default: GRAPHFRAUD_KEY_DIR or ~/.config/graphfraud/keys).")
@click.option("--export-time", type=click.DateTime(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
              help="Record this export time instead of now (re-creates a bundle byte for byte).")
@click.option("--graphistry", is_flag=True, help="Also upload the ring to the configured Graphistry server.")
@store_options
@json_option
def export(ring_id: str, out: Path, profile: str, lang: str, force: bool, key_dir: Path | None,
           export_time: dt.datetime | None, graphistry: bool, spec: StoreSpec, as_json: bool) -> None:
    """Export ring RING_ID as a signed BagIt case bundle: draft 移送书 and 调查报告 (HTML, DOCX),
    evidence and data lists, extraction record, evidence tables (CSV, XLSX), GraphML, GEXF, i2 ANX,
    pictures and an offline HTML view.

    Documents are A4 with page numbers; the report states each finding as a fact with its numbers,
    embeds the ring picture and ends with the method appendix. Only the ring's core members are
    suspects; context persons appear apart, under case pseudonyms.

    \b
    Example:
      graphfraud case export R-000001 --out R-000001.zip
      graphfraud case export R-000001 --out R-000001-internal --profile internal --lang en
    """
    from graphfraud.case.bundle import check_output, export_case
    from graphfraud.case.collect import require_ring
    from graphfraud.keys import load_signing_key

    if graphistry:
        from graphfraud.case.graphistry_upload import check_configured

        check_configured()
    key = load_signing_key(key_dir)
    check_output(out, force, key.path.parent)
    with spec.open(read_only=True) as store:
        require_ring(store, ring_id)  # before the progress bar, so a typo gets one clean line
        with ui.progress("exporting", quiet=as_json) as update:
            result = export_case(store, ring_id, out, key, profile, lang, force,
                                 export_time.astimezone() if export_time else None, update)
    link = None
    if graphistry:
        from graphfraud.case.graphistry_upload import upload

        link = upload(result.graph, f"{ring_id} ({profile})")
    info = {"ring_id": ring_id, "bundle": str(out), "profile": profile, "lang": lang, "files": result.files,
            "export_time": result.export_time, "key_fingerprint": result.fingerprint,
            "settlements": result.facts.settlements, "fund_pay_sumamt": result.facts.totals["fund_pay_sumamt"],
            "acct_pay": result.facts.totals["acct_pay"], "amount_class": result.facts.amount_class,
            "graphistry": link}
    if as_json:
        emit("case_export", info)
        return
    ui.fields(f"Case bundle {out}", [(k, v) for k, v in info.items() if v is not None])
    click.echo(f"check it with: graphfraud case verify {out}")


@case.command("verify", audited=False)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The sender's public key (PEM); default: the key inside the bundle (compare its fingerprint).")
@json_option
def verify(path: Path, public_key: Path | None, as_json: bool) -> None:
    """Check a case bundle: every file against the manifests, and the Ed25519 signature.

    Lists every changed, missing or extra file; exits non-zero on any problem.

    \b
    Example:
      graphfraud case verify R-000001.zip
      graphfraud case verify R-000001/ --public-key sender.pub.pem --json
    """
    from graphfraud.case.bagit import read_bundle, verify_files
    from graphfraud.keys import load_public_key

    try:
        files = read_bundle(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path} cannot be read as a bundle: {exc}", "ask the sender for a new copy") from exc
    key = load_public_key(public_key.read_bytes(), str(public_key)) if public_key else None
    result = verify_files(files, key)
    if as_json:
        emit("case_verify", result.to_dict())
    else:
        rows = [["changed", p] for p in result.changed] + [["missing", p] for p in result.missing] + \
               [["extra", p] for p in result.extra] + [["problem", p] for p in result.problems]
        if rows:
            ui.table(f"Problems in {path}", ["kind", "file"], rows)
        click.echo(f"signature: {result.signature} (key {result.fingerprint or '-'}, {result.key_source}); "
                   f"{result.files} files checked")
        click.echo("OK: bundle intact and signed" if result.ok else "FAILED: do not rely on this bundle")
    if not result.ok:
        raise SystemExit(1)


@group()
def keys() -> None:
    """The Ed25519 key that signs case bundles, kept outside the workspace.

    \b
    Example:
      graphfraud keys init
      GRAPHFRAUD_KEY_DIR=/secure/keys graphfraud keys init
    """


@keys.command("init", audited=False)
@click.option("--key-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to keep the key (default: GRAPHFRAUD_KEY_DIR or ~/.config/graphfraud/keys).")
@click.option("--force", is_flag=True, help="Replace an existing key (old bundles then need the old public key).")
@json_option
def init(key_dir: Path | None, force: bool, as_json: bool) -> None:
    """Create the bundle-signing key pair; prints the public key's fingerprint to share with receivers.

    \b
    Example:
      graphfraud keys init
      graphfraud keys init --key-dir /secure/keys --json
    """
    from graphfraud.keys import PUBLIC_NAME, fingerprint, init_keys

    key = init_keys(key_dir, force)
    info = {"private_key": str(key.path), "public_key": str(key.path.with_name(PUBLIC_NAME)),
            "fingerprint": fingerprint(key.public)}
    if as_json:
        emit("keys", info)
        return
    ui.fields("Signing key", info.items())
