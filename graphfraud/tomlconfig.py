"""Layered TOML settings: a package's ``defaults.toml`` overlaid key by key with a user's file.

Unknown sections or keys in the user's file are refused, all of them in one error, so a typo
never silently leaves a default in force; so is a value of another kind than its default's (a
number where a table of numbers is wanted), which would otherwise fail deep inside a run, and a
negative number where the default is not (a count, share, weight or span has no meaning below
zero, and a run would take it without a word).

>>> base = {"trace_reuse": {"min_settlements": 2}}
>>> overlay(base, {"trace_reuse": {"min_settlements": -2}}, "my.toml")
['my.toml: trace_reuse.min_settlements must not be negative, not -2']
"""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from graphfraud.errors import InputError


def kind(value: Any) -> str:
    """What sort of TOML value ``value`` is, in the words of an error message (integers and decimals
    are both numbers).

    >>> kind(3), kind(0.5), kind(True), kind({"a": 1}), kind(["x"]), kind("x")
    ('a number', 'a number', 'true or false', 'a table', 'a list', 'text')
    """
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {dict: "a table", list: "a list", str: "text"}
    return names.get(type(value), type(value).__name__)


def overlay(base: dict[str, dict[str, Any]], user: dict[str, Any], source: str) -> list[str]:
    """Overlay ``user`` on ``base`` in place; returns every problem found (unknown section or key, a
    value of another kind than the default's)."""
    problems = []
    for section, values in user.items():
        if section not in base or not isinstance(values, dict):
            problems.append(f"unknown section [{section}]")
            continue
        for key, value in values.items():
            if key not in base[section]:
                problems.append(f"unknown key {section}.{key}")
            elif kind(value) != kind(base[section][key]):
                problems.append(f"{section}.{key} must be {kind(base[section][key])}, not {value!r}")
            elif kind(value) == "a number" and value < 0 <= base[section][key]:
                problems.append(f"{section}.{key} must not be negative, not {value!r}")
            elif isinstance(base[section][key], dict) and isinstance(value, dict):
                base[section][key] = base[section][key] | value
            else:
                base[section][key] = value
    return [f"{source}: {p}" for p in problems]


def load_layered(package: str, what: str, doc: str, path: str | Path | None = None) -> dict[str, Any]:
    """``package``'s defaults.toml, overlaid with the TOML file at ``path`` when given.

    ``what`` names the config in messages ("detector config"); ``doc`` is where its keys are explained.
    """
    data = tomllib.loads(resources.files(package).joinpath("defaults.toml").read_text(encoding="utf-8"))
    if path is None:
        return data
    try:
        user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        shape = package.replace(".", "/") + "/defaults.toml"
        raise InputError(f"cannot read {what} {path}: {exc}", f"give a TOML file shaped like {shape}") from exc
    problems = overlay(data, user, str(path))
    if problems:
        raise InputError("; ".join(problems), f"see {doc} for the accepted keys")
    return data
