"""Pharmacy inventory flows (进销存): purchases (3503), sales (3505) and quarterly stock-takes (3501).

Sales mirror the pharmacy fee lines one to one, trace codes included. Purchases cover the boxes a
pharmacy really sold, by the month of each box's first sale, plus a little spare stock. Lines a
scheme marked off-book (fake swipes, re-sold boxes) are sold without any purchase, so sales exceed
purchases there and the stock-take, which cannot go below zero, no longer adds up.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.generate.formats import arrow, decimal, digits, frame, join
from graphfraud.generate.records import doctor, pick, text
from graphfraud.generate.timeline import DAY, MONTH_STARTS, MONTHS, month_of, render
from graphfraud.generate.world import World

SUPPLIERS = np.array(["浙江英特药业有限责任公司", "华东医药股份有限公司", "国药控股浙江有限公司", "九州通医药集团股份有限公司",
                      "上海医药分销控股有限公司"])
QUARTER_ENDS = [2, 5, 8, 11]  # stock-take after the last day of these months
YYMM = pa.array([m[2:4] + m[5:7] for m in MONTHS])


def pharmacy_lines(world: World, lines: pd.DataFrame) -> pd.DataFrame:
    """Drug lines settled at pharmacies and recorded as sales (not ``unlisted``), with their month."""
    is_pharm = (world.inst.kind.to_numpy() == "P")[lines.inst.to_numpy()]
    sold = lines[is_pharm & world.items.is_drug.to_numpy()[lines.item.to_numpy()] & ~lines.unlisted.to_numpy()].copy()
    sold["month"] = month_of(sold.ft.to_numpy())
    return sold


def _ids(world: World, inst: np.ndarray, item: np.ndarray, month: np.ndarray) -> dict[str, pa.Array]:
    """The pharmacy, its own product ID, its batch of the month and the maker's lot."""
    tail = pc.utf8_slice_codeunits(arrow(world.inst.code), 7, 12).take(pa.array(inst))
    return {"fixmedins_code": pick(world.inst.code, inst), "med_list_codg": pick(world.items.code, item),
            "fixmedins_hilist_id": join("YP", tail, digits(item, 4)),
            "fixmedins_bchno": join("PC", tail, YYMM.take(pa.array(month)), digits(item, 3)),
            "manu_lotnum": join(YYMM.take(pa.array(np.maximum(month - 2, 0))), digits(item * 37 % 1000, 3))}


def sales_table(world: World, sold: pd.DataFrame) -> pd.DataFrame:
    rng = world.rng("inv-sale")
    sold = sold.sort_values(["ft", "key"])
    n = len(sold)
    inst = sold.inst.to_numpy()
    refund = sold.refd.to_numpy() == 1
    negative = refund & (rng.random(n) < 0.2)  # the other return convention: negative count, no flag
    pharmacists = world.staff[world.staff.dr_type == "Y"].drop_duplicates("inst").set_index("inst")
    on_duty = pharmacists.reindex(np.arange(len(world.inst))).fillna("")
    return frame(_ids(world, inst, sold.item.to_numpy(), sold.month.to_numpy()) | {
        "medins_prod_sel_no": join("XS", digits(np.arange(n) * 13 + 100003 + world.offset("sale"), 14)),
        "setl_id": sold.setl_id, "mdtrt_id": sold.mdtrt_id, "psn_no": pick(world.persons.psn_no, sold.psn.to_numpy()),
        "sel_retn_cnt": text(np.where(negative, sold.cnt.to_numpy(), np.abs(sold.cnt.to_numpy()))),
        "sel_retn_flag": np.where(negative, "", np.where(refund, "1", "0")),
        "sel_retn_time": render(sold.ft.to_numpy()), "trdn_flag": text(sold.trdn),
        "drug_trac_codg": sold.trace, "prsc_dr_name": doctor(world, sold.dr.to_numpy(), "dr_name"),
        "phar_name": pick(on_duty.dr_name, inst), "phar_prac_cert_no": pick(on_duty.prac_cert_no, inst),
    })


def purchases(world: World, sold: pd.DataFrame) -> pd.DataFrame:
    """Purchase rows per (pharmacy, item, month): the boxes first sold that month plus spare boxes."""
    rng = world.rng("inv-purc")
    booked = sold[(sold.refd == 0) & ~sold.offbook & (sold.trace != "")]
    boxes = booked[["inst", "item", "month", "ft"]].assign(code=booked.trace.str.split(",")).explode("code")
    boxes = boxes.sort_values(["ft", "code"]).drop_duplicates(["inst", "code"])
    rows = boxes.groupby(["inst", "item", "month"], sort=True).size().rename("sold").reset_index()
    rows["spare"] = rng.integers(0, 3, len(rows))
    if world.padding:  # purchases booked without goods (fresh codes) to hide a stock gap (敛卡)
        keys = ["inst", "item", "month"]
        pad = pd.DataFrame(world.padding, columns=[*keys, "pad"]).groupby(keys).pad.sum().reset_index()
        rows = rows.merge(pad, how="outer", on=keys).fillna(0).astype({"sold": "int64", "spare": "int64",
                                                                        "pad": "int64"})
        rows = rows.sort_values(keys, ignore_index=True)
        rows["spare"] += rows.pop("pad")
    group = np.repeat(np.arange(len(rows)), rows.spare.to_numpy())
    spare = world.codes.new(rows.item.to_numpy()[group])
    # every group's codes: those it sold, then its spare boxes, in one sorted list column
    sold_group = rows.set_index(["inst", "item", "month"]).index.get_indexer(
        pd.MultiIndex.from_frame(boxes[["inst", "item", "month"]]))
    codes = pa.concat_arrays([arrow(boxes.code), spare])
    order = np.lexsort((np.arange(len(codes)), np.concatenate([sold_group, group])))
    counts = (rows.sold + rows.spare).to_numpy()
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    rows["codes"] = pd.array(pc.binary_join(pa.ListArray.from_arrays(offsets, codes.take(pa.array(order))), ","),
                             dtype="str")
    rows["boxes"], rows["flag"] = counts, 0
    rows["t"] = MONTH_STARTS[rows.month.to_numpy()] - rng.integers(1, 4, len(rows)) * DAY + 10 * 3600
    returned = rows[(rows.spare > 0) & (rng.random(len(rows)) < 0.05)].copy()
    returned["codes"] = returned.codes.str.rsplit(",", n=1).str[-1]
    returned["boxes"], returned["flag"] = 1, 1
    returned["t"] = MONTH_STARTS[returned.month.to_numpy()] + 15 * DAY + 14 * 3600
    return pd.concat([rows, returned], ignore_index=True).sort_values(["t", "inst", "item"], ignore_index=True)


def purchases_table(world: World, purc: pd.DataFrame) -> pd.DataFrame:
    inst, item = purc.inst.to_numpy(), purc.item.to_numpy()
    pack = world.items.pack.to_numpy()[item]
    unit_price = world.items.price.to_numpy()[item] / 100 / pack * 0.72
    return frame(_ids(world, inst, item, purc.month.to_numpy()) | {
        "spler_name": SUPPLIERS[inst % len(SUPPLIERS)], "purc_retn_cnt": text(purc.boxes.to_numpy() * pack),
        "purc_retn_flag": text(purc.flag), "purc_retn_stoin_time": render(purc.t.to_numpy()),
        "finl_trns_pric": decimal(unit_price, 4),
        "purc_invo_no": join("FP", digits(np.arange(len(purc)) * 17 + 3300001 + world.offset("invoice"), 10)), "drug_trac_codg": purc.codes,
    })


def stock_table(world: World, sold: pd.DataFrame, purc: pd.DataFrame) -> pd.DataFrame:
    """Quarterly stock per (pharmacy, item): purchases less returns less net sales, never below zero."""
    pack = world.items.pack.to_numpy()
    moves = pd.concat([
        pd.DataFrame({"inst": purc.inst, "item": purc.item, "month": purc.month,
                      "qty": np.where(purc.flag == 1, -1, 1) * purc.boxes * pack[purc.item.to_numpy()]}),
        pd.DataFrame({"inst": sold.inst, "item": sold.item, "month": sold.month, "qty": -sold.cnt})])
    monthly = moves.groupby(["inst", "item", "month"]).qty.sum().unstack(fill_value=0).reindex(
        columns=range(12), fill_value=0).cumsum(axis=1)
    stock = monthly[QUARTER_ENDS].stack().rename("qty").reset_index()
    stock = stock.sort_values(["month", "inst", "item"], ignore_index=True)
    inst, item, month = stock.inst.to_numpy(), stock.item.to_numpy(), stock.month.to_numpy()
    return frame({k: v for k, v in _ids(world, inst, item, month).items() if k != "manu_lotnum"} | {
        "invdate": render(MONTH_STARTS[month + 1] - 2 * 3600), "inv_cnt": text(np.maximum(stock.qty.to_numpy(), 0)),
    })
