"""Inspection plans (双随机、一公开, weighted by risk): which institutions, and who inspects them.

Institutions: of ``n`` picks, ``round(n x random_share)`` are drawn uniformly from the whole
register (the legal random part: every institution equally likely), the rest from those left with
probability proportional to their weight (``base_weight`` + risk score, see
``graphfraud.risk.profiles``), one after another without replacement, so no institution is drawn
twice. Inspectors: ``per_institution`` of them for each pick, drawn uniformly from those without a
conflict of interest (same district as the institution, or an earlier inspection of it), each
inspector at most once per institution. One seed gives the same plan.

>>> reg = pd.DataFrame({"fixmedins_code": list("ABCDEFGH"), "weight": [1, 1, 1, 1, 1, 1, 1, 50.0]})
>>> plan = draw_institutions(reg, 4, 0.5, seed=3)
>>> len(plan), plan.fixmedins_code.is_unique, sorted(plan.part.unique())
(4, True, ['random', 'risk'])
>>> draw_institutions(reg, 4, 0.5, seed=3).equals(plan)
True
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from graphfraud.errors import InputError

PARTS = ("random", "risk")


def draw_institutions(register: pd.DataFrame, n: int, random_share: float, seed: int) -> pd.DataFrame:
    """``register`` rows (``fixmedins_code``, ``weight``, ...) picked, with ``part`` and ``order``."""
    if not 0 <= random_share <= 1:
        raise InputError(f"--random-share {random_share} is not a share", "give a number from 0 to 1, e.g. 0.3")
    if n < 1 or n > len(register):
        raise InputError(f"cannot draw {n} institutions from a register of {len(register)}",
                         f"give --institutions from 1 to {len(register)}")
    rng = np.random.default_rng(seed)
    uniform_n = int(round(n * random_share))
    codes = register.fixmedins_code.astype(str).to_numpy()
    first = rng.choice(len(codes), size=uniform_n, replace=False) if uniform_n else np.array([], dtype=int)
    left = np.setdiff1d(np.arange(len(codes)), first)
    weights = register.weight.to_numpy(dtype=float)[left]
    if (weights <= 0).any() or not np.isfinite(weights).all():
        raise InputError("every institution needs a positive risk weight", "check [plan] base_weight in the risk config")
    second = left[rng.choice(len(left), size=n - uniform_n, replace=False, p=weights / weights.sum())] \
        if n > uniform_n else np.array([], dtype=int)
    picked = register.iloc[np.concatenate([first, second])].copy()
    picked["part"] = ["random"] * uniform_n + ["risk"] * (n - uniform_n)
    picked["order"] = range(1, n + 1)
    return picked.reset_index(drop=True)


def draw_inspectors(picks: pd.DataFrame, inspectors: pd.DataFrame, per_institution: int, seed: int,
                    history: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """For each pick (``fixmedins_code``, ``admdvs``): ``per_institution`` inspectors from ``inspectors``
    (``inspector_id``, ``name``, ``district``, ``past``: codes inspected before, ';'-separated), none
    of the same district nor with an earlier inspection of it (``history`` adds stored ones)."""
    rng = np.random.default_rng([seed, 1])
    past = {(str(i), str(c)) for i, c in history}
    for i, codes in zip(inspectors.inspector_id.astype(str), inspectors.past.fillna("").astype(str)):
        past |= {(i, c.strip()) for c in codes.split(";") if c.strip()}
    rows = []
    for pick in picks.to_dict("records"):
        code, district = str(pick["fixmedins_code"]), str(pick.get("admdvs") or "")
        free = inspectors[(inspectors.district.astype(str) != district)
                          & ~inspectors.inspector_id.astype(str).map(lambda i: (i, code) in past)]
        if len(free) < per_institution:
            raise InputError(f"institution {code} has {len(free)} inspector(s) without a conflict of interest, "
                             f"{per_institution} needed", "add inspectors from other districts or lower --per-institution")
        chosen = free.iloc[rng.choice(len(free), size=per_institution, replace=False)]
        rows.append({"fixmedins_code": code, "inspectors": list(chosen.inspector_id.astype(str)),
                     "inspector_names": list(chosen.name.astype(str))})
    return pd.DataFrame(rows, columns=["fixmedins_code", "inspectors", "inspector_names"])


def read_inspectors(path: str) -> pd.DataFrame:
    """The inspector register (CSV or XLSX): inspector_id, name, district, and optionally past."""
    try:
        frame = pd.read_excel(path, dtype=str) if str(path).lower().endswith(".xlsx") else pd.read_csv(
            path, dtype=str, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the inspector register {path}: {exc}",
                         "give a CSV or XLSX with columns inspector_id, name, district[, past]") from None
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ("inspector_id", "name", "district") if c not in frame.columns]
    if missing:
        raise InputError(f"the inspector register {path} has no column {', '.join(missing)}",
                         "give columns inspector_id, name, district and optionally past (codes inspected, ';'-separated)")
    if "past" not in frame.columns:
        frame["past"] = ""
    return frame.fillna("")
