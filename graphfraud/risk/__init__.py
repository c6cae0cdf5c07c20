"""Risk beyond rings: explained risk scores over time, credit records, risk-weighted inspection plans.

``profiles`` ranks institutions, doctors or insured persons by dated, decaying points;
``credit`` turns confirmed findings of the lead ledger into credit records and suggested doctor
points; ``plan`` draws inspections (uniform part and risk-weighted part) and conflict-free inspectors.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from graphfraud.risk.config import RiskConfig, load_config
from graphfraud.risk.plan import draw_inspectors, draw_institutions
from graphfraud.risk.profiles import institution_weights
from graphfraud.store.base import GraphStore

PLANS = "inspection_plans"


def make_plan(store: GraphStore, n: int, random_share: float, seed: int, config: RiskConfig,
              inspectors: pd.DataFrame | None = None, per_institution: int = 2,
              as_of: str | None = None) -> tuple[str, pd.DataFrame]:
    """Draw a plan, store it (so later plans know who inspected what) and return its ID and rows."""
    picks = draw_institutions(institution_weights(store, config, as_of), n, random_share, seed)
    picks["inspectors"], picks["inspector_names"] = "", ""
    if inspectors is not None:
        stored = store.get_results(PLANS)
        history = [(i, c) for c, names in zip(stored.get("fixmedins_code", []), stored.get("inspectors", []))
                   for i in str(names or "").split(";") if i]
        teams = draw_inspectors(picks, inspectors, per_institution, seed, history).set_index("fixmedins_code")
        picks["inspectors"] = [";".join(teams.loc[c, "inspectors"]) for c in picks.fixmedins_code]
        picks["inspector_names"] = [";".join(teams.loc[c, "inspector_names"]) for c in picks.fixmedins_code]
    existing = store.get_results(PLANS)
    plan_id = f"IP-{(existing.plan_id.nunique() if not existing.empty else 0) + 1:04d}"
    picks["plan_id"], picks["drawn"], picks["seed"] = plan_id, dt.datetime.now().astimezone().isoformat(timespec="seconds"), seed
    picks["random_share"] = random_share
    store.put_results(PLANS, picks[PLAN_COLUMNS], replace=False)
    return plan_id, picks[PLAN_COLUMNS]


PLAN_COLUMNS = ["plan_id", "drawn", "seed", "random_share", "order", "part", "fixmedins_code", "name", "fixmedins_type",
                "admdvs", "score", "weight", "reasons", "inspectors", "inspector_names"]

__all__ = ["PLANS", "PLAN_COLUMNS", "RiskConfig", "load_config", "make_plan"]
