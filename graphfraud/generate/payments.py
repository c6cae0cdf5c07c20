"""Who pays a settlement: pooled fund, critical-illness insurance, personal account, cash.

All in integer cents, so medfee_sumamt = fund_pay_sumamt + acct_pay + psn_cash_pay holds exactly,
and fund_pay_sumamt = hifp_pay + hifmi_pay ≥ hifp_pay.
"""
from __future__ import annotations

import numpy as np

# Pooled-fund share by med_type for employees (310) and residents (390).
POOLED = {"11": (0.6, 0.5), "13": (0.6, 0.5), "14": (0.75, 0.6), "21": (0.85, 0.7), "41": (0.0, 0.5)}
INPATIENT_DEDUCTIBLE = 80_000  # ¥800 起付线
CRITICAL_ILLNESS_FROM = 2_000_000  # ¥20,000 of own share before 大病保险 pays


def split_payments(rng: np.random.Generator, medfee: np.ndarray, med_type: np.ndarray, insutype: np.ndarray,
                   pay: np.ndarray, external_rx: np.ndarray) -> dict[str, np.ndarray]:
    """Amounts in cents for each settlement.

    ``pay`` 'acct' drains the account (year-end 冲顶), 'fund' is a 双通道 special drug; a pharmacy
    sale on an external prescription is covered like an outpatient visit (门诊统筹 follows 处方外流).
    """
    n = len(medfee)
    employee = insutype == "310"
    rate = np.zeros(n)
    for code, (emp, res) in POOLED.items():
        mask = med_type == code
        rate[mask] = np.where(employee[mask], emp, res)
    # Residents get pooled cover at a pharmacy only where it runs 门诊统筹 (about a third).
    rate[(med_type == "41") & ~employee & (rng.random(n) < 0.65)] = 0.0
    prescribed = (med_type == "41") & external_rx
    rate[prescribed] = np.where(employee[prescribed], POOLED["11"][0], POOLED["11"][1])
    rate *= rng.uniform(0.9, 1.05, n)
    rate[pay == "fund"] = 0.8
    rate[(pay == "acct") & employee] = 0.0
    base = np.where(med_type == "21", np.maximum(medfee - INPATIENT_DEDUCTIBLE, 0), medfee)
    hifp = np.minimum(np.round(base * rate).astype(np.int64), medfee)
    own = medfee - hifp
    hifmi = np.where((med_type == "21") & (own > CRITICAL_ILLNESS_FROM),
                     np.round((own - CRITICAL_ILLNESS_FROM) * 0.6).astype(np.int64), 0)
    rest = own - hifmi
    uses_account = employee & ((pay == "acct") | (rng.random(n) < np.where(med_type == "41", 0.85, 0.55)))
    acct = np.where(uses_account, rest, 0)
    return {"hifp": hifp, "hifmi": hifmi, "fund": hifp + hifmi, "acct": acct, "cash": rest - acct}
