"""Build the world and plant what the truth file lists, in a fixed order, scaled with the population.

Hard negatives come first: they claim their institutions and mark the hospitals whose external
prescriptions all go to one pharmacy before the background is drawn. Schemes follow.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate.adversarial_params import AdversarialParams
from graphfraud.generate.catalog import build_items
from graphfraud.generate.collusion import plant_collusion
from graphfraud.generate.dispensing import (plant_chronic_clinics, plant_dtp, plant_hospital_side, plant_hubs,
                                            plant_split_packs)
from graphfraud.generate.fake_purchase import plant_fake_purchases
from graphfraud.generate.households import plant_families, plant_nursing_homes
from graphfraud.generate.impersonation import plant_impersonation
from graphfraud.generate.population import build_persons
from graphfraud.generate.providers import build_institutions, build_practitioners, home_pharmacies
from graphfraud.generate.resale import plant_resale_rings
from graphfraud.generate.params import WorldParams
from graphfraud.generate.regions import Region, distinct_certnos
from graphfraud.generate.sampling import stream
from graphfraud.generate.adversarial import plant_adversarial
from graphfraud.generate.varied import plant_varied
from graphfraud.generate.world import Roster, TraceCodes, World


def build_world(persons: int, seed: int, params: WorldParams | None = None, region: Region | None = None) -> World:
    """``region``: this world is one region of a bigger one (``generate.regions``); ``seed`` is the region's."""
    items = build_items(extra=params is not None, adversarial=isinstance(params, AdversarialParams))
    people = build_persons(stream(seed, "persons"), persons, items)
    if region is not None:
        people["certno"] = distinct_certnos(people.certno.to_numpy(), region.taken_certnos)
    inst = build_institutions(stream(seed, "institutions"), persons, region.earlier if region else None)
    if params is not None:  # a few very busy pharmacies, as real prefectures have
        busy = stream(seed, "busy-pharmacies")
        pharm = (inst.kind == "P").to_numpy()
        inst.loc[pharm, "weight"] = busy.lognormal(0, 1.0, pharm.sum())
    staff = build_practitioners(stream(seed, "practitioners"), inst, persons, region.offset("staff") if region else 0)
    people["home_pharm"] = home_pharmacies(stream(seed, "home-pharmacy"), inst, people)
    codes = TraceCodes(items.trace_prefix.to_numpy(), seed) if region is None else \
        TraceCodes(items.trace_prefix.to_numpy(), region.world_seed, region.offset("trace"))
    return World(seed, people, inst, staff, items, codes, Roster(people, stream(seed, "roster")), params=params,
                 region=region)


def rings_per_typology(persons: int) -> int:
    """Two of each at small sizes; about one ring per 3,500 persons over the four typologies at scale."""
    return max(2, round(persons / 14_000))


def plant(world: World) -> None:
    if isinstance(world.params, AdversarialParams):
        plant_adversarial(world, world.params)
        return
    if world.params is not None:
        plant_varied(world, world.params)
        return
    n = len(world.persons)
    plant_hubs(world)
    plant_hospital_side(world, max(2, n // 25_000), int(np.clip(n // 300, 10, 60)))
    plant_dtp(world, max(2, n // 30_000), int(np.clip(n // 800, 5, 15)))
    plant_chronic_clinics(world, max(3, n // 8_000))
    plant_split_packs(world, max(3, n // 12_000))
    plant_families(world, max(3, n // 4_000))
    plant_nursing_homes(world, max(2, n // 15_000))
    rings = rings_per_typology(n)
    plant_resale_rings(world, rings)
    plant_fake_purchases(world, rings)
    plant_collusion(world, rings)
    plant_impersonation(world, rings)
