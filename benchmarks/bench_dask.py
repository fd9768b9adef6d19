"""Benchmark :mod:`conflictmodels.dask`: claims from JSON Lines files on disk, reconciled on a local Dask cluster.

The claims are those of ``bench_reconcile.build`` (places with control claims relayed
by many outlets, strength estimates, attacks), written in shards of 250,000 claims per
file, each shard with places of its own (past the first four, a shard is a copy of one
of them with its own ids); the sources and places are one dossier (``entities.json``).
Files are written once per size and schema version under ``--data`` and reused.

For each size and number of worker processes (one thread each, ``memory_limit`` 4 GiB)
it prints the places, the time and memory the client takes to resolve the entities
(work that grows with the entities, not the claims: measured apart, and handed to
``reconcile`` as ``resolution=``), the wall time of reading, shuffling, judging and
writing the result as partitioned JSON Lines (``Reconciled.to_lines``), the wall time
per claim times the workers (the cost per claim), the workers' CPU time per claim
(which, unlike the wall time, does not grow when other work shares the machine), the
peak resident memory of each worker, and the client's peak above what it held with the
entities loaded and resolved. Targets: per-claim cost at 10M within 1.3x of that at 1M
on the same workers; two workers at least 1.6x faster than one; no worker above 4 GB;
the client under 1 GB beyond the entities.

Run ``python benchmarks/bench_dask.py`` (1M on one and two workers, 10M on two),
``--runs 1000000:1,1000000:2`` to choose (claims:workers), ``--smoke`` for CI (a few
thousand claims on two workers, checked equal to local ``reconcile``, and their
reliability learned with ``conflictmodels.dask.learn_reliability``, checked equal to
local ``learn_reliability``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_reconcile import build

from conflictmodels import Dossier, Location, dumps, dumps_lines, loads
from conflictmodels.migration import SCHEMA_VERSION

SHARD = 250_000
BUILT = 4


def _rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    """This process's peak resident memory since the last ``_reset_peak``, in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # pragma: no cover - not Linux


def _reset_peak() -> None:
    """Start measuring the peak from now (Linux: writing 5 to clear_refs resets it)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def write(n: int, folder: Path) -> Path:
    """``n`` claims in files of ``SHARD`` claims under ``folder/<n>-v<schema version>``, and ``entities.json``
    (files of an older schema version would be migrated line by line: another benchmark).

    The first ``BUILT`` shards are built (seeded); the others copy one of them with ids of
    their own (its claims and places renamed), so that 10M claims are written in minutes.
    """
    out = folder / f"{n}-v{SCHEMA_VERSION}"
    if (out / "entities.json").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sources = None
    places: list[Location] = []
    built: list[tuple[str, list[str]]] = []
    for k, start in enumerate(range(0, n, SHARD)):
        size = min(SHARD, n - start)
        if k < BUILT or size != SHARD:
            d = build(size, seed=7 + k)
            sources = d.sources
            text = dumps_lines(d.claims).replace('"place-', f'"place-{k}-').replace('"id":"c', f'"id":"s{k}-c')
            ids = [loc.id[6:] for loc in d.locations]
            if size == SHARD:
                built.append((text, ids))
        else:
            j = k % BUILT
            text, ids = built[j]
            text = text.replace(f'"place-{j}-', f'"place-{k}-').replace(f'"id":"s{j}-c', f'"id":"s{k}-c')
        (out / f"claims-{k:04d}.jsonl").write_text(text)
        places.extend(Location(id=f"place-{k}-{i}", name=f"Place {k}-{i}") for i in ids)
    (out / "entities.json").write_text(
        dumps(Dossier(title=f"synthetic {n}", sources=sources or (), locations=tuple(places)))
    )
    return out


def _cpu_seconds() -> float:
    """CPU time of this process so far (a worker's, when run on it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(folder: Path, workers: int) -> dict[str, float]:
    """Reconcile the files of ``folder`` on a local cluster of ``workers`` processes."""
    import gc

    from dask.distributed import Client, LocalCluster

    import conflictmodels.dask as cmd
    from conflictmodels.resolution import resolve_entities

    entities = loads((folder / "entities.json").read_text(), Dossier)
    claims = sum(1 for f in folder.glob("claims-*.jsonl") for _ in f.open("rb"))
    gc.collect()
    loaded = _rss_mb()
    t = time.perf_counter()
    resolution = resolve_entities(entities)  # the entities' own work, on the client: measured apart
    resolve_s = time.perf_counter() - t
    gc.collect()
    base = _rss_mb()
    _reset_peak()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, memory_limit="4GiB", dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory(dir=folder) as out,
    ):
        t = time.perf_counter()
        result = cmd.reconcile(str(folder / "claims-*.jsonl"), entities, resolution=resolution)
        checked = time.perf_counter() - t
        result.to_lines(out)
        wall = time.perf_counter() - t
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        cpu = client.run(_cpu_seconds)
        written = sum(1 for f in Path(out).glob("assessments-*.jsonl") for _ in f.open("rb"))
    return {
        "claims": claims,
        "workers": workers,
        "assessments": written,
        "places": len(entities.locations),
        "resolve_s": resolve_s,
        "resolution_mb": base - loaded,
        "first_pass_s": checked,
        "wall_s": wall,
        "us_per_claim": wall * workers / claims * 1e6,
        "worker_cpu_us_per_claim": sum(cpu.values()) / claims * 1e6,
        "worker_peak_mb": max(peaks.values()),
        "client_above_entities_mb": _peak_mb() - base,
        "load": os.getloadavg()[0],
    }


def smoke() -> int:
    """A few thousand claims on two worker processes, equal to local reconcile and local learning."""
    from dask.distributed import Client, LocalCluster

    import conflictmodels.dask as cmd
    from conflictmodels.reconciliation import reconcile
    from conflictmodels.reliability import learn_reliability

    d = build(4000)
    with tempfile.TemporaryDirectory() as tmp:
        n = len(d.claims)
        for i in range(4):
            Path(tmp, f"c{i}.jsonl").write_text(dumps_lines(d.claims[i * n // 4 : (i + 1) * n // 4]))
        entities = Dossier(title=d.title, sources=d.sources, locations=d.locations)
        t = time.perf_counter()
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
            Client(cluster),
        ):
            got = cmd.reconcile(str(Path(tmp, "*.jsonl")), entities).gather()
            wall = time.perf_counter() - t
            t = time.perf_counter()
            model = cmd.learn_reliability(str(Path(tmp, "*.jsonl")), entities)
            learn_wall = time.perf_counter() - t
    same = dumps(got) == dumps(reconcile(d))
    t = time.perf_counter()
    learned_same = dumps(model) == dumps(learn_reliability(d))
    local_learn = time.perf_counter() - t
    print(
        f"smoke: {n:,} claims, {len(got.assessments):,} assessments, {wall:.1f} s on 2 workers, same as local: {same}"
    )
    print(
        f"smoke: learned {len(model.accuracies)} accuracies in {model.iterations} rounds, {learn_wall:.1f} s on 2 "
        f"workers ({local_learn:.1f} s locally), same as local: {learned_same}"
    )
    return 0 if same and learned_same else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="a few thousand claims, checked against local (for CI)")
    parser.add_argument("--runs", default="1000000:1,1000000:2,10000000:2", help="claims:workers, comma-separated")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "bench-dask"), help="where files go")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        import dask  # noqa: F401
    except ImportError:
        print("bench_dask: skipped, Dask is not installed (pip install 'conflictmodels[dask]')")
        return 0
    if args.smoke:
        return smoke()
    if args.one:
        folder, workers = args.one.rsplit(":", 1)
        print(json.dumps(run_one(Path(folder), int(workers))))
        return 0
    print(
        f"{'claims':>11} {'workers':>7} {'places':>8} {'resolve s':>9} {'resolve MB':>10} {'assess.':>10} "
        f"{'1st pass s':>10} {'wall s':>8} {'us/claim':>9} {'cpu us':>7} {'worker MB':>9} {'client MB':>9} {'load':>5}",
        flush=True,
    )
    rows = []
    for run in args.runs.split(","):
        n, workers = (int(x) for x in run.split(":"))
        folder = write(n, Path(args.data))
        proc = subprocess.run(
            [sys.executable, __file__, "--one", f"{folder}:{workers}"], capture_output=True, text=True, check=True
        )
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['claims']:>11,} {row['workers']:>7} {row['places']:>8,} {row['resolve_s']:>9.1f} "
            f"{row['resolution_mb']:>10.0f} {row['assessments']:>10,} {row['first_pass_s']:>10.1f} "
            f"{row['wall_s']:>8.1f} {row['us_per_claim']:>9.1f} {row['worker_cpu_us_per_claim']:>7.1f} "
            f"{row['worker_peak_mb']:>9.0f} "
            f"{row['client_above_entities_mb']:>9.0f} {row['load']:>5.1f}",
            flush=True,
        )
    by = {(r["claims"], r["workers"]): r for r in rows}
    for (n, w), r in by.items():
        one = by.get((n, 1))
        if w == 2 and one is not None:
            print(f"SPEEDUP 2 workers / 1 at {n:,} claims: {one['wall_s'] / r['wall_s']:.2f}x (target >= 1.6x)")
    sizes = sorted({n for n, w in by if w == 2})
    if len(sizes) > 1:
        big, small = by[(sizes[-1], 2)], by[(sizes[0], 2)]
        growth = big["us_per_claim"] / small["us_per_claim"]
        cpu_growth = big["worker_cpu_us_per_claim"] / small["worker_cpu_us_per_claim"]
        print(
            f"GROWTH per-claim cost {sizes[-1]:,} / {sizes[0]:,} on 2 workers: {growth:.2f}x wall, "
            f"{cpu_growth:.2f}x workers' CPU (target <= 1.3x; the CPU figure does not move with the machine's load)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
