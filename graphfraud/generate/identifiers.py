"""``psn_ident``: phones, devices, bank accounts and WeChat IDs linked to persons.

Everyone has their own, and one household in four keeps its members' e-vouchers on one phone (an
innocent shared device); the rings' shared identifiers come from the schemes (``world.idents``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate.formats import frame, padded
from graphfraud.generate.records import pick
from graphfraud.generate.timeline import DAYS, DAY, render
from graphfraud.generate.world import World


def ident_table(world: World) -> pd.DataFrame:
    rng = world.rng("idents")
    p = world.persons
    n = len(p)
    people = np.arange(n)
    hh = p.hh.to_numpy()
    shared_hh = (p.hh_size.to_numpy() > 1) & (rng.random(hh.max() + 1) < 0.25)[hh]
    device_owner = np.where(shared_hh, hh + n, people)  # a household device, or the person's own
    parts = []
    for ident_type, share, source, values in (
            ("device", 0.4, "e_voucher", np.strings.add("86", padded(device_owner * 7919 + 10**12, 13))),
            ("bank_acct", 0.45, "bank_registration", np.strings.add("6217", padded(rng.integers(0, 10**15, n), 15))),
            ("wechat", 0.2, "wechat_bind", np.strings.add("wxid_", padded(rng.integers(0, 10**10, n), 10)))):
        has = rng.random(n) < share
        if ident_type == "device":
            has |= shared_hh
        parts.append(pd.DataFrame({"psn": people[has], "ident_type": ident_type, "ident_value": values[has],
                                   "source": source}))
    parts.append(pd.DataFrame(world.idents, columns=["psn", "ident_type", "ident_value", "source"]))
    idents = pd.concat(parts, ignore_index=True).drop_duplicates(["psn", "ident_type", "ident_value"])
    idents = idents.sort_values(["psn", "ident_type", "ident_value"], ignore_index=True)
    t = rng.integers(0, DAYS * DAY, len(idents))
    return frame({"psn_no": pick(p.psn_no, idents.psn.to_numpy()), "ident_type": idents.ident_type,
                  "ident_value": idents.ident_value, "source": idents.source, "obs_time": render(t)})
