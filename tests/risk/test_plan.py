"""The inspection draw: the random part is uniform, the risk part follows the weights, no repeats,
one seed one plan, inspectors never of the district nor inspected it before."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from graphfraud.errors import InputError
from graphfraud.risk.plan import draw_inspectors, draw_institutions

DRAWS = 2000


def chi2_upper(df: int, z: float = 3.09) -> float:
    """The 99.9 % quantile of chi-square with ``df`` degrees of freedom (Wilson-Hilferty)."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def chi2(observed: np.ndarray, expected: np.ndarray) -> float:
    return float(((observed - expected) ** 2 / expected).sum())


def tally(reg: pd.DataFrame, picks: list[pd.Series]) -> np.ndarray:
    """How often each institution of ``reg`` was picked over all draws (in register order)."""
    picked = pd.concat(picks, ignore_index=True).value_counts()
    return picked.reindex(reg.fixmedins_code, fill_value=0).to_numpy(dtype=float)


def register(n: int = 30) -> pd.DataFrame:
    weights = np.r_[np.full(n - 5, 1.0), [5.0, 10.0, 20.0, 40.0, 80.0]]  # a few risky ones
    return pd.DataFrame({"fixmedins_code": [f"P{i:03d}" for i in range(n)], "weight": weights,
                         "admdvs": ["330102" if i % 2 else "330106" for i in range(n)]})


def test_random_part_is_uniform_whatever_the_weights() -> None:
    reg = register()
    plans = [draw_institutions(reg, 6, 0.5, seed) for seed in range(DRAWS)]
    counts = tally(reg, [p.fixmedins_code[p.part == "random"] for p in plans])
    expected = np.full(len(reg), DRAWS * 3 / len(reg))
    assert chi2(counts, expected) < chi2_upper(len(reg) - 1)
    # and it could fail: a weight-following draw is far from uniform
    weighted = tally(reg, [draw_institutions(reg, 1, 0.0, seed).fixmedins_code for seed in range(DRAWS)])
    assert chi2(weighted, np.full(len(reg), DRAWS / len(reg))) > 10 * chi2_upper(len(reg) - 1)


def test_risk_part_follows_the_weights() -> None:
    reg = register()
    counts = tally(reg, [draw_institutions(reg, 1, 0.0, seed).fixmedins_code for seed in range(DRAWS)])
    expected = DRAWS * reg.weight.to_numpy() / reg.weight.sum()
    assert chi2(counts, expected) < chi2_upper(len(reg) - 1)


def test_no_repeats_shares_and_one_seed_one_plan() -> None:
    reg = register()
    plan = draw_institutions(reg, 20, 0.3, seed=11)
    assert plan.fixmedins_code.is_unique and len(plan) == 20
    assert (plan.part == "random").sum() == 6 and (plan.part == "risk").sum() == 14
    assert draw_institutions(reg, 20, 0.3, seed=11).equals(plan)
    assert not draw_institutions(reg, 20, 0.3, seed=12).equals(plan)
    assert set(draw_institutions(reg, 30, 0.3, seed=1).fixmedins_code) == set(reg.fixmedins_code)
    with pytest.raises(InputError, match="cannot draw 31"):
        draw_institutions(reg, 31, 0.3, seed=1)
    with pytest.raises(InputError, match="not a share"):
        draw_institutions(reg, 3, 1.5, seed=1)


def test_inspectors_without_conflicts_of_interest() -> None:
    reg = register()
    picks = draw_institutions(reg, 10, 0.3, seed=5)
    inspectors = pd.DataFrame({"inspector_id": [f"I{i}" for i in range(8)], "name": [f"检查员{i}" for i in range(8)],
                               "district": ["330102", "330106"] * 4, "past": ["P025;P026", "", "", "", "", "", "", ""]})
    teams = draw_inspectors(picks, inspectors, 2, seed=5, history=[("I1", "P027")]).set_index("fixmedins_code")
    district = dict(zip(inspectors.inspector_id, inspectors.district))
    for code, team in teams.inspectors.items():
        where = reg.set_index("fixmedins_code").admdvs[code]
        assert len(set(team)) == 2 and all(district[i] != where for i in team)
        assert not ({"I0"} & set(team) and code in ("P025", "P026")) and not ("I1" in team and code == "P027")
    few = inspectors[inspectors.district == "330102"]
    with pytest.raises(InputError, match="without a conflict of interest"):
        draw_inspectors(picks, few.head(1), 2, seed=5)
