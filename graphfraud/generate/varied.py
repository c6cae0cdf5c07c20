"""Plant a varied world (``generate --variant``): look-alikes at drawn prevalence and size, then each
drawn group with its modus operandi.

Look-alike base counts are per 20,000 persons, times the drawn prevalence (0.5–3×); their sizes
come from ``lookalike_size`` (5–80) except nursing homes (50–70 residents) and families.
"""
from __future__ import annotations

from typing import Callable

from graphfraud.generate.cohorts import plant_clinic_days, plant_hub_clinics, plant_member_days, plant_snowbirds
from graphfraud.generate.collusion import collusion_classic
from graphfraud.generate.collusion_modi import collusion_department_switching, collusion_doctor_pharmacies
from graphfraud.generate.dispensing import plant_chronic_clinics, plant_dtp, plant_hubs, plant_split_packs
from graphfraud.generate.fake_purchase import fake_classic
from graphfraud.generate.fake_purchase_modi import fake_card_collecting, fake_no_inventory_sale
from graphfraud.generate.homes import plant_care_homes, plant_relatives_fetching
from graphfraud.generate.households import plant_families
from graphfraud.generate.impersonation import impersonation_classic
from graphfraud.generate.impersonation_modi import impersonation_broker_institutions, impersonation_clinic_insider
from graphfraud.generate.params import GroupSpec, WorldParams, scaled
from graphfraud.generate.resale import resale_classic
from graphfraud.generate.resale_modi import resale_chronic_cover, resale_collector_pharmacy, resale_prescription_getters
from graphfraud.generate.world import World

PLANTERS: dict[str, Callable[[World, GroupSpec], None]] = {
    "resale.classic": resale_classic,
    "resale.collector_pharmacy": resale_collector_pharmacy,
    "resale.prescription_getters": resale_prescription_getters,
    "resale.chronic_cover": resale_chronic_cover,
    "fake_purchase.classic": fake_classic,
    "fake_purchase.no_inventory_sale": fake_no_inventory_sale,
    "fake_purchase.card_collecting": fake_card_collecting,
    "collusion.classic": collusion_classic,
    "collusion.doctor_pharmacies": collusion_doctor_pharmacies,
    "collusion.department_switching": collusion_department_switching,
    "impersonation.classic": impersonation_classic,
    "impersonation.broker_institutions": impersonation_broker_institutions,
    "impersonation.clinic_insider": impersonation_clinic_insider,
}
# look-alike kind -> groups per 20,000 persons before the prevalence factor
BASE_COUNTS = {"family": 5, "relatives_fetching": 4, "nursing_home": 1.5, "clinic_day": 3, "member_day": 2,
               "hospital_side_pharmacy": 2, "dtp_pharmacy": 2, "chronic_patient": 3, "split_pack": 3, "snowbird": 1}


def plant_varied(world: World, params: WorldParams) -> None:
    n = len(world.persons)
    count = {kind: scaled(params, base, n) for kind, base in BASE_COUNTS.items()}
    size = params.lookalike_size
    plant_hubs(world)
    plant_hub_clinics(world, count["hospital_side_pharmacy"], size)
    plant_dtp(world, count["dtp_pharmacy"], int(sum(size) // 2))
    plant_clinic_days(world, count["clinic_day"], size)
    plant_member_days(world, count["member_day"], size)
    plant_chronic_clinics(world, count["chronic_patient"], size)
    plant_split_packs(world, count["split_pack"])
    plant_families(world, count["family"])
    plant_relatives_fetching(world, count["relatives_fetching"])
    plant_care_homes(world, count["nursing_home"])
    plant_snowbirds(world, count["snowbird"], size)
    if params.fraud:
        for spec in params.groups:
            PLANTERS[f"{spec.typology}.{spec.modus}"](world, spec)
