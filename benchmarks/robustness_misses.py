"""Why planted groups are missed: one line per group that detection missed or found only in part.

Reads the results of ``benchmarks.robustness`` (no detection of its own): for every planted group
the yardstick's row (best-matching ring, Jaccard, found) and where the group's core persons ended up
(flagged by a detector, in rings, over how many rings, as context, the ring holding most of them).
Each miss gets one of these verdicts:

- **not reported**: none of the group's persons is in a ring (no detector flags them, or their
  findings formed no ring that passed the evidence floor);
- **swallowed**: one ring holds at least half of the group but is too big to be the group;
- **split**: the group's persons are over several rings, none holding half;
- **partly reported**: fewer than half of the persons are in rings;
- **found, below the lead floor** / **found, loose** (Jaccard under 0.8): counted as found, but an
  investigator would not get the group as it acted.

Also lists the look-alike groups among every world's top 20 (including the worlds that must stay
empty) and recall per modus operandi.

Example:
    nice -n 10 python3 -m benchmarks.robustness --family adversarial --jobs 2 --docs
    python3 -m benchmarks.robustness_misses --family adversarial --docs
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from benchmarks.robustness import DOCS, FAMILIES, PLANTED, ROOT

LOOSE = 0.8  # a found group whose best ring has a lower person Jaccard is listed as loose


def verdict(group: dict[str, Any], where: dict[str, Any]) -> str | None:
    """One line on what detection did with a planted group; None when it was found whole as a lead."""
    size, most = group["persons"], where["most"]
    if group["found"]:
        if not where["best_lead"]:
            return "found, below the lead floor"
        if group["jaccard"] < LOOSE:
            return f"found, loose (ring of {group['best_persons']}, Jaccard {group['jaccard']:.2f})"
        return None
    if not where["in_rings"]:
        flagged = where["flagged"]
        why = ("no detector flags a member" if not flagged else
               f"{flagged} of {size} flagged ({_names(where['indicators'])}), no ring formed")
        return f"not reported: {why}" + (f"; {where['as_context']} as context" if where["as_context"] else "")
    if 2 * most["holds"] >= size:
        return f"swallowed: ring of {most['persons']} (rank {most['rank']}) holds {most['holds']} of {size}"
    if where["rings"] > 1 and 2 * where["in_rings"] >= size:
        return f"split over {where['rings']} rings, the largest share {most['holds']} of {size}"
    return f"partly reported: {where['in_rings']} of {size} in rings ({where['flagged']} flagged)"


def _names(indicators: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(indicators.items(), key=lambda kv: -kv[1])[:3])


def explain(report: dict[str, Any]) -> dict[str, Any]:
    """Missed and partly found groups, look-alikes in the top 20 and recall per modus, from a results report."""
    misses: list[dict[str, Any]] = []
    lookalikes: list[dict[str, Any]] = []
    modi: dict[str, dict[str, Any]] = {}
    for world in report["worlds"]:
        if world["variant"] in PLANTED:
            for group, where in zip(world["groups"], world["placement"]):
                m = modi.setdefault(group["modus"], {"planted": 0, "found": 0, "whole": 0, "verdicts": {}})
                line = verdict(group, where)
                m["planted"] += 1
                m["found"] += group["found"]
                m["whole"] += line is None
                if line:
                    kind = line.split(":")[0].split(",")[0] if not group["found"] else line.split(" (")[0]
                    m["verdicts"][kind] = m["verdicts"].get(kind, 0) + 1
                    misses.append({"world": world["world"], "ring": group["ring"], "modus": group["modus"],
                                   "shape": where["shape"], "tempo": where["tempo"], "persons": group["persons"],
                                   "best_ring": group["best_persons"] if group["jaccard"] else "—", "found": group["found"], "why": line})
        top = {t["ring_id"]: t for t in world["top"]}
        lookalikes += [{"world": world["world"], "rank": hit["rank"], "kind": hit["kind"],
                        "persons": top[hit["ring_id"]]["persons"], "typology": top[hit["ring_id"]]["typology"],
                        "families": top[hit["ring_id"]]["families"]} for hit in world["lookalikes_in_top"]]
    for m in modi.values():
        m["recall"] = round(m["found"] / m["planted"], 3)
    return {"family": report["family"], "code": report["code"], "misses": misses, "lookalikes": lookalikes,
            "modi": dict(sorted(modi.items()))}


def markdown(found: dict[str, Any]) -> str:
    lines = [f"### What misses and why (`python3 -m benchmarks.robustness_misses --family {found['family']} --docs`)",
             "", "Recall per modus operandi (whole: found as one lead with person Jaccard ≥ 0.8):", "",
             "| modus | planted | found | whole | recall | misses |", "|---|---|---|---|---|---|"]
    for name, m in found["modi"].items():
        why = ", ".join(f"{k} {n}" for k, n in sorted(m["verdicts"].items(), key=lambda kv: -kv[1]))
        lines.append(f"| {name} | {m['planted']} | {m['found']} | {m['whole']} | {m['recall']:.2f} | {why or '—'} |")
    lines += ["", "Every group missed or found only in part:", "",
              "| world | group | modus (shape, tempo) | persons | best ring | verdict |", "|---|---|---|---|---|---|"]
    lines += [f"| {m['world']} | {m['ring']} | {m['modus']} ({m['shape']}, {m['tempo']}) | {m['persons']} | "
              f"{m['best_ring']} | {m['why']} |" for m in found["misses"]]
    lines += ["", "Look-alike groups in a top 20:", "", "| world | rank | look-alike | ring persons | typology | families |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {h['world']} | {h['rank']} | {h['kind']} | {h['persons']} | {h['typology']} | {h['families']} |"
              for h in found["lookalikes"]] or ["| — | | | | | |"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), default="adversarial")
    parser.add_argument("--docs", action="store_true", help="rewrite the family's misses section of docs/rings.md")
    args = parser.parse_args(argv)
    family = FAMILIES[args.family]
    report = json.loads(family.results.read_text(encoding="utf-8"))
    if any("placement" not in w for w in report["worlds"]):
        sys.exit(f"{family.results.relative_to(ROOT)} predates placements: rerun benchmarks.robustness --fresh")
    found = explain(report)
    out = family.results.with_name(family.results.stem + "-misses.json")
    out.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    print(markdown(found))
    if args.docs:
        from benchmarks.docs_section import write_section

        marker = f"{family.marker}-misses"
        write_section(f"<!-- {marker}:start -->", f"<!-- {marker}:end -->", markdown(found), path=DOCS)


if __name__ == "__main__":
    main()
