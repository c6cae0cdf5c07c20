"""The default world at sizes beyond the old institution roster (issue 16): planting must not run out of places."""
from __future__ import annotations

from collections import Counter

import pytest

from graphfraud.generate.providers import build_institutions, build_practitioners
from graphfraud.generate.sampling import stream
from graphfraud.generate.scenario import build_world, plant


@pytest.mark.parametrize("persons", [1500, 1_250_000])
def test_institution_codes_and_names_stay_unique(persons: int) -> None:
    inst = build_institutions(stream(7, "institutions"), persons)
    assert inst.code.is_unique
    assert inst.name.is_unique
    assert (inst.hosp_lv == "1").sum() == inst.pref.nunique()  # one hub per prefecture, whatever the size


def test_doctors_grow_with_hospitals_not_with_the_square_of_the_population() -> None:
    small, large = 200_000, 1_250_000
    counts = []
    for persons in (small, large):
        inst = build_institutions(stream(7, "institutions"), persons)
        counts.append(len(build_practitioners(stream(7, "practitioners"), inst, persons)))
    assert counts[1] / counts[0] < 2 * large / small


def test_a_world_past_the_old_roster_plants_every_hospital_scheme_at_a_hospital_of_its_own() -> None:
    world = build_world(140_000, 7)  # failed before: "no free institution of kind H"
    plant(world)
    hospital_codes = set(world.inst.code[world.inst.kind == "H"])
    kinds = Counter(t.kind for t in world.truths)
    assert kinds["chronic_patient"] == 140_000 // 8_000 and kinds["dtp_pharmacy"] == 140_000 // 30_000
    owners: dict[str, str] = {}
    for truth in world.truths:
        if truth.kind not in {"chronic_patient", "dtp_pharmacy", "hospital_side_pharmacy"}:
            continue
        for code in set(truth.institutions) & hospital_codes:
            assert code not in owners, f"{truth.id} shares {code} with {owners.get(code)}"
            owners[code] = truth.id
