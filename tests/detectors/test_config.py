"""Thresholds: defaults from the TOML, user overrides key by key, unknown keys refused."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from graphfraud.detectors import DETECTORS
from graphfraud.detectors.config import SECTIONS, load_config
from graphfraud.tomlconfig import load_layered
from graphfraud.errors import InputError


def test_every_detector_has_a_config_section_and_every_key_a_field() -> None:
    defaults = load_layered("graphfraud.detectors", "detector config", "docs/detectors.md")
    assert set(SECTIONS) == set(DETECTORS) == set(defaults)
    for name, cls in SECTIONS.items():
        assert set(defaults[name]) == {f.name for f in fields(cls)}, name


def test_user_file_overrides_one_key_and_merges_tables(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("[shared_identifiers]\nmax_persons = 4\ntype_weights = { addr = 0.1 }\n", encoding="utf-8")
    cfg = load_config(path)
    assert cfg.shared_identifiers.max_persons == 4
    assert cfg.shared_identifiers.type_weights["addr"] == 0.1
    assert cfg.shared_identifiers.type_weights["bank_acct"] == load_config().shared_identifiers.type_weights["bank_acct"]
    assert cfg.co_purchase == load_config().co_purchase


def test_unknown_keys_are_all_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text("[co_purchase]\nmax_buyers = 3\n[nonsense]\nx = 1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert "co_purchase.max_buyers" in str(info.value) and "[nonsense]" in str(info.value)


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[co_purchase\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_config(path)


@pytest.mark.parametrize("rings, text, refused, kept", [
    # a number where a table is wanted failed deep inside a run; integers still stand for decimals
    (True, "[floor]\nrepeated = 3\nmin_family_share = 1\n[assembly]\ncustomer_links = \"x\"\n",
     ["floor.repeated must be a table, not 3", "assembly.customer_links must be a list"], "min_family_share"),
    # a negative count used to be taken as given without a word; zero is no negative number
    (False, "[trace_reuse]\nmin_settlements = -2\n[swipe_burst]\nmin_cards = 0\n",
     ["trace_reuse.min_settlements must not be negative, not -2"], "swipe_burst"),
])
def test_a_value_of_another_kind_or_sign_than_its_default_is_refused_up_front(
        tmp_path: Path, rings: bool, text: str, refused: list[str], kept: str) -> None:
    from graphfraud.rings.config import load_ring_config

    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        (load_ring_config if rings else load_config)(path)
    assert all(r in str(info.value) for r in refused), str(info.value)
    assert kept not in str(info.value)
