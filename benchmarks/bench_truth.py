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

then the calibration table (per likelihood band, how many answers and the share right,
against the band's ICD 203 range), the time and the peak memory of each step.

``--scale N`` instead measures learning on a synthetic dossier of N claims (sources of
known accuracy, copiers included): its time against ``reconcile``'s on the same
dossier, and the extra memory it takes (tracemalloc peak). ``--smoke`` runs a small
synthetic case for CI (and the book data when present), and fails when learning does
not beat majority vote there.

Run ``python benchmarks/bench_truth.py``, ``--scale 1000000``, or ``--smoke``.
"""

from __future__ import annotations

import argparse
import gc
import html
import random
import re
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conflictmodels import Claim, Dossier, Likelihood, Predicate, Source, Statement, Value
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


def run_scale(n: int) -> None:
    d, true = synthetic(n)
    print(f"synthetic dossier: {len(d.claims):,} claims, {len(d.sources)} sources")
    model, learn_cpu, learn_peak = timed(lambda: learn_reliability(d))
    err = max(abs(a.accuracy - true[a.source_id]) for a in model.accuracies if a.claims >= 100)
    print(f"learn_reliability: {learn_cpu:.1f} s CPU, {learn_peak:.0f} MB extra (peak), {model.iterations} iterations, "
          f"converged {model.converged}, largest error on sources with 100+ claims {err:.3f}, "
          f"copy families {[f.source_ids for f in model.copies]}")  # fmt: skip
    if n <= 1_000_000:
        _, rec_cpu, rec_peak = timed(lambda: reconcile(d))
        print(f"reconcile:         {rec_cpu:.1f} s CPU, {rec_peak:.0f} MB extra (peak); learning / reconcile = "
              f"{learn_cpu / rec_cpu:.2f}")  # fmt: skip


# ------------------------------------------------------------------------------ main


def run_book(folder: Path, *, check: bool = False) -> None:
    (rows, gold, silver), read_cpu, _ = timed(lambda: read_book(folder))
    d = book_dossier(rows)
    print(f"book: {len(d.claims):,} claims from {len(d.sources)} stores about "
          f"{len({r[1] for r in rows}):,} books (read in {read_cpu:.1f} s)")  # fmt: skip
    mv = majority(d)
    plain, plain_cpu, plain_peak = timed(lambda: answers(reconcile(d)))
    model, learn_cpu, learn_peak = timed(lambda: learn_reliability(d))
    learned, rec_cpu, rec_peak = timed(lambda: answers(reconcile(d, reliability=model)))
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
    for name, truth in (("silver", silver), ("gold", gold)):
        for label, pred in (("no learning", plain), ("learned", learned)):
            print(f"\ncalibration on {name}, {label}:\n")
            print("| likelihood | range | answers | right | in range |")
            print("| --- | --- | --- | --- | --- |")
            for band, n, share, ok in calibration(pred, truth):
                lo, hi = band.range
                print(f"| {band.label} | {lo:.2f}-{hi:.2f} | {n} | {'' if share is None else f'{share:.3f}'} | "
                      f"{'' if ok is None else ('yes' if ok else 'NO')} |")  # fmt: skip
    if check:
        assert accuracy(alone, gold) > accuracy(mv, gold), "learning does not beat majority vote on gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help="the book folder (book.txt, book_golden.txt, book_silver.txt)"
    )
    parser.add_argument("--scale", type=int, help="measure learning on a synthetic dossier of this many claims")
    parser.add_argument("--smoke", action="store_true", help="a quick run for CI")
    args = parser.parse_args(argv)
    if args.scale:
        run_scale(args.scale)
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
