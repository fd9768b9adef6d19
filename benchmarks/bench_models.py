"""Benchmark conflictmodels against equivalent pydantic v2 and msgspec models, fairly.

Two deterministic corpora of realistic claims (seeded random), written as JSON Lines
by conflictmodels:

claims
    Russian, Ukrainian and English quotes, Cyrillic place names, attribution chains of
    1-3 hops, estimates, time spans, credibility and URLs.
strings
    String-heavy: every claim of a report repeats its quote, chains of 3 hops, unit
    lists and descriptions from small vocabularies (names, verbs, party codes and ids
    repeat, as they do in real collections).

Each library is called the way its experts call it: pydantic decodes a line with
``__pydantic_validator__.validate_json`` and encodes with
``__pydantic_serializer__.to_json(obj, exclude_defaults=True)`` (bytes, no detour
through ``str``); msgspec, the fast ceiling, with a typed ``Decoder.decode_lines`` and
``Encoder.encode_lines``; conflictmodels with ``loads_lines(bytes)`` and
``dumps_lines_bytes``. Measured:

decode, encode
    In one process, garbage collector off, interleaved (each repetition runs every
    library once, in rotating order): the median, min and max of the repetitions.
gc decode
    Decode with the garbage collector on, each measurement in a fresh process (an
    in-process figure measures whatever else happens to be on the heap), at 10,000
    and 100,000 claims, interleaved across libraries.
memory
    Bytes per retained claim (tracemalloc), on a first decode in a fresh process.

Times are CPU time of the process (``--wall`` for wall time). The last line is
machine-readable::

    RATIOS decode=<x> encode=<x> gc_decode=<x> memory=<x> memory_strings=<x> ...

speeds as ratios conflictmodels / pydantic (> 1: conflictmodels is faster), memory as
a bytes ratio (< 1: conflictmodels is smaller). The latest full run is written to
``docs/_data/performance.json`` (``--json`` to choose; the last three runs are kept).

Run ``python benchmarks/bench_models.py`` (``--smoke`` for a quick run in CI).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
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


STRING_VERBS = ["said", "reported", "stated", "announced", "заявили", "сообщили", "повідомили", "according to"]
DESCRIPTIONS = [
    "Обстановка в районе населённого пункта остаётся сложной",
    "Тривають запеклі бої на підступах до населеного пункту",
    "Fighting continues on the approaches to the settlement",
    "Противник пытается восстановить утраченное положение",
]


def build_strings_corpus(n: int, seed: int = 20251129) -> list[Claim]:
    """``n`` valid claims heavy in strings that repeat: a report's quote is shared by its
    claims, chains of three hops, descriptions and units from small sets."""
    rng = random.Random(seed)
    base = datetime(2024, 8, 6, tzinfo=UTC)
    claims: list[Claim] = []
    report = 0
    while len(claims) < n:
        report += 1
        source_id, party, lang = rng.choice(SOURCES)
        tz = MSK if party == "RU" else KYIV if party == "UA" else UTC
        published = _dt(rng, base).astimezone(tz)
        relays = rng.sample([r for r in RELAYS if r != source_id], 2)
        place = rng.choice(PLACES)
        quote = " ".join(
            rng.choice(QUOTES[lang]).format(
                ru=place[1], uk=place[2], en=place[0].replace("-", " ").title(), n=rng.randrange(5, 900), k=2
            )
            for _ in range(3)
        )
        url = f"https://example.org/{source_id}/{report}"
        for _ in range(rng.randint(2, 6)):
            if len(claims) >= n:
                break
            me = party or rng.choice(["RU", "UA"])
            hops = [Hop(source_id=r, verb=rng.choice(STRING_VERBS), hedge=Hedge.ASSERTED) for r in relays]
            hops.append(Hop(source_id=source_id, verb=rng.choice(STRING_VERBS), hedge=Hedge.CLAIMED))
            units = tuple(rng.sample(UNITS[:12], 2))
            p = rng.choice([Predicate.PRESENCE, Predicate.SITUATION, Predicate.ATTACK])
            statement = Statement(
                predicate=p,
                party=me,
                location_ids=(place[0],),
                unit_ids=units if p is not Predicate.SITUATION else (),
                description=rng.choice(DESCRIPTIONS),
            )
            claims.append(
                Claim(
                    id=f"claim-{len(claims):06d}",
                    source_id=source_id,
                    attribution=tuple(hops),
                    reported_at=published,
                    statement=statement,
                    quote=quote,
                    language=lang,
                    url=url,
                )
            )
    return claims


CORPORA: dict[str, Callable[[int], list[Claim]]] = {"claims": build_corpus, "strings": build_strings_corpus}


# -- the libraries ------------------------------------------------------------------


@dataclass
class Lib:
    name: str
    decode: Callable[[bytes], list[Any]]
    encode: Callable[[list[Any]], bytes]
    times: dict[str, list[float]] = field(default_factory=dict)


def _conflictmodels(*, pure: bool = False) -> Lib:
    """conflictmodels as installed (with msgspec, the ``fast`` extra, when it is), or
    its pure-Python path (what ``CONFLICTMODELS_PURE=1`` selects)."""
    from conflictmodels import _hotpath

    accelerator = None if pure else _hotpath.msgspec

    def decode(data: bytes) -> list[Any]:
        _hotpath.msgspec = accelerator
        return cm.loads_lines(data, Claim)

    def encode(objs: list[Any]) -> bytes:
        _hotpath.msgspec = accelerator
        return cm.dumps_lines_bytes(objs)

    name = "conflictmodels (pure)" if pure else "conflictmodels" + (" [fast]" if accelerator else "")
    return Lib(name, decode, encode)


def _pydantic() -> Lib | None:
    try:
        import peers_pydantic as pp
    except ImportError:
        return None
    validate = pp.ClaimRecord.__pydantic_validator__.validate_json
    to_json = pp.ClaimRecord.__pydantic_serializer__.to_json

    def decode(data: bytes) -> list[Any]:
        return [validate(line) for line in data.splitlines() if line]

    def encode(objs: list[Any]) -> bytes:
        return b"\n".join([to_json(o, exclude_defaults=True) for o in objs]) + b"\n"

    return Lib("pydantic v2", decode, encode)


def _msgspec() -> Lib | None:
    try:
        import msgspec
        import peers_msgspec as pm
    except ImportError:
        return None
    decoder = msgspec.json.Decoder(pm.ClaimRecord)
    encoder = msgspec.json.Encoder()
    return Lib("msgspec", decoder.decode_lines, encoder.encode_lines)


PYDANTIC, MSGSPEC, FAST, PURE = "pydantic v2", "msgspec", "conflictmodels [fast]", "conflictmodels (pure)"


def _libraries(quiet: bool = False) -> list[Lib]:
    from conflictmodels import _hotpath

    libs = [_conflictmodels()]
    if _hotpath.msgspec is not None:
        libs.append(_conflictmodels(pure=True))
    for name, make in (("pydantic", _pydantic), ("msgspec", _msgspec)):
        lib = make()
        if lib is None:
            if not quiet:
                print(f"note       {name} is not installed: skipped")
        else:
            libs.append(lib)
    return libs


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


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


def _child(what: str, name: str, path: str) -> None:
    """In a fresh process: one measurement of library ``name`` on the corpus file ``path``."""
    lib = _conflictmodels(pure=True) if name == PURE else {lib.name: lib for lib in _libraries(quiet=True)}[name]
    data = Path(path).read_bytes()
    lib.decode(data[: data.index(b"\n") + 1])  # one-time set-up (generated code, schemas) is not per claim
    if what == "memory":
        print(_retained_bytes(lambda: lib.decode(data)))
    else:
        print(_timed(lambda: lib.decode(data), gc_on=True))


def _in_fresh_process(what: str, name: str, path: Path, wall: bool) -> float:
    env = dict(os.environ)
    if name == PURE:
        env["CONFLICTMODELS_PURE"] = "1"
    command = [sys.executable, __file__, "--child", what, name, str(path)] + (["--wall"] if wall else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return float(out.strip().splitlines()[-1])


def _check_parity(libs: list[Lib], data: bytes, n: int) -> None:
    """Every library decodes the corpus to the same number of claims and rejects the same bad lines."""
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


@dataclass
class Stat:
    """Claims per second over repetitions: the median, and the slowest and fastest."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, n: int, seconds: list[float]) -> Stat:
        return cls(n / statistics.median(seconds), n / max(seconds), n / min(seconds))

    def json(self) -> dict[str, float]:
        return {"median": round(self.median), "min": round(self.low), "max": round(self.high)}


def _measure_in_process(libs: list[Lib], data: bytes, reps: int) -> dict[str, dict[str, Stat]]:
    decoded = {lib.name: lib.decode(data) for lib in libs}
    n = len(next(iter(decoded.values())))
    times: dict[str, dict[str, list[float]]] = {lib.name: {"decode": [], "encode": []} for lib in libs}
    for rep in range(reps):
        order = libs[rep % len(libs) :] + libs[: rep % len(libs)]
        for lib in order:
            times[lib.name]["decode"].append(_timed(lambda lib=lib: lib.decode(data), gc_on=False))  # type: ignore[misc]
        for lib in order:
            objs = decoded[lib.name]
            times[lib.name]["encode"].append(_timed(lambda lib=lib, objs=objs: lib.encode(objs), gc_on=False))  # type: ignore[misc]
    return {name: {k: Stat.of(n, v) for k, v in t.items()} for name, t in times.items()}


def _measure_gc(libs: list[Lib], path: Path, n: int, reps: int, wall: bool) -> dict[str, Stat]:
    times: dict[str, list[float]] = {lib.name: [] for lib in libs}
    for rep in range(reps):
        order = libs[rep % len(libs) :] + libs[: rep % len(libs)]
        for lib in order:
            times[lib.name].append(_in_fresh_process("gc", lib.name, path, wall))
    return {name: Stat.of(n, t) for name, t in times.items()}


def _table(title: str, rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"\n{title}")
    for i, row in enumerate(rows):
        cells = (c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True)))
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def _fmt(s: Stat) -> str:
    return f"{s.median:,.0f} ({s.low:,.0f}-{s.high:,.0f})"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else round(a / b, 2)


def _reconcile_growth(smoke: bool) -> float | None:
    """Per-claim growth of ``reconcile`` from 10,000 to 1,000,000 claims (bench_reconcile.py)."""
    sizes = "2000,8000" if smoke else "10000,1000000"
    script = Path(__file__).resolve().parent / "bench_reconcile.py"
    out = subprocess.run([sys.executable, str(script), "--sizes", sizes], capture_output=True, text=True, check=False)
    print(out.stdout.rstrip())
    if out.returncode:  # report it, and keep the other figures
        print(f"note       bench_reconcile.py failed: {out.stderr.strip().splitlines()[-1:]}")
        return None
    for line in out.stdout.splitlines():
        if line.startswith("GROWTH"):
            return float(line.split(":")[-1].split("x")[0])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--claims", type=int, default=20_000, help="in-process corpus size (default 20000)")
    parser.add_argument("--reps", type=int, default=7, help="in-process repetitions (default 7)")
    parser.add_argument("--gc-sizes", default="10000,100000", help="fresh-process GC-on sizes (default 10000,100000)")
    parser.add_argument("--gc-reps", type=int, default=3, help="fresh processes per library and size (default 3)")
    parser.add_argument("--no-reconcile", action="store_true", help="skip the reconcile growth (10k to 1M, minutes)")
    parser.add_argument("--smoke", action="store_true", help="tiny corpora, one repetition (for CI)")
    parser.add_argument("--wall", action="store_true", help="measure wall time instead of CPU time")
    parser.add_argument("--json", type=Path, help="where to write the results (default docs/_data/performance.json)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # internal: one fresh-process measurement
    args = parser.parse_args(argv)
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    if args.child:
        _child(*args.child)
        return 0
    if args.smoke:
        n, reps, gc_sizes, gc_reps = 200, 1, [200], 1
    else:
        n, reps, gc_sizes, gc_reps = args.claims, args.reps, [int(s) for s in args.gc_sizes.split(",")], args.gc_reps

    packages = ", ".join(f"{d} {_version(d)}" for d in ("conflictmodels", "attrs", "cattrs", "pydantic", "msgspec"))
    machine = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu": f"{_cpu_model()}, {os.cpu_count() or 1} CPUs",
        "os": f"{platform.system()} {platform.release()}",
        "packages": packages,
        "load": _load(),
    }
    for key, value in machine.items():
        print(f"{key:<10} {value}")
    clock = "wall" if args.wall else "CPU"
    print(f"method     {reps} repetitions interleaved, {clock} time; GC on: a fresh process each, {gc_reps} per size")

    libs = _libraries()
    names = [lib.name for lib in libs]
    results: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%d"), "machine": machine, "corpora": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, build in CORPORA.items():
            data = cm.dumps_lines_bytes(build(n))
            _check_parity(libs, data, n)
            speed = _measure_in_process(libs, data, reps)
            memory_file = Path(tmp) / f"{corpus}-{n}.jsonl"
            memory_file.write_bytes(data)
            memory = {name: _in_fresh_process("memory", name, memory_file, args.wall) for name in names}
            rows: list[tuple[str, ...]] = [("library", "decode/s (min-max)", "encode/s (min-max)", "bytes/claim")]
            rows += [(m, _fmt(speed[m]["decode"]), _fmt(speed[m]["encode"]), f"{memory[m]:,.0f}") for m in names]
            _table(f"corpus '{corpus}': {n:,} claims, {len(data) / 1e6:.1f} MB of JSON Lines", rows)
            results["corpora"][corpus] = {
                "claims": n,
                "megabytes": round(len(data) / 1e6, 1),
                "libraries": {
                    m: {
                        "decode": speed[m]["decode"].json(),
                        "encode": speed[m]["encode"].json(),
                        "bytes": round(memory[m]),
                    }
                    for m in names
                },
            }
        gc_results: dict[int, dict[str, Stat]] = {}
        for size in gc_sizes:
            path = Path(tmp) / f"gc-{size}.jsonl"
            path.write_bytes(cm.dumps_lines_bytes(build_corpus(size)))
            gc_results[size] = _measure_gc(libs, path, size, gc_reps, args.wall)
        rows = [("library", *(f"{size:,} claims/s (min-max)" for size in gc_sizes))]
        rows += [(m, *(_fmt(gc_results[size][m]) for size in gc_sizes)) for m in names]
        _table("decode with GC on, corpus 'claims', a fresh process per measurement", rows)
        results["gc_decode"] = {str(size): {m: s.json() for m, s in r.items()} for size, r in gc_results.items()}

    growth = None if args.no_reconcile else _reconcile_growth(args.smoke)
    big = max(gc_sizes)

    def ratios(lib: str) -> dict[str, float | None]:
        def speed(corpus: str, kind: str, peer: str) -> float | None:
            libs_ = results["corpora"][corpus]["libraries"]
            if lib not in libs_ or peer not in libs_:
                return None
            return _ratio(libs_[lib][kind]["median"], libs_[peer][kind]["median"])

        def mem(corpus: str) -> float | None:
            libs_ = results["corpora"][corpus]["libraries"]
            return (
                None
                if PYDANTIC not in libs_ or lib not in libs_
                else _ratio(libs_[lib]["bytes"], libs_[PYDANTIC]["bytes"])
            )

        gc_ = gc_results[big]
        return {
            "decode": speed("claims", "decode", PYDANTIC),
            "encode": speed("claims", "encode", PYDANTIC),
            "gc_decode": _ratio(gc_[lib].median, gc_[PYDANTIC].median) if PYDANTIC in gc_ and lib in gc_ else None,
            "memory": mem("claims"),
            "memory_strings": mem("strings"),
            "decode_strings": speed("strings", "decode", PYDANTIC),
            "encode_strings": speed("strings", "encode", PYDANTIC),
            "decode_vs_msgspec": speed("claims", "decode", MSGSPEC),
            "reconcile_growth": growth,
        }

    def line(r: dict[str, float | None]) -> str:
        return " ".join(f"{k}={'nan' if v is None else f'{v:.2f}'}" for k, v in r.items())

    print()
    if PURE in names:
        results["pure"] = ratios(PURE)
        print(f"pure-Python path: {line(results['pure'])}")
    results["ratios"] = ratios(names[0])
    results["ratios_of"] = names[0]
    results["gc_size"] = big
    print(f"RATIOS below: {names[0]} vs pydantic v2 (gc_decode: {big:,} claims, fresh processes)")
    print(f"RATIOS {line(results['ratios'])}")
    target = args.json or (
        None if args.smoke else Path(__file__).resolve().parent.parent / "docs/_data/performance.json"
    )
    if target is not None:
        _write_json(target, results)
    return 0


def _write_json(path: Path, results: dict[str, Any]) -> None:
    """Write the latest results, keeping the ratios of the last three runs beside them."""
    previous: list[dict[str, Any]] = []
    if path.exists():
        try:
            previous = json.loads(path.read_text(encoding="utf-8")).get("runs", [])
        except (ValueError, AttributeError):
            previous = []
    run = {"date": results["date"], "load": results["machine"]["load"], "ratios": results["ratios"]}
    if "pure" in results:
        run["pure"] = results["pure"]
    results["runs"] = [*previous, run][-3:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written    {path}")


if __name__ == "__main__":
    raise SystemExit(main())
