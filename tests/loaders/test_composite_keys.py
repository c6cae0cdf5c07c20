"""Composite keys (inv_purc, inv_stock, psn_ident) cannot collide through a ``|`` inside a part, and
workspaces keyed the old way (parts joined without escaping) reload without duplicating a row.
Both stores: the migration is a store write like any other."""
from __future__ import annotations

from pathlib import Path

from graphfraud.loaders import load_directory

PURC = "fixmedins_code,fixmedins_bchno,purc_retn_stoin_time,med_list_codg,purc_retn_cnt\n"
ROW_A = "P1,B|2,2025-07-01,X1,5\n"
ROW_B = "P1|B,2,2025-07-01,X1,7\n"  # joined with plain bars, the same text as ROW_A
IDENT = "psn_no,ident_type,ident_value\n"
IDENT_A = "0001,addr,杭州|西湖区\n"


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_bar_inside_a_key_part_no_longer_collides(store, tmp_path):
    data = _write(tmp_path / "d", {"inv_purc.csv": PURC + ROW_A + ROW_B})
    f = load_directory(store, data, tmp_path / "loads").files[0]
    assert (f.rows_read, f.loaded, f.duplicates) == (2, 2, 0)
    purchases = store.table("inv_purc").set_index("fixmedins_bchno")
    assert purchases.purc_retn_cnt.to_dict() == {"B|2": 5.0, "2": 7.0}


def _downgrade(store) -> None:
    """What a workspace loaded by the previous version holds: keys joined without escaping, and a
    last load report without ``key_format``."""
    store.rekey("inv_purc", {"P1|B\\|2|2025-07-01 00:00:00|X1": "P1|B|2|2025-07-01 00:00:00|X1"})
    store.rekey("psn_ident", {"0001|addr|杭州\\|西湖区": "0001|addr|杭州|西湖区"})
    store.record_load({"load_id": store.next_load_id(), "data_dir": "old", "started": "2025-08-01T00:00:00",
                       "files": [], "totals": {"rows_read": 0, "loaded": 0, "duplicates": 0, "invalid": 0,
                                               "rejected": 0}})


def test_old_keys_are_migrated_so_reloads_stay_idempotent(store, tmp_path):
    load_directory(store, _write(tmp_path / "m1", {"inv_purc.csv": PURC + ROW_A, "psn_ident.csv": IDENT + IDENT_A}),
                   tmp_path / "loads")
    _downgrade(store)
    assert "P1|B|2|2025-07-01 00:00:00|X1" in set(store.table("inv_purc")._key)
    report = load_directory(store, _write(tmp_path / "m2", {"inv_purc.csv": PURC + ROW_A + ROW_B,
                                                            "psn_ident.csv": IDENT + IDENT_A}), tmp_path / "loads")
    by_table = {f.table: (f.loaded, f.duplicates) for f in report.files}
    assert by_table == {"inv_purc": (1, 1), "psn_ident": (0, 1)}  # ROW_A and IDENT_A were there already
    assert sorted(store.table("inv_purc")._key) == ["P1\\|B|2|2025-07-01 00:00:00|X1", "P1|B\\|2|2025-07-01 00:00:00|X1"]
    assert store.table("psn_ident")._key.tolist() == ["0001|addr|杭州\\|西湖区"]
    again = load_directory(store, tmp_path / "m2", tmp_path / "loads")
    assert again.totals()["loaded"] == 0 and again.key_format == 2
