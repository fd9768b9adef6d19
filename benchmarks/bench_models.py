"""Benchmark conflictmodels against equivalent pydantic v2 and msgspec models.

Builds a deterministic corpus of realistic claims (seeded random: Russian, Ukrainian and
English quotes, Cyrillic place names, attribution chains of 1-3 hops, estimates, time
spans, credibility and URLs), writes it as JSON Lines with conflictmodels, and then
measures, in one process and interleaved (each repetition runs every library once, in
rotating order), the median of several repetitions of:

decode
    JSON Lines bytes -> list of validated claims, garbage collector off.
encode
    list of claims -> JSON Lines bytes (defaults omitted), garbage collector off.
memory
    bytes per retained decoded claim (tracemalloc: growth of traced memory while the
    decoded list is alive, after a full collection).
gc_decode
    decode with the garbage collector on (``gc.collect()`` before each repetition).

The peers do the same job with the same rules (see ``peers_pydantic.py`` and
``peers_msgspec.py``). The last line is machine-readable::

    RATIOS decode=<x> encode=<x> memory=<x> gc_decode=<x> decode_vs_msgspec=<x>

where speeds are throughput ratios conflictmodels / peer (> 1: conflictmodels is
faster) and memory is a bytes ratio (< 1: conflictmodels is smaller).

Run ``python benchmarks/bench_models.py`` (``--smoke`` for a quick run in CI).
"""

from __future__ import annotations

import argparse
import functools
import gc
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conflictmodels as cm
from conflictmodels import (
    Claim,
    ControlChange,
    Credibility,
    Estimate,
    Hedge,
    Hop,
    Predicate,
    Statement,
    TimePrecision,
    TimeSpan,
)

# -- the corpus ---------------------------------------------------------------------

MSK = timezone(timedelta(hours=3))
KYIV = timezone(timedelta(hours=2))

SOURCES: list[tuple[str, str | None, str]] = [
    # id, party, language of its quotes
    ("ru-mod", "RU", "ru"),
    ("ru-general-staff", "RU", "ru"),
    ("ria-novosti", "RU", "ru"),
    ("tass", "RU", "ru"),
    ("rybar", "RU", "ru"),
    ("ua-general-staff", "UA", "uk"),
    ("ua-mod", "UA", "uk"),
    ("ukrinform", "UA", "uk"),
    ("deepstate", "UA", "uk"),
    ("ua-air-force", "UA", "uk"),
    ("kyiv-independent", None, "en"),
    ("reuters", None, "en"),
    ("ap", None, "en"),
    ("isw", None, "en"),
    ("bbc-russian", None, "ru"),
    ("meduza", None, "ru"),
    ("moscow-times", None, "en"),
    ("forbes", None, "en"),
] + [(f"outlet-{i:03d}", None, "en") for i in range(40)]

RELAYS = ["reuters", "ap", "kyiv-independent", "moscow-times", "meduza", "bbc-russian", "ukrinform", "tass"]

# (id, Russian name, Ukrainian name)
PLACES: list[tuple[str, str, str]] = [
    ("pokrovsk", "Покровск", "Покровськ"),
    ("kurakhove", "Курахово", "Курахове"),
    ("toretsk", "Торецк", "Торецьк"),
    ("chasiv-yar", "Часов Яр", "Часів Яр"),
    ("vuhledar", "Угледар", "Вугледар"),
    ("velyka-novosilka", "Великая Новосёлка", "Велика Новосілка"),
    ("kupiansk", "Купянск", "Куп'янськ"),
    ("vovchansk", "Волчанск", "Вовчанськ"),
    ("sudzha", "Суджа", "Суджа"),
    ("malaya-lokhnya", "Малая Локня", "Мала Локня"),
    ("kositsa", "Косица", "Косиця"),
    ("novenke", "Новенькое", "Новеньке"),
    ("siversk", "Северск", "Сіверськ"),
    ("kostiantynivka", "Константиновка", "Костянтинівка"),
    ("huliaipole", "Гуляйполе", "Гуляйполе"),
    ("robotyne", "Работино", "Роботине"),
    ("krynky", "Крынки", "Кринки"),
    ("lyman", "Лиман", "Лиман"),
    ("bakhmut", "Артёмовск", "Бахмут"),
    ("avdiivka", "Авдеевка", "Авдіївка"),
] + [(f"settlement-{i:04d}", f"Населённый пункт №{i}", f"Населений пункт №{i}") for i in range(280)]

UNITS = [f"ru-{n}-{kind}" for n in range(1, 60) for kind in ("msr", "mrb")] + [
    f"ua-{n}-{kind}" for n in range(1, 60) for kind in ("omb", "odshb")
]

VERBS = {
    Hedge.ASSERTED: ["announced", "said", "reported", "заявили", "повідомили"],
    Hedge.CLAIMED: ["claimed", "утверждает", "стверджує"],
    Hedge.REPORTEDLY: ["reportedly", "по имеющимся данным"],
    Hedge.ACCORDING_TO: ["according to", "по данным", "за даними"],
    Hedge.ESTIMATED: ["estimated", "оценивает"],
}

QUOTES = {
    "ru": [
        "Подразделения группировки войск «Север» освободили населённый пункт {ru}.",
        "В районе населённого пункта {ru} уничтожено до {n} военнослужащих ВСУ.",
        "Противник потерял до {n} военнослужащих, {k} танков и {k} боевых машин у {ru}.",
        "Ситуация в районе {ru} остаётся сложной, но контролируемой.",
    ],
    "uk": [
        "Сили оборони відбили {n} атак поблизу {uk}; ситуація під контролем.",
        "Ворог втратив {n} осіб особового складу в районі {uk}.",
        "Наші підрозділи утримують позиції біля {uk}, тривають запеклі бої.",
        "Противник намагався просунутися в напрямку {uk}, але зазнав втрат.",
    ],
    "en": [
        "Russian forces have claimed the capture of {en}, their first gain in the area in weeks.",
        "Ukraine's General Staff said its troops repelled {n} assaults near {en} on Sunday.",
        "As many as {n} troops were deployed near {en}, according to officials.",
        "The situation around {en} is described as challenging but under control.",
    ],
}

UNIT_WORDS = ["troops", "killed", "wounded", "tanks", "military personnel", "военнослужащих", "осіб"]


def _dt(rng: random.Random, base: datetime) -> datetime:
    return base + timedelta(hours=rng.randrange(0, 24 * 400))


def _statement(rng: random.Random, place: tuple[str, str, str], party: str, other: str) -> Statement:
    p = rng.choices(
        [
            Predicate.CONTROL,
            Predicate.ATTACK,
            Predicate.CASUALTIES,
            Predicate.PRESENCE,
            Predicate.ADVANCE,
            Predicate.STRENGTH,
            Predicate.SITUATION,
            Predicate.CUSTOM,
        ],
        weights=[30, 20, 15, 10, 10, 5, 5, 5],
    )[0]
    units = tuple(rng.sample(UNITS, rng.randint(0, 2)))
    if p is Predicate.CONTROL:
        return Statement(
            predicate=p,
            party=party,
            counterparty=other,
            change=rng.choice(list(ControlChange)),
            location_ids=(place[0],),
            negated=rng.random() < 0.05,
        )
    if p in (Predicate.CASUALTIES, Predicate.STRENGTH):
        n = rng.randrange(10, 5000)
        kind = rng.randrange(4)
        word = rng.choice(UNIT_WORDS)
        q = (
            Estimate.exactly(n, unit=word)
            if kind == 0
            else Estimate.at_most(n, unit=word, phrase=f"до {n} {word}")
            if kind == 1
            else Estimate.between(n, n * 2, best=n + n // 2, unit=word, phrase=f"{n}-{2 * n}")
            if kind == 2
            else Estimate.about(n + 0.5, unit=word)
        )
        return Statement(predicate=p, party=other, location_ids=(place[0],), unit_ids=units, quantity=q)
    if p is Predicate.PRESENCE:
        return Statement(predicate=p, party=party, location_ids=(place[0],), unit_ids=units or (rng.choice(UNITS),))
    if p is Predicate.ATTACK:
        return Statement(
            predicate=p, party=party, counterparty=other, location_ids=(place[0],), unit_ids=units, description=None
        )
    if p is Predicate.ADVANCE:
        return Statement(predicate=p, party=party, location_ids=(place[0],), description=f"advance toward {place[1]}")
    if p is Predicate.SITUATION:
        return Statement(predicate=p, party=party, location_ids=(place[0],), description=f"Обстановка у {place[2]}")
    return Statement(predicate=p, custom_predicate="evacuation", location_ids=(place[0],), description="евакуація")


def build_corpus(n: int, seed: int = 20250309) -> list[Claim]:
    """``n`` valid claims, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    base = datetime(2024, 8, 6, tzinfo=UTC)
    claims: list[Claim] = []
    report = 0
    while len(claims) < n:
        report += 1
        source_id, party, lang = rng.choice(SOURCES)
        tz = MSK if party == "RU" else KYIV if party == "UA" else UTC
        published = _dt(rng, base).astimezone(tz)
        chain_len = rng.choice([1, 1, 2, 2, 3])
        relays = rng.sample([r for r in RELAYS if r != source_id], chain_len - 1)
        url = f"https://example.org/{source_id}/{report}" if rng.random() < 0.7 else None
        for _ in range(rng.randint(1, 5)):  # a report carries several claims
            if len(claims) >= n:
                break
            place = rng.choice(PLACES)
            me = party or rng.choice(["RU", "UA"])
            other = "UA" if me == "RU" else "RU"
            hops = [Hop(source_id=r, verb=rng.choice(VERBS[Hedge.ASSERTED]), hedge=Hedge.ASSERTED) for r in relays]
            hedge = rng.choice(list(VERBS))
            hops.append(Hop(source_id=source_id, verb=rng.choice(VERBS[hedge]), hedge=hedge))
            day = published.replace(hour=0, minute=0, second=0, microsecond=0)
            shape = rng.randrange(4)
            when = (
                TimeSpan(start=day - timedelta(days=1), end=day, precision=TimePrecision.DAY)
                if shape == 0
                else TimeSpan(end=day + timedelta(days=1), precision=TimePrecision.DAY)
                if shape == 1
                else TimeSpan.instant(published - timedelta(hours=rng.randrange(1, 48)))
                if shape == 2
                else None
            )
            quote = rng.choice(QUOTES[lang]).format(
                ru=place[1],
                uk=place[2],
                en=place[0].replace("-", " ").title(),
                n=rng.randrange(5, 900),
                k=rng.randrange(1, 9),
            )
            claims.append(
                Claim(
                    id=f"claim-{len(claims):06d}",
                    source_id=source_id,
                    attribution=tuple(hops),
                    reported_at=published,
                    when=when,
                    statement=_statement(rng, place, me, other),
                    quote=quote,
                    language=lang,
                    credibility=rng.choice([None, None, *Credibility]),
                    url=url,
                )
            )
    return claims


# -- the libraries ------------------------------------------------------------------


@dataclass
class Lib:
    name: str
    decode: Callable[[bytes], list[Any]]
    encode: Callable[[list[Any]], bytes]
    version: str
    times: dict[str, list[float]] = field(default_factory=dict)
    memory: float = 0.0


def _conflictmodels(*, pure: bool = False) -> Lib:
    """conflictmodels as installed (with msgspec, the ``fast`` extra, when it is), or
    its pure-Python path (what ``CONFLICTMODELS_PURE=1`` selects)."""
    from conflictmodels import _hotpath

    accelerator = None if pure else _hotpath.msgspec

    def decode(data: bytes) -> list[Any]:
        _hotpath.msgspec = accelerator
        return cm.loads_lines(data.decode("utf-8"), Claim)

    def encode(objs: list[Any]) -> bytes:
        _hotpath.msgspec = accelerator
        return cm.dumps_lines(objs).encode("utf-8")

    name = "conflictmodels (pure)" if pure else "conflictmodels" + (" [fast]" if accelerator else "")
    return Lib(name, decode, encode, cm.__version__)


def _pydantic() -> Lib | None:
    try:
        import peers_pydantic as pp
        import pydantic
    except ImportError:
        return None
    validate = pp.ClaimRecord.model_validate_json

    def decode(data: bytes) -> list[Any]:
        return [validate(line) for line in data.splitlines() if line.strip()]

    def encode(objs: list[Any]) -> bytes:
        return "".join([f"{o.model_dump_json(exclude_defaults=True)}\n" for o in objs]).encode("utf-8")

    return Lib("pydantic v2", decode, encode, pydantic.VERSION)


def _msgspec() -> Lib | None:
    try:
        import msgspec
        import peers_msgspec as pm
    except ImportError:
        return None
    decoder = msgspec.json.Decoder(pm.ClaimRecord)
    encoder = msgspec.json.Encoder()

    def decode(data: bytes) -> list[Any]:
        return decoder.decode_lines(data)

    def encode(objs: list[Any]) -> bytes:
        return encoder.encode_lines(objs)

    return Lib("msgspec", decode, encode, msgspec.__version__)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


# -- measuring ----------------------------------------------------------------------

CLOCK = time.process_time
"""CPU time of this process: on a shared machine, wall time also counts other programs."""


def _timed(fn: Callable[[], Any], *, gc_on: bool) -> float:
    gc.collect()
    if gc_on:
        gc.enable()
    else:
        gc.disable()
    try:
        t0 = CLOCK()
        result = fn()
        elapsed = CLOCK() - t0
    finally:
        gc.enable()
    del result
    return elapsed


def _retained_bytes(fn: Callable[[], list[Any]]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        objs = fn()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    n = len(objs)
    del objs
    return (after - before) / n


def _memory_in_fresh_process(name: str, n: int) -> float:
    """Bytes per retained claim, measured on a first decode in a new interpreter.

    A fresh process keeps caches that outlive a decode (conflictmodels' date-time cache,
    pydantic-core's string cache) from hiding what an earlier repetition allocated.
    """
    out = subprocess.run(
        [sys.executable, __file__, "--memory-of", name, "--claims", str(n)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def _memory_of(name: str, n: int) -> None:
    lib = {lib.name: lib for lib in _libraries()}[name]
    data = cm.dumps_lines(build_corpus(n)).encode("utf-8")
    warm_up = cm.dumps_lines(build_corpus(1, seed=1)).encode("utf-8")
    lib.decode(warm_up)  # one-time set-up (generated code, schemas) is not per claim
    print(_retained_bytes(lambda: lib.decode(data)))


def _libraries() -> list[Lib]:
    from conflictmodels import _hotpath

    libs = [_conflictmodels()]
    if _hotpath.msgspec is not None:
        libs.append(_conflictmodels(pure=True))
    for name, make in (("pydantic", _pydantic), ("msgspec", _msgspec)):
        lib = make()
        if lib is None:
            print(f"note       {name} is not installed: skipped")
        else:
            libs.append(lib)
    return libs


def _check_parity(libs: list[Lib], data: bytes, n: int) -> None:
    """Every library decodes the corpus to the same claims and rejects the same bad lines."""
    lines = data.splitlines()
    bad = [
        lines[0].replace(b'"id":"claim-000000"', b'"id":"claim 0"'),  # id with a space
        lines[0].replace(b'"source_id":', b'"source_idx":', 1),  # unknown key, missing field
        lines[0].replace(b'"reported_at":"', b'"reported_at":"2024-01-01T00:00:00","x":"'),
        b'{"schema_version": 2, "id": "c", "source_id": "s", "reported_at": "2025-03-09T18:00:00+03:00",'
        b' "statement": {"predicate": "control", "party": "RU", "location_ids": ["a"]}}',  # no change
        b'{"schema_version": 2, "id": "c", "source_id": "s", "reported_at": "2025-03-09T18:00:00",'
        b' "statement": {"predicate": "situation", "description": "x"}}',  # naive datetime
        b'{"schema_version": 2, "id": "c", "source_id": "s", "reported_at": "2025-03-09T18:00:00Z",'
        b' "statement": {"predicate": "casualties", "party": "UA", "quantity": {"low": 5, "high": 2}}}',
        b'{"schema_version": 2, "id": "c", "source_id": "s", "reported_at": "2025-03-09T18:00:00Z",'
        b' "attribution": [{"source_id": "t"}], "statement": {"predicate": "situation", "description": "x"}}',
    ]
    assert all(line != lines[0] for line in bad[:3]), "the corpus is not in the expected JSON Lines form"
    for lib in libs:
        objs = lib.decode(data)
        assert len(objs) == n, (lib.name, len(objs))
        for line in bad:
            try:
                lib.decode(line + b"\n")
            except Exception:
                continue
            raise AssertionError(f"{lib.name} accepted an invalid line: {line!r}")


def _rate(n: int, seconds: list[float]) -> float:
    return n / statistics.median(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--claims", type=int, default=20_000, help="corpus size (default 20000)")
    parser.add_argument("--reps", type=int, default=7, help="repetitions per measurement (default 7)")
    parser.add_argument("--smoke", action="store_true", help="tiny corpus, one repetition (for CI)")
    parser.add_argument("--wall", action="store_true", help="measure wall time instead of CPU time")
    parser.add_argument("--memory-of", help=argparse.SUPPRESS)  # internal: one memory measurement
    args = parser.parse_args(argv)
    if args.memory_of:
        _memory_of(args.memory_of, args.claims)
        return 0
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    n, reps = (200, 1) if args.smoke else (args.claims, args.reps)

    print(f"python     {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"platform   {platform.platform()}, {platform.machine()}, {_cpu_count()} CPUs")
    versions = ", ".join(f"{d} {_version(d)}" for d in ("conflictmodels", "attrs", "cattrs", "pydantic", "msgspec"))
    print(f"packages   {versions}")

    claims = build_corpus(n)
    data = cm.dumps_lines(claims).encode("utf-8")
    print(
        f"corpus     {n} claims, {len(data) / 1e6:.1f} MB of JSON Lines, {reps} repetitions, interleaved, "
        f"{'wall' if args.wall else 'CPU'} time"
    )

    libs = _libraries()
    _check_parity(libs, data, n)
    decoded = {lib.name: lib.decode(data) for lib in libs}

    kinds = ("decode", "encode", "gc_decode")
    for lib in libs:
        lib.times = {k: [] for k in kinds}
    for rep in range(reps):
        order = libs[rep % len(libs) :] + libs[: rep % len(libs)]
        for lib in order:
            lib.times["decode"].append(_timed(functools.partial(lib.decode, data), gc_on=False))
        for lib in order:
            lib.times["encode"].append(_timed(functools.partial(lib.encode, decoded[lib.name]), gc_on=False))
        for lib in order:
            lib.times["gc_decode"].append(_timed(functools.partial(lib.decode, data), gc_on=True))
    del decoded
    for lib in libs:
        if args.smoke:  # quick and rough: in this process, after the timed decodes
            lib.memory = _retained_bytes(functools.partial(lib.decode, data))
        else:
            lib.memory = _memory_in_fresh_process(lib.name, n)

    ref = libs[0]
    rows: list[tuple[str, ...]] = [
        ("library", "decode/s", "encode/s", "gc decode/s", "bytes/claim", "vs pydantic (dec/enc/gc/mem)")
    ]
    peer = {lib.name: lib for lib in libs}
    pyd = peer.get("pydantic v2")
    for lib in libs:
        rates = [_rate(n, lib.times[k]) for k in kinds]
        if pyd is None:
            rel = "-"
        else:
            rel = " / ".join(f"{r / _rate(n, pyd.times[k]):.2f}x" for r, k in zip(rates, kinds, strict=True))
            rel += f" / {lib.memory / pyd.memory:.2f}x"
        rows.append((lib.name, *(f"{r:,.0f}" for r in rates), f"{lib.memory:,.0f}", rel))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print()
    for i, row in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if j in (0, 5) else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()

    def speed(kind: str, other: Lib | None) -> str:
        return "nan" if other is None else f"{_rate(n, ref.times[kind]) / _rate(n, other.times[kind]):.2f}"

    mem = "nan" if pyd is None else f"{ref.memory / pyd.memory:.2f}"
    pure = peer.get("conflictmodels (pure)")
    if pure is not None and pyd is not None:
        ratios = " ".join(
            f"{k}={_rate(n, pure.times[k]) / _rate(n, pyd.times[k]):.2f}" for k in ("decode", "encode", "gc_decode")
        )
        print(f"pure-Python path vs pydantic v2: {ratios} memory={pure.memory / pyd.memory:.2f}")
        print(f"RATIOS below: {ref.name} (as installed)")
    print(
        f"RATIOS decode={speed('decode', pyd)} encode={speed('encode', pyd)} memory={mem} "
        f"gc_decode={speed('gc_decode', pyd)} decode_vs_msgspec={speed('decode', peer.get('msgspec'))}"
    )
    return 0


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
