"""Turn planned settlements and lines into claims: prices, trace codes, payments, refunds, IDs.

Payments are integer cents, so medfee_sumamt = fund_pay_sumamt + acct_pay + psn_cash_pay holds
exactly, and fund_pay_sumamt = hifp_pay + the critical-illness share ≥ hifp_pay.

Background and planted claims go through the same steps and get IDs in time order, so nothing
in an ID, a position or a format tells a planted claim from an innocent one.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.generate.formats import arrow, digits, join
from graphfraud.generate.timeline import ALL_CODES_FROM, DAY, DAYS, HOUR, day_code
from graphfraud.generate.world import World, device_ids, opter_ids

REFUND_SHARE = 0.05
INVALID_SHARE = 0.003
# Pooled-fund share by med_type for employees (310) and residents (390).
POOLED = {"11": (0.6, 0.5), "13": (0.6, 0.5), "14": (0.75, 0.6), "21": (0.85, 0.7), "41": (0.0, 0.5)}
INPATIENT_DEDUCTIBLE = 80_000  # ¥800 起付线
CRITICAL_ILLNESS_FROM = 2_000_000  # ¥20,000 of own share before 大病保险 pays


@dataclass
class Claims:
    setl: pd.DataFrame  # one row per settlement, refunds included (refd = 1, negative amounts)
    lines: pd.DataFrame  # one row per fee line, refund copies included


def assemble(world: World, bg_setl: pd.DataFrame, bg_lines: pd.DataFrame) -> Claims:
    rng = world.rng("claims")
    planted_setl, planted_lines = world.book.frames()
    setl = pd.concat([bg_setl, planted_setl], ignore_index=True)
    lines = pd.concat([bg_lines, planted_lines], ignore_index=True)
    row = pd.Index(setl.key.to_numpy()).get_indexer(lines.key.to_numpy())
    lines["inst"] = setl.inst.to_numpy()[row]
    lines["psn"] = setl.psn.to_numpy()[row]
    _price(world, lines)
    _trace_codes(world, rng, lines)
    setl["medfee"] = np.bincount(row, weights=lines.amount.to_numpy(), minlength=len(setl)).astype(np.int64)
    insutype = world.persons.insutype.to_numpy()[setl.psn.to_numpy()]
    external_rx = np.bincount(row, weights=lines.rx.to_numpy(), minlength=len(setl)) > 0
    for name, cents in _split_payments(rng, setl.medfee.to_numpy(), setl.med_type.to_numpy(), insutype,
                                      setl.pay.to_numpy(), external_rx).items():
        setl[name] = cents
    _counter_staff(world, rng, setl)
    setl["orig_key"], setl["refd"], setl["vali"] = setl.key, 0, 1
    setl, lines = _refunds(rng, setl, lines)
    _invalidate(rng, setl, lines)
    setl, lines = _identifiers(world, setl, lines)
    return Claims(setl, lines)


def _price(world: World, lines: pd.DataFrame) -> None:
    """Hospitals charge the list price (零加成); each pharmacy its own small discount."""
    items, inst = world.items, world.inst
    item = lines.item.to_numpy()
    box = np.round(items.price.to_numpy()[item] * inst.discount.to_numpy()[lines.inst.to_numpy()]) / 100
    pack = items.pack.to_numpy()[item]
    default = np.where(pack > 1, np.round(box / pack, 4), box)
    pric = np.where(np.isnan(lines.pric.to_numpy()), default, lines.pric.to_numpy())
    lines["pric"] = pric
    lines["amount"] = np.round(lines.cnt.to_numpy() * pric * 100).astype(np.int64)


def _trace_codes(world: World, rng: np.random.Generator, lines: pd.DataFrame) -> None:
    """One code per box where the line has none: always at pharmacies, half of hospital lines until 2026."""
    items, inst = world.items, world.inst
    item = lines.item.to_numpy()
    planned = arrow(lines.trace)
    at_pharmacy = (inst.kind.to_numpy() == "P")[lines.inst.to_numpy()]
    wanted = items.is_drug.to_numpy()[item] & (lines.trace == "").to_numpy() & (
        at_pharmacy | (lines.ft.to_numpy() >= ALL_CODES_FROM) | (rng.random(len(lines)) < 0.5))
    idx = np.flatnonzero(wanted)
    boxes = np.maximum(1, -(-lines.cnt.to_numpy()[idx] // items.pack.to_numpy()[item[idx]]))
    offsets = np.concatenate([[0], np.cumsum(boxes)]).astype(np.int32)
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, world.codes.new(np.repeat(item[idx], boxes))), ",")
    position = np.full(len(lines), -1)
    position[idx] = np.arange(len(idx))
    fresh = joined.take(pa.array(np.maximum(position, 0)))
    kept = pc.if_else(pc.equal(planned, "-"), "", planned)
    lines["trace"] = pd.array(pc.if_else(pa.array(position >= 0), fresh, kept), dtype="str")


def _split_payments(rng: np.random.Generator, medfee: np.ndarray, med_type: np.ndarray, insutype: np.ndarray,
                   pay: np.ndarray, external_rx: np.ndarray) -> dict[str, np.ndarray]:
    """Amounts in cents for each settlement.

    ``pay`` 'acct' drains the account (year-end 冲顶), 'fund' is a 双通道 special drug, 'mulaid' is paid
    from a relative's account (个账共济, adversarial worlds); a pharmacy
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
    uses_account |= pay == "mulaid"  # 个账共济: a relative's account pays, whatever the person's own insurance
    acct = np.where(uses_account, rest, 0)
    return {"hifp": hifp, "hifmi": hifmi, "fund": hifp + hifmi, "acct": acct, "cash": rest - acct}


def _counter_staff(world: World, rng: np.random.Generator, setl: pd.DataFrame) -> None:
    """Operator and terminal at the counter, where the plan did not name them."""
    inst = setl.inst.to_numpy()
    codes = arrow(world.inst.code).take(pa.array(inst))
    number = 1 + (rng.random(len(setl)) * world.inst.n_opters.to_numpy()[inst]).astype(np.int64)
    opter, device = opter_ids(codes, number), device_ids(codes, 1 + number % 2)
    for column, default in (("opter", opter), ("dev", device)):
        planned = arrow(setl[column])
        setl[column] = pd.array(pc.if_else(pc.equal(planned, ""), default, planned), dtype="str")


def _refunds(rng: np.random.Generator, setl: pd.DataFrame, lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About 5 % of settlements are refunded: a new negative settlement with negative copies of its lines."""
    n = len(setl)
    delay = setl.refund_after.to_numpy().copy()
    chosen = ~setl.protect.to_numpy() & (rng.random(n) < REFUND_SHARE)
    quick = rng.random(n) < 0.4
    delay[chosen] = np.where(quick[chosen], rng.integers(600, 6 * HOUR, chosen.sum()),
                             rng.integers(1, 31, chosen.sum()) * DAY + rng.integers(0, 8 * HOUR, chosen.sum()))
    refund = (delay >= 0) & (setl.t.to_numpy() + delay < DAYS * DAY)
    back = setl[refund].copy()
    back["t"] = back.t + delay[refund]
    back["key"] = np.arange(len(back)) + setl.key.max() + 1
    for name in ("medfee", "hifp", "hifmi", "fund", "acct", "cash"):
        back[name] = -back[name]
    back["refd"], back["protect"] = 1, True
    new_key = pd.Series(back.key.to_numpy(), index=back.orig_key.to_numpy())
    copies = lines[lines.key.isin(new_key.index)].copy()
    copies["ft"] = back.t.to_numpy()[pd.Index(back.orig_key.to_numpy()).get_indexer(copies.key.to_numpy())]
    copies["key"] = new_key.reindex(copies.key.to_numpy()).to_numpy()
    copies["cnt"], copies["amount"] = -copies.cnt, -copies.amount
    return pd.concat([setl, back], ignore_index=True), pd.concat([lines, copies], ignore_index=True)


def _invalidate(rng: np.random.Generator, setl: pd.DataFrame, lines: pd.DataFrame) -> None:
    """A few unrefunded background settlements were invalidated by the platform (vali_flag 0)."""
    refunded = setl.orig_key[setl.refd == 1]
    candidates = ~setl.protect.to_numpy() & ~setl.key.isin(refunded).to_numpy()
    bad = setl.key.to_numpy()[candidates & (rng.random(len(setl)) < INVALID_SHARE)]
    setl["vali"] = np.where(setl.key.isin(bad), 0, 1)
    lines["vali"] = np.where(lines.key.isin(bad), 0, 1)


def _day_serial(t: np.ndarray) -> np.ndarray:
    """1, 2, 3, … within each day, for rows already sorted by time."""
    day = t // DAY
    start = np.concatenate([[0], np.flatnonzero(day[1:] != day[:-1]) + 1]) if len(day) else np.array([], int)
    first = np.repeat(start, np.diff(np.concatenate([start, [len(day)]])))
    return np.arange(len(day)) - first + 1


def _serial_id(prefix: pa.Array | str, t: np.ndarray, width: int, offset: int) -> pa.Array:
    """prefix + yymmdd + the row's serial within its day (rows sorted by ``t``)."""
    return join(prefix, pc.utf8_slice_codeunits(day_code(t), 2, 8), digits(_day_serial(t) + offset, width))


def _identifiers(world: World, setl: pd.DataFrame, lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """setl_id, mdtrt_id, bkkp_sn and rxno: prefecture, day and a serial within the day, in time order.

    Visit serials start at 500000 so a visit ID never equals a settlement ID. Returns settlements
    in time order and lines in bookkeeping order.
    """
    prefecture = pc.utf8_slice_codeunits(arrow(world.inst.admdvs), 0, 4)
    setl = setl.sort_values(["t", "key"], ignore_index=True)
    setl_id = _serial_id(prefecture.take(pa.array(setl.inst.to_numpy())), setl.t.to_numpy(), 6,
                         100 + world.offset("setl"))
    visits = setl[setl.refd == 0].sort_values(["begn", "key"])
    visit_id = _serial_id(prefecture.take(pa.array(visits.inst.to_numpy())), visits.begn.to_numpy(), 6,
                          500_000 + world.offset("visit"))
    mdtrt_id = visit_id.take(pa.array(pd.Index(visits.key.to_numpy()).get_indexer(setl.orig_key.to_numpy())))
    setl["setl_id"], setl["mdtrt_id"] = pd.array(setl_id, dtype="str"), pd.array(mdtrt_id, dtype="str")
    keys = pd.Index(setl.key.to_numpy())
    original = setl_id.take(pa.array(keys.get_indexer(setl.orig_key.to_numpy())))
    rxno = join("CF", pc.utf8_slice_codeunits(original, 4, 16))
    row = keys.get_indexer(lines.key.to_numpy())
    lines = lines.iloc[np.lexsort((np.arange(len(lines)), row, lines.ft.to_numpy()))].reset_index(drop=True)
    row = pa.array(keys.get_indexer(lines.key.to_numpy()))
    prescribed = pa.array((lines.rx.to_numpy() == 1) | (lines.dr.to_numpy() >= 0))
    lines["setl_id"] = pd.array(setl_id.take(row), dtype="str")
    lines["mdtrt_id"] = pd.array(mdtrt_id.take(row), dtype="str")
    lines["refd"] = setl.refd.to_numpy()[row.to_numpy()]
    lines["rxno"] = pd.array(pc.if_else(prescribed, rxno.take(row), ""), dtype="str")
    lines["bkkp_sn"] = pd.array(_serial_id("", lines.ft.to_numpy(), 8, 1000 + world.offset("line")), dtype="str")
    return setl, lines
