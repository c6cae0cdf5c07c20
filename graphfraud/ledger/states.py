"""Lead statuses and the transitions between them (线索台账, 逐条核查).

new → assigned → investigating → confirmed | rejected; confirmed → referred (移送) → closed;
a confirmed lead handled administratively, or a rejected one, goes straight to closed.
The note given with a transition fills the ledger column an office keeps for it.
"""
from __future__ import annotations

from graphfraud.errors import InputError

STATUSES = ("new", "assigned", "investigating", "confirmed", "rejected", "referred", "closed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("assigned",),
    "assigned": ("investigating",),
    "investigating": ("confirmed", "rejected"),
    "confirmed": ("referred", "closed"),
    "rejected": ("closed",),
    "referred": ("closed",),
    "closed": (),
}
LABELS_ZH = {"new": "新线索", "assigned": "已分派", "investigating": "核查中", "confirmed": "查实",
             "rejected": "查否", "referred": "已移送", "closed": "已办结"}
# which ledger column a transition's note fills: 核查结果, 移送情况, 处理结果
NOTE_FIELD = {"confirmed": "check_result", "rejected": "check_result", "referred": "referral", "closed": "handling"}
NOTE_REQUIRED = ("confirmed", "rejected", "referred")
OPEN = ("new", "assigned", "investigating", "confirmed", "referred")


def check_transition(current: str, target: str, note: str = "", assignee: str = "") -> None:
    """Refuse an invalid move, listing the allowed ones.

    >>> check_transition("new", "closed")
    Traceback (most recent call last):
    ...
    graphfraud.errors.InputError: a lead that is new cannot become closed (allowed from new: assigned)
    """
    if target not in STATUSES:
        raise InputError(f"unknown status {target!r}", "use one of: " + ", ".join(STATUSES))
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise InputError(f"a lead that is {current} cannot become {target}",
                         f"allowed from {current}: " + (", ".join(allowed) or "none, the lead is closed"))
    if target == "assigned" and not assignee:
        raise InputError("a lead becomes assigned by naming who checks it", "use: graphfraud leads assign LEAD_ID --to NAME")
    if target in NOTE_REQUIRED and not note.strip():
        what = {"confirmed": "核查结果 (what was found)", "rejected": "核查结果 (why it is unfounded)",
                "referred": "移送情况 (to whom and when)"}[target]
        raise InputError(f"becoming {target} needs a note: {what}", "add --note TEXT")
