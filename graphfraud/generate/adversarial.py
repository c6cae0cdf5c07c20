"""Plant an adversarial world (``generate --variant adversarial``): look-alikes first, then each drawn group.

The second family of varied worlds (issue 14, second red team): its schemes, shapes and
look-alikes were designed from the domain guide and public cases, apart from the first family
(``generate.varied``), so that detection tuned on one family can be measured on the other.
Look-alike base counts are per 20,000 persons, times the drawn prevalence (0.5–3×); their sizes
come from the drawn ``lookalike_size`` range. Export quirks are applied later
(``generate.adversarial_export``).
"""
from __future__ import annotations

from typing import Callable

from graphfraud.generate import adversarial_care, adversarial_crowds
from graphfraud.generate.adversarial_collusion import collusion_ghost_prescriptions, collusion_ward_bed_hanging
from graphfraud.generate.adversarial_fake import (fake_care_home_claims, fake_health_products, fake_refund_cycling,
                                                  fake_yearend_drain)
from graphfraud.generate.adversarial_impersonation import (impersonation_credential_lending,
                                                           impersonation_deceased_parent)
from graphfraud.generate.adversarial_params import AdversarialParams, AdvSpec
from graphfraud.generate.adversarial_resale import (resale_family_cards, resale_online_voucher,
                                                    resale_spread_recruits)
from graphfraud.generate.dispensing import plant_hubs
from graphfraud.generate.params import scaled
from graphfraud.generate.world import World

PLANTERS: dict[str, Callable[[World, AdvSpec], None]] = {
    "resale.online_voucher": resale_online_voucher,
    "resale.family_cards": resale_family_cards,
    "resale.spread_recruits": resale_spread_recruits,
    "fake_purchase.refund_cycling": fake_refund_cycling,
    "fake_purchase.yearend_drain": fake_yearend_drain,
    "fake_purchase.health_products": fake_health_products,
    "fake_purchase.care_home_claims": fake_care_home_claims,
    "collusion.ghost_prescriptions": collusion_ghost_prescriptions,
    "collusion.ward_bed_hanging": collusion_ward_bed_hanging,
    "impersonation.deceased_parent": impersonation_deceased_parent,
    "impersonation.credential_lending": impersonation_credential_lending,
}
LOOKALIKES: dict[str, Callable[[World, int, tuple[int, int]], None]] = {
    **adversarial_care.PLANTERS, **adversarial_crowds.PLANTERS}
# look-alike kind -> groups per 20,000 persons before the prevalence factor
BASE_COUNTS = {"family_aid": 4, "diabetes_club": 2, "hospital_staff": 2, "village_doctor": 2, "dtp_oncologist": 1.5,
               "post_surgery": 1.5, "vaccine_day": 1, "seasonal_workers": 1.5, "spring_festival": 2,
               "member_card": 1.5, "switchboard": 1, "head_office": 1}


def plant_adversarial(world: World, params: AdversarialParams) -> None:
    n = len(world.persons)
    plant_hubs(world)
    for kind, base in BASE_COUNTS.items():
        LOOKALIKES[kind](world, scaled(params, base, n), params.lookalike_size)
    if params.fraud:
        for spec in params.groups:
            assert isinstance(spec, AdvSpec)
            PLANTERS[f"{spec.typology}.{spec.modus}"](world, spec)
