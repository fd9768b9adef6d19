"""Resource attacks (issue #19): time and peak memory of each hostile input at growing sizes.

Every attack is registered in ``ATTACKS`` under a name: a function of the size that
builds the hostile input and returns the operation to measure (a callable of no
arguments), and what its size counts (singular: "claim", "entity"). To add an attack, decorate its builder::

    @attack("my-attack", unit="claim")
    def _my_attack(size: int) -> Callable[[], object]:
        dossier = ...  # built outside the measurement
        return lambda: reconcile(dossier)

Each (attack, size) is measured in fresh subprocesses, so that the caches and the peak
memory of one measurement are not another's: one run for the time, one under
``tracemalloc`` for the peak memory of Python allocations. For each size it prints the
CPU time (``process_time``, what the growth check uses: wall time is noisy on a shared
machine) and the wall time, the CPU time per element, the peak memory and the memory
per element; the script fails ("FAIL superlinear") when the time per element of the
largest size is more than 3 times that of the smallest.

Run ``python benchmarks/bench_attacks.py`` (1k, 10k, 100k), ``--sizes 1000,10000`` to
choose, ``--attack NAME`` (repeatable) to run only some, ``--list`` to list them, and
``--smoke`` for a quick CI run (tiny sizes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_GROWTH = 3.0
"""The largest allowed ratio of the time per element, largest size to smallest."""


@dataclass(frozen=True)
class Attack:
    """A registered attack: ``build(size)`` makes the input and returns the operation."""

    name: str
    unit: str
    build: Callable[[int], Callable[[], object]]
    description: str


ATTACKS: dict[str, Attack] = {}


def attack(
    name: str, *, unit: str
) -> Callable[[Callable[[int], Callable[[], object]]], Callable[[int], Callable[[], object]]]:
    """Register ``build`` as the attack ``name`` whose size counts ``unit``."""

    def register(build: Callable[[int], Callable[[], object]]) -> Callable[[int], Callable[[], object]]:
        if name in ATTACKS:
            raise ValueError(f"attack {name!r} is registered twice")
        doc = (build.__doc__ or "").strip().splitlines()
        ATTACKS[name] = Attack(name, unit, build, doc[0] if doc else "")
        return build

    return register


# ------------------------------------------------------------------------ the attacks

_LETTERS = "abcdefgijlmnoqrstuvwxyz"  # no h, k or p: each word has exactly one "kh"


def _kh_word(i: int) -> str:
    """A distinct short word with one "kh" for each ``i``."""
    out = []
    while True:
        i, r = divmod(i, len(_LETTERS))
        out.append(_LETTERS[r])
        if not i:
            break
    return "kh" + "".join(out)


@attack("names-kh-words", unit="word")
def _names_kh_words(size: int) -> Callable[[], object]:
    """#19 item 1: unit and source keys of one name of SIZE words, each with a "kh"."""
    from conflictmodels.names import source_keys, unit_keys

    name = " ".join(_kh_word(i) for i in range(size))

    def run() -> object:
        return unit_keys(name), source_keys(name + " general staff armed forces")

    return run


@attack("reconcile-kh-names", unit="entity")
def _reconcile_kh_names(size: int) -> Callable[[], object]:
    """#19 item 1: reconcile SIZE units and sources, each named with 20 "kh" words."""
    from conflictmodels import Dossier, Source, Unit
    from conflictmodels.reconciliation import reconcile

    words_per_name = 20

    def name(i: int) -> str:
        return " ".join(_kh_word(i * words_per_name + j) for j in range(words_per_name))

    units = tuple(Unit(id=f"u{i}", name=name(i)) for i in range(size // 2))
    sources = tuple(Source(id=f"s{i}", name=name(size + i)) for i in range(size - size // 2))
    dossier = Dossier(units=units, sources=sources)
    return lambda: reconcile(dossier)


def _region(i: int) -> str:
    """A distinct ISO 3166-2-shaped region code for each ``i`` below 36**3."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "UA-" + digits[i // 1296 % 36] + digits[i // 36 % 36] + digits[i % 36]


@attack("resolution-one-name", unit="entity")
def _resolution_one_name(size: int) -> Callable[[], object]:
    """#19 item 2: resolve SIZE places with one name and nothing else (the issue's file)."""
    from conflictmodels import Dossier, Location
    from conflictmodels.resolution import resolve_entities

    dossier = Dossier(locations=tuple(Location(id=f"l{i:07}", name="Novenke") for i in range(size)))
    return lambda: resolve_entities(dossier)


@attack("resolution-one-village", unit="entity")
def _resolution_one_village(size: int) -> Callable[[], object]:
    """#19 item 2: resolve SIZE records of one village (one name, one region, one point): all merge."""
    from conflictmodels import Dossier, Location, Point
    from conflictmodels.resolution import resolve_entities

    here = Point(lat=51.05, lon=35.10, precision_m=5000.0)
    places = tuple(Location(id=f"l{i:07}", name="Novenke", region="UA-59", point=here) for i in range(size))
    dossier = Dossier(locations=places)
    return lambda: resolve_entities(dossier)


@attack("resolution-homonyms", unit="entity")
def _resolution_homonyms(size: int) -> Callable[[], object]:
    """#19 item 2: resolve SIZE homonyms, in pairs 1 km apart or threes in a region: each merges.

    Half are pairs of points 1 km apart on a grid of 0.2 degree; half are threes of
    records in a region of their own, with one GeoNames id (a shared region alone
    identifies no village). Each pair and each three merge, nothing else.
    """
    from conflictmodels import Dossier, GeoPrecision, Location, Point
    from conflictmodels.resolution import resolve_entities

    places = []
    for i in range(size):
        if i % 2:
            places.append(Location(id=f"l{i:07}", name="Novenke", region=_region(i // 6), geonames_id=1 + i // 6))
            continue
        j = i // 4
        lat = 40.0 + 0.2 * (j % 100) + (0.009 if i % 4 else 0.0)  # 22 km between pairs, 13 km or more
        p = Point(lat=lat, lon=22.0 + 0.2 * (j // 100), precision=GeoPrecision.EXACT)
        places.append(Location(id=f"l{i:07}", name="Novenke", point=p))
    dossier = Dossier(locations=tuple(places))
    return lambda: resolve_entities(dossier)


@attack("resolution-alias-chain", unit="entity")
def _resolution_alias_chain(size: int) -> Callable[[], object]:
    """#19 item 2: resolve SIZE places of one region and point, each also called what the next is: one place."""
    from conflictmodels import Dossier, Location, Point
    from conflictmodels.resolution import resolve_entities

    here = Point(lat=51.05, lon=35.10, precision_m=5000.0)

    def word(i: int) -> str:
        letters, out = "bcdfgjlmnqrstvwxz", []
        while True:
            i, r = divmod(i, len(letters))
            out.append(letters[r] + "a")
            if not i:
                return "".join(out).capitalize()

    places = tuple(
        Location(id=f"l{i:07}", name=word(i), aliases=(word(i + 1),), region="UA-59", point=here) for i in range(size)
    )
    dossier = Dossier(locations=places)
    return lambda: resolve_entities(dossier)


@attack("resolution-people-namesakes", unit="entity")
def _resolution_people_namesakes(size: int) -> Callable[[], object]:
    """#15 item 5: resolve SIZE people: Sergei Ivanovs of many parties, and Ivanovs of one (none merges)."""
    from conflictmodels import Dossier, Person
    from conflictmodels.resolution import resolve_entities

    people = tuple(
        Person(id=f"p{i:07}", name="Sergei Ivanov", party=f"p{i}") if i % 2 else Person(id=f"p{i:07}", name="Ivanov")
        for i in range(size)
    )
    dossier = Dossier(people=people)
    return lambda: resolve_entities(dossier)


@attack("resolution-one-commander", unit="entity")
def _resolution_one_commander(size: int) -> Callable[[], object]:
    """#15 item 5: resolve SIZE records of one commander (rank, Cyrillic or Latin, one party): all merge."""
    from conflictmodels import Dossier, Person
    from conflictmodels.resolution import resolve_entities

    names = ("Lt. Gen. Apti Alaudinov", "Аптий Алаудинов", "Apti Alaudinov", "генерал-лейтенант Апти Алаудинов")
    people = tuple(Person(id=f"p{i:07}", name=names[i % 4], party="RU") for i in range(size))
    dossier = Dossier(people=people)
    return lambda: resolve_entities(dossier)


def _claims_about_one_thing(size: int, statement: Callable[[int], Any]) -> Any:
    """SIZE claims by SIZE sources (of distinct names) about one place or party."""
    from datetime import UTC, datetime

    from conflictmodels import Claim, Dossier, Location, Source

    when = datetime(2025, 3, 9, 12, tzinfo=UTC)
    sources = tuple(Source(id=f"s{i}", name=f"s{i}") for i in range(size))
    claims = tuple(Claim(id=f"c{i}", source_id=f"s{i}", reported_at=when, statement=statement(i)) for i in range(size))
    return Dossier(sources=sources, locations=(Location(id="v", name="Village"),), claims=claims)


@attack("reconcile-parties-one-place", unit="claim")
def _reconcile_parties_one_place(size: int) -> Callable[[], object]:
    """#19 item 4: reconcile SIZE claims, each by another party, to hold one place at one time."""
    from conflictmodels import ControlChange, Predicate, Statement
    from conflictmodels.reconciliation import reconcile

    def statement(i: int) -> Statement:
        return Statement(predicate=Predicate.CONTROL, party=f"p{i}", change=ControlChange.HOLDS, location_ids=("v",))

    dossier = _claims_about_one_thing(size, statement)
    return lambda: reconcile(dossier)


@attack("reconcile-units-one-proposition", unit="claim")
def _reconcile_units_one_proposition(size: int) -> Callable[[], object]:
    """#19 item 4: reconcile SIZE strength figures of one party, each in its own unit of measure."""
    from conflictmodels import Estimate, Predicate, Statement
    from conflictmodels.reconciliation import reconcile

    def statement(i: int) -> Statement:
        return Statement(predicate=Predicate.STRENGTH, party="UA", quantity=Estimate.about(1000 + i, unit=f"u{i}"))

    dossier = _claims_about_one_thing(size, statement)
    return lambda: reconcile(dossier)


@attack("refuse-dense-problems", unit="claim")
def _refuse_dense_problems(size: int) -> Callable[[], object]:
    """#19 item 3: loads refuses a dossier of SIZE empty claims (4 problems each, 3 bytes)."""
    from conflictmodels import ValidationError, loads

    text = '{"schema_version": 1, "claims": [' + ",".join(["{}"] * size) + "]}"

    def run() -> object:
        try:
            return loads(text)
        except ValidationError as err:
            return err

    return run


@attack("lines-partial-bad-lines", unit="line")
def _lines_partial_bad_lines(size: int) -> Callable[[], object]:
    """#19 around item 3: loads_lines_partial reads SIZE bad lines (2 problems each)."""
    from conflictmodels import Point
    from conflictmodels.serialization import loads_lines_partial

    lines = ['{"schema_version": 1}'] * size
    return lambda: loads_lines_partial(lines, Point)


# ---------------------------------------------------------------------- measurement


def _measure(name: str, size: int, memory: bool) -> dict[str, float]:
    """In this process: build the input, run the operation once, time it or trace it."""
    run = ATTACKS[name].build(size)
    if memory:
        tracemalloc.start()
        run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"peak": float(peak)}
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def _child(name: str, size: int, memory: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--one", name, str(size)] + (["--memory"] if memory else [])
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{name} at {size}: the measurement failed\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout))


def _bench(name: str, sizes: list[int]) -> bool:
    spec = ATTACKS[name]
    print(f"\n{name}: {spec.description}")
    print(
        f"{'size':>12} {'cpu s':>9} {'wall s':>9} {'us/' + spec.unit:>12} {'peak MiB':>10} {'bytes/' + spec.unit:>14}"
    )
    per_element = []
    for size in sizes:
        times = _child(name, size, memory=False)
        peak = _child(name, size, memory=True)["peak"]
        cpu = times["cpu"]
        per_element.append(cpu / size)
        print(
            f"{size:>12,} {cpu:>9.3f} {times['wall']:>9.3f} {cpu / size * 1e6:>12.2f} "
            f"{peak / 2**20:>10.1f} {peak / size:>14,.0f}"
        )
    growth = per_element[-1] / per_element[0] if per_element[0] > 0 else float("inf")
    if len(sizes) > 1 and growth > MAX_GROWTH:
        print(f"FAIL superlinear: {name}: time per {spec.unit} grew {growth:.1f}x from {sizes[0]:,} to {sizes[-1]:,}")
        return False
    print(f"time per {spec.unit} from {sizes[0]:,} to {sizes[-1]:,}: {growth:.2f}x (limit {MAX_GROWTH:.0f}x)")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds (for CI)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes (default 1k,10k,100k)")
    parser.add_argument("--attack", action="append", choices=sorted(ATTACKS), help="run only this attack")
    parser.add_argument("--list", action="store_true", help="list the attacks and exit")
    parser.add_argument("--one", nargs=2, metavar=("ATTACK", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_measure(args.one[0], int(args.one[1]), args.memory)))
        return 0
    if args.list:
        for spec in ATTACKS.values():
            print(f"{spec.name}: {spec.description}")
        return 0
    sizes = [100, 1000] if args.smoke else sorted(int(s) for s in args.sizes.split(","))
    ok = True
    for name in args.attack or list(ATTACKS):
        ok = _bench(name, sizes) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
