"""Truth discovery on the book-author benchmark: majority vote, reconcile, and reconcile with learned reliability.

Reads the AbeBooks book-author data (Yin, Han & Yu, KDD 2007; Dong, Berti-Equille &
Srivastava, VLDB 2009) from ``../shared/data/truth-discovery/book/`` (or ``--data``)
when it is there; it is never copied into this repository. Each row (store, ISBN,
title, author text) becomes one attribute claim: entity the ISBN-13, attribute
``authors``, value the list of people's names (:class:`~conflictmodels.Value`
``names``), source the store. As the papers score it: one claim per store and book,
empty and "Not Available" lists dropped, and a fused list is right when its set of
lowercase last names (letters only) equals the gold one.

It prints, for the 100 gold books and the 1,263 silver books, the accuracy of

* majority vote (the most frequent set of last names; ties to the smallest);
* ``reconcile`` without learning (every store unrated);
* ``learn_reliability`` alone (the most probable value of the learned model);
* ``reconcile(..., reliability=model)``;

then how many books get a named value (and with which status), the calibration table
(per likelihood band, how many answers and the share right, against the band's ICD 203
range), the time and the peak memory of each step.

``--fit`` fits the mapping from evidence to likelihood bands on the silver books (the
development data) and prints the numbers the defaults hold:
``Policy.value_calibration`` (scale, offset of a competing value's log-odds), fitted on
``reconcile`` without learning, then ``LearningRules.weight_scale`` (the factor on
learned weights), fitted on ``reconcile`` with learned reliability. Each is the grid
point with the fewest answers outside their band's range (weighted by how far out),
ties to the best log-likelihood of the true values; the tables then show the bands
with the fitted numbers, on silver and on gold.

``--scale N`` instead measures learning on a synthetic dossier of N claims (sources of
known accuracy, copiers included): its CPU time against ``reconcile``'s on the same
dossier, then, in a fresh process, the extra memory learning takes (tracemalloc peak,
and the growth of the peak resident set on Linux). ``--smoke`` runs a small
synthetic case for CI (and the book data when present), and fails when learning does
not beat majority vote there.

Run ``python benchmarks/bench_truth.py``, ``--fit``, ``--scale 1000000``, or ``--smoke``.
"""

from __future__ import annotations

import argparse
import gc
import html
import math
import random
import re
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from conflictmodels import Claim, Dossier, Likelihood, Predicate, Source, Statement, Value
from conflictmodels.policy import DEFAULT_POLICY, Policy
from conflictmodels.reconciliation import reconcile
from conflictmodels.reliability import ReliabilityModel, learn_reliability
from conflictmodels.values import last_name, value_key

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "truth-discovery" / "book"
T0 = datetime(2007, 1, 1, tzinfo=UTC)

# ------------------------------------------------------------------------------ the data


def isbn13(text: str) -> str | None:
    """ISBN-13 of an ISBN-10 or -13 (``978`` + the first 9 digits + a new check digit)."""
    digits = re.sub(r"[^0-9Xx]", "", text)
    if len(digits) == 13:
        return digits
    if len(digits) != 10:
        return None
    body = "978" + digits[:9]
    total = sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(body))
    return body + str((10 - total % 10) % 10)


_ROLES = re.compile(
    r"\((?:[^)]*)\)|\bet\.? al\.?|\b(?:edited|compiled|translated|foreword|introduction)\s+by\b|\bby\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*(?:;|/|&|\||~|\s-\s|\band\b)\s*", re.IGNORECASE)
_GLUED = re.compile(r"([a-z]{3,})([A-Z][a-z])")  # "Mark DowdJohn McDonald": two names run together
_UNAVAILABLE = {"not available", "n/a", "na", "unknown", "none"}


def _words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalpha() for ch in w)]


def people(authors: str) -> tuple[str, ...]:
    """The people of a store's free-text author list, each as written ("Knuth, Donald E.").

    Lists are split on ``;``, ``/``, ``&``, ``and``, roles such as "(Author)" or "By";
    commas separate people ("Jim Melton, Alan R. Simon") or a last name from its
    first names ("Knuth, Donald E."; "Tan, Pang-Ning, Steinbach, Michael").
    """
    text = re.sub(r"&[A-Za-z]+;?", "", html.unescape(authors))
    text = _GLUED.sub(r"\1; \2", _ROLES.sub(";", text))
    if not text.strip(" ;,.") or text.strip().lower() in _UNAVAILABLE:
        return ()
    out: list[str] = []
    for piece in _SEPARATORS.split(text):
        parts = [p.strip(" .") for p in piece.split(",") if p.strip(" .")]
        if not parts:
            continue
        if len(parts) == 1:
            out.append(parts[0])
        elif all(len(_words(p)) >= 2 for p in parts) and not (len(parts) == 2 and len(_words(parts[0])) == 1):
            out.extend(parts)  # "First Last, First Last"
        elif len(parts) % 2 == 0:
            out.extend(f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2))  # "Last, First, Last, First"
        else:
            out.append(f"{parts[0]}, {parts[1]}")
            out.extend(parts[2:])
    return tuple(p for p in out if last_name(p))


def read_book(
    folder: Path,
) -> tuple[list[tuple[str, str, tuple[str, ...]]], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The rows ``(store, isbn13, people)`` (one per store and book: its first usable
    row), the gold and the silver answers as sets of last names."""
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    seen: set[tuple[str, str]] = set()
    with open(folder / "book.txt", encoding="latin-1", newline="") as f:
        for line in f:
            store, isbn, _title, authors = line.rstrip("\r\n").split("\t")
            key = isbn13(isbn)
            names = people(authors)
            if key is None or not names or (store, key) in seen:
                continue
            seen.add((store, key))
            rows.append((store, key, names))
    gold: dict[str, frozenset[str]] = {}
    with open(folder / "book_golden.txt", encoding="latin-1") as f:
        for line in f:
            if line.strip():
                isbn, authors = line.strip().split("\t", 1)
                key = isbn13(isbn)
                if key is not None:
                    gold[key] = frozenset(x for x in (last_name(a.split(",")[0]) for a in authors.split(";")) if x)
    silver: dict[str, frozenset[str]] = {}
    with open(folder / "book_silver.txt", encoding="latin-1") as f:
        for line in f:
            if line.strip() and not line.startswith("F\t"):
                isbn, authors = line.strip().split("\t", 1)
                key = isbn13(isbn)
                if key is not None:
                    silver[key] = frozenset(x for x in map(last_name, authors.split(";")) if x)
    return rows, gold, silver


def book_dossier(rows: Iterable[tuple[str, str, tuple[str, ...]]]) -> Dossier:
    """One attribute claim per row; one unrated source per store."""
    stores: dict[str, str] = {}
    claims = []
    for store, isbn, names in rows:
        sid = stores.setdefault(store, f"store-{len(stores):04d}")
        claims.append(
            Claim(
                id=f"{sid}-{isbn}",
                source_id=sid,
                reported_at=T0,
                statement=Statement(predicate=Predicate.ATTRIBUTE, entity=isbn, attribute="authors",
                                    value=Value(names=names)),
            )
        )  # fmt: skip
    sources = tuple(Source(id=sid, name=store) for store, sid in stores.items())
    return Dossier(title="AbeBooks authors", sources=sources, claims=tuple(claims))


# ------------------------------------------------------------------------------ methods


def _lastnames(key: Any) -> frozenset[str]:
    return frozenset(key[1])


def majority(d: Dossier) -> dict[str, frozenset[str]]:
    """The most frequent set of last names per book; ties to the smallest."""
    votes: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for c in d.claims:
        assert c.statement.value is not None
        assert c.statement.entity is not None
        votes[c.statement.entity][value_key(c.statement.value)[1]] += 1  # type: ignore[index]
    return {k: frozenset(min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0]) for k, v in votes.items()}


def answers(d: Dossier) -> dict[str, tuple[frozenset[str], Likelihood | None]]:
    """Each book's reconciled value and its likelihood."""
    out: dict[str, tuple[frozenset[str], Likelihood | None]] = {}
    for a in d.assessments:
        s = a.statement
        if s.predicate is Predicate.ATTRIBUTE and s.entity is not None and s.value is not None:
            out[s.entity] = (_lastnames(value_key(s.value)), a.likelihood)
    return out


def model_answers(d: Dossier, model: ReliabilityModel) -> dict[str, frozenset[str]]:
    """The value with the most learned weight per book (no reconcile)."""
    weight = {a.source_id: a.weight for a in model.accuracies}
    score: dict[str, dict[tuple[str, ...], float]] = defaultdict(lambda: defaultdict(float))
    for c in d.claims:
        assert c.statement.value is not None
        assert c.statement.entity is not None
        score[c.statement.entity][value_key(c.statement.value)[1]] += weight.get(c.source_id, 0.0)  # type: ignore[index]
    return {k: frozenset(min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0]) for k, v in score.items()}


def accuracy(pred: Mapping[str, Any], truth: Mapping[str, frozenset[str]]) -> float:
    return sum(1 for k, v in truth.items() if pred.get(k) == v) / len(truth)


def calibration(
    pred: Mapping[str, tuple[frozenset[str], Likelihood | None]], truth: Mapping[str, frozenset[str]]
) -> list[tuple[Likelihood, int, float | None, bool | None]]:
    """Per likelihood band: answers, the share right, and whether it lies in the band's range."""
    tally: dict[Likelihood, list[int]] = {band: [0, 0] for band in Likelihood}
    for k, v in truth.items():
        got = pred.get(k)
        if got is None or got[1] is None:
            continue
        tally[got[1]][0] += 1
        tally[got[1]][1] += got[0] == v
    out = []
    for band in Likelihood:
        n, right = tally[band]
        share = right / n if n else None
        lo, hi = band.range
        out.append((band, n, share, None if share is None else lo <= share <= hi))
    return out


def named(d: Dossier, books: Iterable[str]) -> tuple[float, Counter[str]]:
    """The share of ``books`` whose assessment names a value (with a likelihood), and its statuses."""
    by_book = {a.statement.entity: a for a in d.assessments if a.statement.predicate is Predicate.ATTRIBUTE}
    statuses: Counter[str] = Counter()
    n = hit = 0
    for book in books:
        n += 1
        a = by_book.get(book)
        if a is not None and a.statement.value is not None and a.likelihood is not None and a.alternatives:
            hit += 1
            statuses[a.status.value] += 1
    return hit / n if n else 0.0, statuses


# ------------------------------------------------------------------------------ calibration fit

Items = list[tuple[list[float], int]]


def logits(d: Dossier, truth: Mapping[str, frozenset[str]]) -> Items:
    """Per book: each alternative's log-odds against the value nobody reported (read back
    from its probability, with the identity calibration), and which one is right (-1: none)."""
    out: Items = []
    for a in d.assessments:
        book = a.statement.entity
        if book is None or book not in truth or not a.alternatives:
            continue
        ps = [x.probability for x in a.alternatives]
        none = max(1e-15, 1.0 - math.fsum(ps))
        xs = [math.log(max(p, 1e-300) / none) for p in ps]
        right = [i for i, x in enumerate(a.alternatives) if _lastnames(value_key(x.value)) == truth[book]]
        out.append((xs, right[0] if right else -1))
    return out


def band_fit(
    items: Items, f: Callable[[float], float], policy: Policy
) -> tuple[float, float, dict[Likelihood, list[int]]]:
    """How far the answers' bands are from their ICD 203 ranges (answers times distance),
    the negative log-likelihood of the true values, and the tally per band, when each
    log-odds ``x`` becomes ``f(x)``."""
    tally: dict[Likelihood, list[int]] = {band: [0, 0] for band in Likelihood}
    loss = 0.0
    for xs, right in items:
        zs = [f(x) for x in xs]
        top = max(max(zs), 0.0)
        z = math.fsum([*(math.exp(v - top) for v in zs), math.exp(-top)])
        loss -= (zs[right] if right >= 0 else 0.0) - top - math.log(z)
        count = tally[policy.likelihood(math.exp(zs[0] - top) / z)]
        count[0] += 1
        count[1] += right == 0
    off = 0.0
    for band, (n, hit) in tally.items():
        if n:
            lo, hi = band.range
            off += n * max(0.0, lo - hit / n, hit / n - hi)
    return off, loss, tally


def fit(d: Dossier, silver: Mapping[str, frozenset[str]], model: ReliabilityModel,
        policy: Policy = DEFAULT_POLICY) -> tuple[tuple[float, float], float]:  # fmt: skip
    """``Policy.value_calibration`` fitted on reconcile without learning, then
    ``LearningRules.weight_scale`` on reconcile with the learned model (see the module)."""
    identity = attrs.evolve(policy, value_calibration=(1.0, 0.0),
                            learning=attrs.evolve(policy.learning, weight_scale=1.0))  # fmt: skip
    plain = logits(reconcile(d, policy=identity), silver)
    grid = [(a / 20, b / 10) for a in range(1, 61) for b in range(-30, 31)]
    best = min(grid, key=lambda ab: band_fit(plain, lambda x: ab[0] * x + ab[1], identity)[:2])
    scale, offset = best
    prior = policy.prior_log_odds
    learned = logits(reconcile(d, policy=identity, reliability=model), silver)

    def shrunk(w: float) -> Callable[[float], float]:  # log-odds = prior + learned evidence; the evidence shrunk by w
        return lambda x: scale * (prior + w * (x - prior)) + offset

    weight = min((w / 100 for w in range(1, 201)), key=lambda w: band_fit(learned, shrunk(w), identity)[:2])
    return best, weight


def run_fit(folder: Path) -> None:
    rows, gold, silver = read_book(folder)
    d = book_dossier(rows)
    model = learn_reliability(d)
    (scale, offset), weight = fit(d, silver, model)
    print(f"fitted on the {len(silver):,} silver books: Policy.value_calibration = ({scale:g}, {offset:g}), "
          f"LearningRules.weight_scale = {weight:g}")  # fmt: skip
    policy = attrs.evolve(DEFAULT_POLICY, value_calibration=(scale, offset),
                          learning=attrs.evolve(DEFAULT_POLICY.learning, weight_scale=weight))  # fmt: skip
    plain = answers(reconcile(d, policy=policy))
    learned = answers(reconcile(d, policy=policy, reliability=model))
    calibration_tables(plain, learned, gold, silver)


def calibration_tables(plain: Mapping[str, Any], learned: Mapping[str, Any], gold: Mapping[str, frozenset[str]],
                       silver: Mapping[str, frozenset[str]]) -> None:  # fmt: skip
    print("\n| likelihood | range | silver, no learning | silver, learned | gold, no learning | gold, learned |")
    print("| --- | --- | --- | --- | --- | --- |")
    columns = [calibration(pred, truth) for truth in (silver, gold) for pred in (plain, learned)]
    for i, band in enumerate(Likelihood):
        lo, hi = band.range
        cells = []
        for col in columns:
            _, n, share, ok = col[i]
            cells.append("0" if share is None else f"{share:.3f} of {n}{'' if ok else ' (out)'}")
        print(f"| {band.label} | {lo:.2f}-{hi:.2f} | {' | '.join(cells)} |")


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, the CPU seconds and the peak traced memory (MB) of ``fn()``."""
    gc.collect()
    tracemalloc.start()
    t = time.process_time()
    result = fn()
    cpu = time.process_time() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, cpu, peak


# ------------------------------------------------------------------------------ synthetic


def synthetic(claims: int, *, sources: int = 200, seed: int = 7, copiers: int = 2) -> tuple[Dossier, dict[str, float]]:
    """About ``claims`` attribute claims over items of 2-20 candidate values, from
    sources of known accuracy (uniform 0.35-0.95); ``copiers`` sources copy another
    one's values 90 % of the time. Returns the dossier and the true accuracies."""
    rng = random.Random(seed)
    true = {f"src-{i:05d}": rng.uniform(0.35, 0.95) for i in range(sources)}
    ids = sorted(true)
    copied = {ids[-1 - i]: ids[i] for i in range(copiers)}
    per_item = 8
    out: list[Claim] = []
    item = 0
    while len(out) < claims:
        item += 1
        n_false = rng.randint(1, 19)
        chosen = rng.sample(ids, min(per_item, len(ids)))
        said: dict[str, int] = {}
        for s in chosen:
            said[s] = 0 if rng.random() < true[s] else rng.randint(1, n_false)
        for copier, original in copied.items():
            if copier in said and original in said and rng.random() < 0.9:
                said[copier] = said[original]
        for s, v in said.items():
            out.append(
                Claim(
                    id=f"c{item}-{s}", source_id=s, reported_at=T0,
                    statement=Statement(predicate=Predicate.ATTRIBUTE, entity=f"item-{item}", attribute="value",
                                        value=Value(category=f"v{v}")),
                )
            )  # fmt: skip
    d = Dossier(sources=tuple(Source(id=s, name=s) for s in ids), claims=tuple(out[:claims]))
    return d, true


def cpu(fn: Callable[[], Any]) -> tuple[Any, float]:
    """The result and the CPU seconds of ``fn()`` (no tracing: tracemalloc slows Python down)."""
    gc.collect()
    t = time.process_time()
    result = fn()
    return result, time.process_time() - t


def run_scale(n: int) -> None:
    time_scale(n)  # the dossier is freed before the memory is measured, in a fresh process
    out = subprocess.run([sys.executable, __file__, "--memory", str(n)], capture_output=True, text=True, check=True)
    print(out.stdout.strip())


def time_scale(n: int) -> None:
    d, true = synthetic(n)
    print(f"synthetic dossier: {len(d.claims):,} claims, {len(d.sources)} sources")
    model, learn_cpu = cpu(lambda: learn_reliability(d))
    err = max((abs(a.accuracy - true[a.source_id]) for a in model.accuracies if a.claims >= 100), default=0.0)
    print(f"learn_reliability: {learn_cpu:.1f} s CPU, {model.iterations} iterations, converged {model.converged}, "
          f"largest error on sources with 100+ claims {err:.3f}, "
          f"copy families {[f.source_ids for f in model.copies]}")  # fmt: skip
    if n <= 1_000_000:
        _, rec_cpu = cpu(lambda: reconcile(d))
        print(f"reconcile:         {rec_cpu:.1f} s CPU; learning / reconcile = {learn_cpu / rec_cpu:.2f}")
        _, both_cpu = cpu(lambda: reconcile(d, reliability=model))
        print(f"reconcile with the learned model: {both_cpu:.1f} s CPU")


def run_memory(n: int) -> None:
    """In a fresh process: the extra memory learning takes on the synthetic dossier of ``n`` claims."""
    d, _ = synthetic(n)
    gc.collect()
    before: int | None = _resident("VmRSS")
    try:  # reset the peak resident set (Linux), so building the dossier does not hide learning's peak
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        before = None
    learn_reliability(d)  # the first run, untraced: the growth of the peak resident set
    grown = None if before is None else (_resident("VmHWM") - before) / 2**10
    _, _, peak = timed(lambda: learn_reliability(d))
    print(f"learning's extra memory at {len(d.claims):,} claims: {peak:.0f} MB (tracemalloc peak), "
          f"peak resident set {'not measured' if grown is None else f'grown by {grown:.0f} MB'}")  # fmt: skip


def _resident(field: str) -> int:
    """A ``/proc/self/status`` memory figure in kB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise OSError(field)


# ------------------------------------------------------------------------------ main


def run_book(folder: Path, *, check: bool = False) -> None:
    (rows, gold, silver), read_cpu, _ = timed(lambda: read_book(folder))
    d = book_dossier(rows)
    print(f"book: {len(d.claims):,} claims from {len(d.sources)} stores about "
          f"{len({r[1] for r in rows}):,} books (read in {read_cpu:.1f} s)")  # fmt: skip
    mv = majority(d)
    plain_d, plain_cpu, plain_peak = timed(lambda: reconcile(d))
    model, learn_cpu, learn_peak = timed(lambda: learn_reliability(d))
    learned_d, rec_cpu, rec_peak = timed(lambda: reconcile(d, reliability=model))
    plain, learned = answers(plain_d), answers(learned_d)
    alone = model_answers(d, model)
    print()
    print("| method | gold (100) | silver (1,263) | CPU s | peak MB |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| majority vote | {accuracy(mv, gold):.3f} | {accuracy(mv, silver):.3f} | | |")
    print(
        f"| reconcile, no learning | {accuracy({k: v[0] for k, v in plain.items()}, gold):.3f} | "
        f"{accuracy({k: v[0] for k, v in plain.items()}, silver):.3f} | {plain_cpu:.1f} | {plain_peak:.0f} |"
    )
    print(
        f"| learn_reliability (most probable value) | {accuracy(alone, gold):.3f} | {accuracy(alone, silver):.3f} | "
        f"{learn_cpu:.1f} | {learn_peak:.0f} |"
    )
    print(f"| reconcile with learned reliability | {accuracy({k: v[0] for k, v in learned.items()}, gold):.3f} | "
          f"{accuracy({k: v[0] for k, v in learned.items()}, silver):.3f} | {rec_cpu:.1f} | {rec_peak:.0f} |")  # fmt: skip
    print(
        f"\nlearning: {model.iterations} iterations, converged {model.converged}, "
        f"{len(model.copies)} copy families: {[f.source_ids for f in model.copies][:5]}"
    )
    print("\nbooks with a named value (and a likelihood), by status:")
    for label, result in (("no learning", plain_d), ("learned", learned_d)):
        for name, truth in (("gold", gold), ("silver", silver)):
            share, statuses = named(result, truth)
            print(f"- {label}, {name}: {share:.3f}; " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print("\ncalibration: per likelihood band, the share of answers that were right (of how many)")
    calibration_tables(plain, learned, gold, silver)
    if check:
        assert accuracy(alone, gold) > accuracy(mv, gold), "learning does not beat majority vote on gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help="the book folder (book.txt, book_golden.txt, book_silver.txt)"
    )
    parser.add_argument("--scale", type=int, help="measure learning on a synthetic dossier of this many claims")
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)  # run_scale's fresh process
    parser.add_argument("--fit", action="store_true", help="fit the likelihood bands on the silver books")
    parser.add_argument("--smoke", action="store_true", help="a quick run for CI")
    args = parser.parse_args(argv)
    if args.scale:
        run_scale(args.scale)
        return 0
    if args.memory:
        run_memory(args.memory)
        return 0
    if args.fit:
        run_fit(args.data)
        return 0
    if args.smoke:
        run_scale(5_000)
    if (args.data / "book.txt").exists():
        run_book(args.data, check=args.smoke)
    elif not args.smoke:
        print(f"no book data in {args.data}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
