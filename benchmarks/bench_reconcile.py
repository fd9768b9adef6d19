"""Benchmark :func:`conflictmodels.reconciliation.reconcile` on synthetic dossiers of growing size.

Each size runs in its own subprocess (so peak memory is that size's alone). A size's
dossier is built deterministically (seeded) with what real collections look like:

* places with 8-16 control claims each over a few weeks, ~15 % of them disputed at the
  same time and ~10 % of places changing hands (capture, then recapture);
* every original statement relayed by 1-5 outlets (circular reporting: one origin, many
  claims), from a mix of party sources (ministries and their sub-commands), rated
  third parties and bloggers, with hedges and some denials;
* strength estimates per place (ranges and one-sided bounds, some incompatible) and
  attacks.

For each size it prints the CPU time of ``reconcile`` (entity resolution included when
available; its own share, timed separately, in parentheses), the wall time, the CPU time
per claim, the number of assessments, the peak resident memory of
the subprocess (``ru_maxrss``) and the memory before reconcile, then the growth ratio of
the per-claim time between the largest and the smallest size. Targets: per-claim time at
1M within 1.3x of that at 10k; 1M claims in under 60 s on one core.

Run ``python benchmarks/bench_reconcile.py`` (10k, 100k, 1M), ``--sizes 10000,100000`` to
choose, ``--smoke`` for a quick CI run (2,000 claims).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from conflictmodels import (
    Claim,
    ControlChange,
    Dossier,
    Estimate,
    Hedge,
    Hop,
    Location,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
)
from conflictmodels.reconciliation import reconcile

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _sources() -> tuple[list[Source], list[str], list[str], dict[str, str]]:
    sources = [
        Source(id="ru-mod", name="RU MoD", kind=SourceKind.STATE_MILITARY, party="RU"),
        Source(id="ua-gs", name="UA General Staff", kind=SourceKind.STATE_MILITARY, party="UA"),
    ]
    party_of: dict[str, str] = {"ru-mod": "RU", "ua-gs": "UA"}
    for i in range(6):
        sources.append(
            Source(
                id=f"ru-group-{i}", name=f"RU group {i}", kind=SourceKind.STATE_MILITARY, party="RU", parent_id="ru-mod"
            )
        )
        sources.append(
            Source(
                id=f"ua-brigade-{i}",
                name=f"UA brigade {i}",
                kind=SourceKind.STATE_MILITARY,
                party="UA",
                parent_id="ua-gs",
            )
        )
        party_of[f"ru-group-{i}"] = "RU"
        party_of[f"ua-brigade-{i}"] = "UA"
    grades = [Reliability.A, Reliability.B, Reliability.B, Reliability.C, Reliability.C, Reliability.D, None]
    outlets = []
    for i in range(60):
        sources.append(
            Source(id=f"outlet-{i}", name=f"Outlet {i}", kind=SourceKind.INDEPENDENT_MEDIA, reliability=grades[i % 7])
        )
        outlets.append(f"outlet-{i}")
    for i in range(10):
        sources.append(
            Source(id=f"isw-{i}", name=f"Think tank {i}", kind=SourceKind.THINK_TANK, reliability=Reliability.B)
        )
    for i in range(30):
        party = "RU" if i % 3 == 0 else "UA" if i % 3 == 1 else None
        sources.append(
            Source(
                id=f"blogger-{i}", name=f"Blogger {i}", kind=SourceKind.BLOGGER, reliability=Reliability.F, party=party
            )
        )
    originators = [s.id for s in sources if not s.id.startswith("outlet-")]
    return sources, outlets, originators, party_of


def build(n_claims: int, seed: int = 7) -> Dossier:
    """A deterministic synthetic dossier of about ``n_claims`` claims."""
    rng = random.Random(seed)
    sources, outlets, originators, _ = _sources()
    parties = ("RU", "UA")
    n_places = max(1, n_claims // 14)
    places = [Location(id=f"place-{i}", name=f"Place {i}") for i in range(n_places)]
    hops = {o: Hop(source_id=o, verb="reported", hedge=Hedge.ASSERTED) for o in outlets}
    origin_hops = {(s, h): Hop(source_id=s, hedge=h) for s in originators for h in Hedge}
    days = [T0 + timedelta(days=d, hours=h) for d in range(60) for h in (6, 18)]
    hedges = [Hedge.ASSERTED] * 5 + [Hedge.CLAIMED, Hedge.REPORTEDLY, Hedge.ESTIMATED, Hedge.ACCORDING_TO]
    claims: list[Claim] = []
    add = claims.append
    i = 0
    while len(claims) < n_claims:
        place = places[i % n_places].id
        i += 1
        flips = rng.random() < 0.10
        holder = rng.choice(parties)
        base_day = rng.randrange(0, 40)
        for _ in range(rng.randint(2, 4)):  # original statements about this place
            origin = rng.choice(originators)
            day = base_day + rng.randrange(0, 5)
            value = holder
            if flips and rng.random() < 0.5:
                value = parties[1 - parties.index(holder)]
                day += 10
            elif rng.random() < 0.15:
                value = parties[1 - parties.index(holder)]  # a same-time dispute
            negated = rng.random() < 0.03
            change = rng.choice((ControlChange.CAPTURED, ControlChange.HOLDS, ControlChange.RECAPTURED))
            statement = Statement(
                predicate=Predicate.CONTROL, party=value, change=change, location_ids=(place,), negated=negated
            )
            hedge = rng.choice(hedges)
            reported = days[min(len(days) - 1, day * 2 + rng.randrange(2))]
            for relay in rng.sample(outlets, rng.randint(1, 5)):  # circular reporting
                add(
                    Claim(
                        id=f"c{len(claims)}",
                        source_id=origin,
                        attribution=(hops[relay], origin_hops[(origin, hedge)]),
                        reported_at=reported,
                        statement=statement,
                    )
                )
        if rng.random() < 0.5:  # strength estimates for the place
            party = rng.choice(parties)
            for _ in range(rng.randint(1, 3)):
                lo = rng.randrange(1, 40) * 500
                q = rng.choice(
                    (
                        Estimate.at_most(lo * 3, unit="troops"),
                        Estimate.at_least(lo, unit="troops"),
                        Estimate.between(lo, lo * 2, unit="troops"),
                    )
                )
                o = rng.choice(originators)
                add(
                    Claim(
                        id=f"c{len(claims)}",
                        source_id=o,
                        attribution=(hops[rng.choice(outlets)], origin_hops[(o, Hedge.ESTIMATED)]),
                        reported_at=days[rng.randrange(len(days))],
                        statement=Statement(
                            predicate=Predicate.STRENGTH, party=party, quantity=q, location_ids=(place,)
                        ),
                    )
                )
        if rng.random() < 0.3:
            start = days[rng.randrange(len(days))]
            add(
                Claim(
                    id=f"c{len(claims)}",
                    source_id=rng.choice(originators),
                    reported_at=start + timedelta(hours=6),
                    when=TimeSpan(start=start, end=start + timedelta(days=1)),
                    statement=Statement(predicate=Predicate.ATTACK, party=rng.choice(parties), location_ids=(place,)),
                )
            )
    return Dossier(title=f"synthetic {n_claims}", sources=tuple(sources), locations=tuple(places), claims=tuple(claims))


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:  # pragma: no cover - not Linux
        return float("nan")


def run_one(n: int) -> dict[str, float]:
    """Build and reconcile one size in this process; returns its figures.

    Times are CPU seconds of this process (``time.process_time``), so other work on a
    shared machine does not inflate them; wall-clock seconds are reported beside them.
    Below a million claims, the median of several runs (as many as fit in a million).
    """
    reconcile(build(200, seed=1))  # warm up: imports, caches
    t = time.perf_counter()
    dossier = build(n)
    built = time.perf_counter() - t
    gc.collect()
    before = _rss_mb()
    gc.freeze()  # the dossier is long-lived: keep the collector from rescanning it
    resolution = 0.0
    try:
        from conflictmodels.resolution import resolve_entities
    except ImportError:  # pragma: no cover - resolution not available
        pass
    else:
        c = time.process_time()
        resolve_entities(dossier)
        resolution = time.process_time() - c
    # A small size takes a fraction of a second, which one run measures badly: the median
    # of as many runs as fit in about a million claims (one run for a million).
    runs = []
    for _ in range(max(1, min(7, 1_000_000 // n))):
        c, t = time.process_time(), time.perf_counter()
        out = reconcile(dossier)
        runs.append((time.process_time() - c, time.perf_counter() - t))
    cpu, wall = sorted(runs)[len(runs) // 2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "claims": len(dossier.claims),
        "assessments": len(out.assessments),
        "build_s": built,
        "reconcile_cpu_s": cpu,
        "reconcile_wall_s": wall,
        "resolution_cpu_s": resolution,
        "us_per_claim": cpu / len(dossier.claims) * 1e6,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="one tiny size, fast (for CI)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated claim counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    sizes = [2000] if args.smoke else [int(s) for s in args.sizes.split(",")]
    rows = []
    print(
        f"{'claims':>9} {'assess.':>8} {'build s':>8} {'reconcile cpu s':>16} {'(resolution)':>13} "
        f"{'wall s':>7} {'us/claim':>9} {'rss MB':>7} {'peak MB':>8}"
    )
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['claims']:>9,} {row['assessments']:>8,} {row['build_s']:>8.1f} {row['reconcile_cpu_s']:>16.2f} "
            f"{row['resolution_cpu_s']:>13.2f} {row['reconcile_wall_s']:>7.2f} {row['us_per_claim']:>9.1f} "
            f"{row['rss_before_mb']:>7.0f} {row['peak_rss_mb']:>8.0f}"
        )
    if len(rows) > 1:
        growth = rows[-1]["us_per_claim"] / rows[0]["us_per_claim"]
        print(f"GROWTH per-claim time {rows[-1]['claims']:,} / {rows[0]['claims']:,}: {growth:.2f}x (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
