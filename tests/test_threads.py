"""Loading (and reconciling) from several threads at once gives the sequential results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import conflictmodels
from conflictmodels import Claim, Dossier, ValidationError, dumps, dumps_lines, loads, loads_lines
from conflictmodels import serialization as ser
from conflictmodels.examples import kursk_dossier

THREADS = 8


def _clear_caches() -> None:
    for name in ("_structurer", "_unstructurer"):
        cache_clear = getattr(getattr(ser, name, None), "cache_clear", None)
        if cache_clear is not None:
            cache_clear()


def _jobs() -> list[tuple[str, object]]:
    d = kursk_dossier()
    good = dumps(d)
    bad = good.replace('"RU"', '"Russia"', 1)
    lines = dumps_lines(d.claims)
    return [("loads", good), ("bad", bad), ("lines", lines), ("keep", good)] * 6


def _run(job: tuple[str, object]) -> object:
    kind, text = job
    if kind == "loads":
        return loads(text)  # type: ignore[arg-type]
    if kind == "keep":
        return loads(text, Dossier, keep_unknown=True)  # type: ignore[arg-type]
    if kind == "lines":
        return loads_lines(text, Claim)  # type: ignore[arg-type]
    try:
        loads(text)  # type: ignore[arg-type]
    except ValidationError as err:
        return str(err)
    raise AssertionError("bad input loaded")


def test_concurrent_loads_match_sequential_including_first_use() -> None:
    jobs = _jobs()
    _clear_caches()
    with ThreadPoolExecutor(THREADS) as pool:
        concurrent = list(pool.map(_run, jobs))
    _clear_caches()
    sequential = [_run(j) for j in jobs]
    assert concurrent == sequential


def test_concurrent_reconcile_matches_sequential() -> None:
    reconcile = conflictmodels.reconcile
    d = kursk_dossier()
    at = d.claims[0].reported_at
    sequential = reconcile(d, assessed_at=at)
    _clear_caches()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: reconcile(loads(dumps(d)), assessed_at=at), range(THREADS * 2)))
    assert all(r == sequential for r in results)
