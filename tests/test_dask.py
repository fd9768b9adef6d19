"""conflictmodels.dask: claims from files, validated, resolved and reconciled on Dask, equal to local reconcile.

Runs on the synchronous scheduler and on a local cluster of two worker processes (one
per module: starting it takes seconds). Skipped without the ``dask`` extra.
"""

from __future__ import annotations

import difflib
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import conflictmodels.dask as cmd  # noqa: E402
from conflictmodels import (  # noqa: E402
    Assessment,
    Claim,
    Dossier,
    Location,
    Predicate,
    Reliability,
    Source,
    Statement,
    ValidationError,
    Value,
    Withdrawal,
    dumps,
    dumps_lines,
    loads,
    loads_lines,
    to_dict,
)
from conflictmodels.examples import kursk_dossier  # noqa: E402
from conflictmodels.limits import Limits  # noqa: E402
from conflictmodels.policy import DEFAULT_POLICY  # noqa: E402
from conflictmodels.reconciliation import reconcile  # noqa: E402
from conflictmodels.reliability import ReliabilityModel, learn_reliability  # noqa: E402
from conflictmodels.serialization import loads_lines_partial  # noqa: E402
from conflictmodels.strategies import dossiers  # noqa: E402
from conflictmodels.vocabularies import WithdrawalAction  # noqa: E402
from test_space import PLACES, SOURCES, day, liberated, ua_holds  # noqa: E402


@pytest.fixture
def synchronous() -> Iterator[None]:
    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes, one thread each: what a laptop runs."""
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c,
        distributed.Client(c) as client,
    ):
        yield client


def entities(d: Dossier) -> Dossier:
    """The dossier without its claims and assessments: what the client holds."""
    return attrs.evolve(d, claims=(), assessments=())


def write_files(folder: Path, claims: Sequence[Claim], rng: random.Random, copies: int = 0) -> list[str]:
    """``claims`` in 1-4 files, cut at random places, with ``copies`` claims repeated in another file."""
    n_files = rng.randint(1, 4)
    cuts = sorted(rng.randint(0, len(claims)) for _ in range(n_files - 1))
    parts = [list(claims[a:b]) for a, b in zip([0, *cuts], [*cuts, len(claims)], strict=True)]
    for _ in range(copies if claims else 0):
        rng.choice(parts).append(rng.choice(list(claims)))
    paths = []
    for i, part in enumerate(parts):
        path = folder / f"feed-{i}.jsonl"
        path.write_text(dumps_lines(part))
        paths.append(str(path))
    return paths


def same_as_local(d: Dossier, folder: Path, rng: random.Random, **kw: Any) -> Dossier:
    """Reconcile ``d``'s claims from files with random blocks; assert the bytes of local reconcile."""
    paths = write_files(folder, d.claims, rng, copies=rng.randint(0, 2))
    files = cmd.read_claims(paths, blocksize=rng.choice([None, 150, 600, 5000]))
    got = cmd.reconcile(files, entities(d), **kw).gather()
    want = reconcile(d, **kw)
    assert dumps(got) == dumps(want), first_difference(want, got)
    return got


def first_difference(want: Dossier, got: Dossier) -> str:
    """Where the Dask result first differs from local reconcile, as a few lines of a diff."""
    a, b = (json.dumps(to_dict(x), indent=1, ensure_ascii=False).splitlines() for x in (want, got))
    return "\n".join(list(difflib.unified_diff(a, b, "local", "dask", n=3, lineterm=""))[:40])


# --------------------------------------------------------------------------- identical results


def few(n: int) -> settings:
    """A few examples: each one starts Dask tasks."""
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))


@few(12)
@given(dossiers(max_claims=10), st.randoms(use_true_random=False))
def test_random_dossiers_on_the_synchronous_scheduler_equal_local(d: Dossier, rng: random.Random) -> None:
    d = attrs.evolve(d, assessments=())
    with tempfile.TemporaryDirectory() as tmp, dask.config.set(scheduler="synchronous"):
        same_as_local(d, Path(tmp), rng)


def test_random_dossiers_on_two_worker_processes_equal_local(cluster: Any, tmp_path: Path) -> None:
    @few(4)
    @given(dossiers(max_claims=10), st.randoms(use_true_random=False))
    def check(d: Dossier, rng: random.Random) -> None:
        with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
            same_as_local(attrs.evolve(d, assessments=()), Path(folder), rng)

    check()


def test_the_example_dossier_on_two_worker_processes(cluster: Any, tmp_path: Path) -> None:
    same_as_local(kursk_dossier().with_assessments(()), tmp_path, random.Random(3))


def test_a_region_is_judged_with_the_places_inside_it_across_files_and_blocks(
    tmp_path: Path, synchronous: None
) -> None:
    claims = [*ua_holds("sudzha", day(8, 15, 2024), day(3, 10)), *ua_holds("guevo", day(9, 1, 2024), day(3, 9)),
              liberated(day(3, 10))]  # fmt: skip
    d = Dossier(sources=SOURCES, locations=PLACES, claims=tuple(claims))
    for seed in range(5):  # the region's claim and the places' in different files and blocks
        folder = tmp_path / str(seed)
        folder.mkdir()
        got = same_as_local(d, folder, random.Random(seed))
        (region,) = [a for a in got.assessments if a.statement.location_ids == ("kursk-oblast",)]
        assert any(r.startswith("[inside-region] ") for r in region.rationale)
        assert "isw-sudzha" in region.contradicting


def test_duplicated_entities_are_resolved_once_and_claims_re_pointed(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    twin = Source(id="zz-ru-mod-twin", name=d.source("ru-mod").name, kind=d.source("ru-mod").kind,
                  party=d.source("ru-mod").party)  # fmt: skip
    moved = tuple(
        attrs.evolve(c, source_id=twin.id, attribution=tuple(attrs.evolve(h, source_id=twin.id) for h in c.attribution))
        if c.source_id == "ru-mod" and i % 2
        else c
        for i, c in enumerate(d.claims)
    )
    d = attrs.evolve(d, sources=(*d.sources, twin), claims=moved)
    result = cmd.reconcile(write_files(tmp_path, d.claims, random.Random(1)), entities(d))
    assert result.resolution.resolve("sources", twin.id) == "ru-mod"
    assert dumps(result.gather()) == dumps(reconcile(d))


def test_learned_reliability_is_applied_on_the_workers(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    model = learn_reliability(d)
    same_as_local(d, tmp_path, random.Random(5), reliability=model)


# --------------------------------------------------------------------------- reading


def test_errors_name_the_file_the_line_and_the_path_as_loads_lines_partial(tmp_path: Path, synchronous: None) -> None:
    good = dumps_lines(kursk_dossier().claims[:6]).splitlines()
    bad = [*good[:4], '{"schema_version": 2, "id": 5}', *good[4:], "not json", ""]
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    first.write_text("\n".join(good) + "\n")
    second.write_text("\n".join(bad) + "\n")
    report = cmd.read_claims([str(first), str(second)], blocksize=700).check()  # several blocks per file
    local = loads_lines_partial(second.read_bytes())
    assert report.claims == 12
    assert [(e.line, e.path, e.reason) for e in report.errors] == [(e.line, e.path, e.reason) for e in local.errors]
    assert {e.file for e in report.errors} == {str(second)}
    assert report.bad_lines == ((str(second), 5), (str(second), 8))
    assert str(report.errors[-1]).startswith(f"{second}, line 8: $: ")


def test_max_problems_counts_for_all_files_together(tmp_path: Path, synchronous: None) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jsonl").write_text("not json\n" * 3)
    report = cmd.read_claims(str(tmp_path / "*.jsonl"), limits=Limits(max_problems=4)).check()
    assert len(report.errors) == 4
    assert report.truncated
    assert report.unlisted_lines == 5
    assert not report.ok


def test_all_or_nothing_refuses_every_file_and_partial_reconciles_the_good_lines(
    tmp_path: Path, synchronous: None
) -> None:
    d = kursk_dossier().with_assessments(())
    lines = dumps_lines(d.claims).splitlines()
    (tmp_path / "feed.jsonl").write_text("\n".join([*lines[:3], "{}", *lines[3:]]) + "\n")
    with pytest.raises(ValidationError, match="nothing was reconciled") as err:
        cmd.reconcile(str(tmp_path / "feed.jsonl"), entities(d))
    assert err.value.errors[0].line == 4
    result = cmd.reconcile(str(tmp_path / "feed.jsonl"), entities(d), all_or_nothing=False)
    assert result.report.bad_lines == ((str(tmp_path / "feed.jsonl"), 4),)
    assert dumps(result.gather()) == dumps(reconcile(d))
    with pytest.raises(ValidationError, match="nothing was loaded"):
        cmd.read_claims(str(tmp_path / "feed.jsonl")).load()


def test_a_claim_citing_an_unknown_source_is_an_error_of_its_line(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    stray = attrs.evolve(d.claims[0], id="stray", source_id="nobody", attribution=())
    (tmp_path / "feed.jsonl").write_text(dumps_lines([*d.claims[:2], stray]))
    with pytest.raises(ValidationError) as err:
        cmd.reconcile(str(tmp_path / "feed.jsonl"), entities(d))
    (problem,) = err.value.errors
    assert (problem.line, problem.path, problem.value) == (3, "$.source_id", "nobody")
    assert "refers to unknown source" in str(problem)


def test_entities_must_hold_no_claims(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text("")
    with pytest.raises(ValueError, match="must hold no claims"):
        cmd.reconcile(str(tmp_path / "feed.jsonl"), kursk_dossier())


def test_a_repeated_id_with_other_content_in_one_partition_is_refused(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    other = attrs.evolve(d.claims[0], reported_at=day(1, 2, 2030))
    (tmp_path / "feed.jsonl").write_text(dumps_lines([*d.claims, other]))
    with pytest.raises(ValueError, match="different content"):
        cmd.reconcile(str(tmp_path / "feed.jsonl"), entities(d)).gather()


# --------------------------------------------------------------------------- output


def test_partitioned_output_reads_back_with_the_ordinary_loaders(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    paths = write_files(tmp_path, d.claims, random.Random(2))
    written = cmd.reconcile(paths, entities(d)).to_lines(str(tmp_path / "out"))
    head = loads(Path(tmp_path / "out" / "dossier.json").read_text(), Dossier)
    claims = [c for p in written if "/claims-" in p for c in loads_lines(Path(p).read_bytes())]
    made = [a for p in written if "/assessments-" in p for a in loads_lines(Path(p).read_bytes(), Assessment)]
    whole = attrs.evolve(head, claims=tuple(claims)).with_assessments(sorted(made, key=lambda a: a.id)).in_id_order()
    assert dumps(whole) == dumps(reconcile(d))


def test_importing_conflictmodels_does_not_import_dask() -> None:
    code = "import sys, conflictmodels, conflictmodels.dask; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_writing_judges_each_partition_once(tmp_path: Path, synchronous: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    judge = cmd._judge

    def counted(groups: Any, plan: Any) -> Any:
        calls.append(1)
        return judge(groups, plan)

    monkeypatch.setattr(cmd, "_judge", counted)
    d = kursk_dossier().with_assessments(())
    result = cmd.reconcile(write_files(tmp_path, d.claims, random.Random(4)), entities(d))
    result.to_lines(str(tmp_path / "out"))
    assert len(calls) == result.assessments.npartitions


# --------------------------------------------------------------------------- learning reliability


@st.composite
def worlds(draw: st.DrawFn, max_items: int = 40) -> Dossier:
    """Sources of random accuracy giving values for items, some copying another (copy
    families), graded or not, one under a parent, values that are sets or not, two
    attributes (topics), forty days (windows), a withdrawn claim, in random order."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    ids = [f"s{i}" for i in range(draw(st.integers(2, 6)))]
    accuracy = {s: rng.choice([0.3, 0.5, 0.7, 0.9, 0.97]) for s in ids}
    sloppiest = min(ids, key=accuracy.__getitem__)  # a copier of a sloppy source is easier to find out
    copiers = {f"c{i}": rng.choice([sloppiest, *ids]) for i in range(draw(st.integers(0, 2)))}
    sets = draw(st.booleans())
    start = datetime(2024, 1, 1, tzinfo=UTC)
    claims = []
    for i in range(draw(st.integers(1, max_items))):
        attribute = rng.choice(["front", "casualties"])
        said: dict[str, Any] = {}
        for s in ids:
            if rng.random() < 0.85:
                right = rng.random() < accuracy[s]
                said[s] = (("A", "B") if right else rng.choice([("A",), ("C",), ("A", "C")])) if sets else (
                    "t" if right else f"f{rng.randint(1, 3)}")  # fmt: skip
        said.update({c: said[o] for c, o in copiers.items() if o in said})
        for s, v in said.items():
            statement = Statement(predicate=Predicate.ATTRIBUTE, entity=f"item-{i}", attribute=attribute,
                                  value=Value(names=v) if sets else Value(category=v))  # fmt: skip
            claims.append(Claim(id=f"{s}-{i}", source_id=s, reported_at=start + timedelta(days=rng.randint(0, 40)),
                                statement=statement))  # fmt: skip
    if claims and draw(st.booleans()):
        k = rng.randrange(len(claims))
        gone = Withdrawal(
            source_id=claims[k].source_id, at=claims[k].reported_at, action=rng.choice(list(WithdrawalAction))
        )
        claims[k] = attrs.evolve(claims[k], withdrawals=(gone,))
    grades = [None, None, Reliability.A, Reliability.C, Reliability.E, Reliability.F]
    sources = [Source(id=s, name=s.upper(), reliability=rng.choice(grades)) for s in [*ids, *copiers]]
    if draw(st.booleans()):  # a desk of s0's, learned as s0
        sources.append(Source(id="desk", name="Desk", parent_id=ids[0]))
        claims = [attrs.evolve(c, source_id="desk") if c.source_id == ids[0] and not c.withdrawals and rng.random() < 0.5
                  else c for c in claims]  # fmt: skip
    rng.shuffle(claims)
    return Dossier(sources=tuple(sources), claims=tuple(claims))


def learns_as_local(d: Dossier, folder: Path, rng: random.Random, **kw: Any) -> ReliabilityModel:
    """Learn from ``d``'s claims in files with random blocks; assert the model local learning gives, to the byte."""
    files = cmd.read_claims(write_files(folder, d.claims, rng), blocksize=rng.choice([None, 150, 600, 5000]))
    got = cmd.learn_reliability(files, entities(d), **kw)
    want = learn_reliability(d, **kw)
    assert dumps(got) == dumps(want)
    assert loads(dumps(got), ReliabilityModel) == want
    return got


SPLIT = st.sampled_from([{}, {"by": "predicate"}, {"by": "topic"}, {"by": "window", "window_days": 9}])


@few(25)
@given(worlds(), SPLIT, st.booleans(), st.randoms(use_true_random=False))
def test_learning_on_the_synchronous_scheduler_equals_local(
    d: Dossier, split: dict[str, Any], copies: bool, rng: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as tmp, dask.config.set(scheduler="synchronous"):
        learns_as_local(d, Path(tmp), rng, copies=copies, **split)


@few(10)
@given(dossiers(max_claims=10), SPLIT, st.randoms(use_true_random=False))
def test_learning_from_random_dossiers_equals_local(d: Dossier, split: dict[str, Any], rng: random.Random) -> None:
    d = attrs.evolve(d, assessments=())
    with tempfile.TemporaryDirectory() as tmp, dask.config.set(scheduler="synchronous"):
        learns_as_local(d, Path(tmp), rng, **split)


def copier_world() -> Dossier:
    """Four stores and one that copies the sloppiest: a copy family to find."""
    rng = random.Random(7)
    claims = []
    for i in range(120):
        said = {s: "t" if rng.random() < a else f"f{rng.randint(1, 4)}" for s, a in
                (("a", 0.9), ("b", 0.9), ("c", 0.85), ("d", 0.6))}  # fmt: skip
        said["copier"] = said["d"]
        claims += [Claim(id=f"{s}-{i}", source_id=s, reported_at=datetime(2024, 1, 1, tzinfo=UTC),
                         statement=Statement(predicate=Predicate.ATTRIBUTE, entity=f"item-{i}", attribute="value",
                                             value=Value(category=v))) for s, v in said.items()]  # fmt: skip
    sources = tuple(Source(id=s, name=s.title()) for s in ("a", "b", "c", "copier", "d"))
    return Dossier(sources=sources, claims=tuple(claims))


def test_a_copy_family_is_found_across_partitions_and_folded(tmp_path: Path, synchronous: None) -> None:
    model = learns_as_local(copier_world(), tmp_path, random.Random(1))
    (family,) = model.copies
    assert family.source_ids == ("copier", "d")
    assert family.claim_ids
    (tmp_path / "again").mkdir()
    again = learns_as_local(copier_world(), tmp_path / "again", random.Random(2), ignore_copies=[("d", "copier")])
    assert again.copies == ()


def test_exact_ties_are_broken_by_the_order_of_the_files_as_in_one_dossier(tmp_path: Path, synchronous: None) -> None:
    # Every item split two against two: which side counts as the false one (and so which
    # pair seems to copy) is the value given first, locally and on Dask alike.
    said = (("a", "x"), ("b", "x"), ("c", "y"), ("d", "y"))
    claims = [Claim(id=f"{s}-{i}", source_id=s, reported_at=datetime(2024, 1, 1, tzinfo=UTC),
                    statement=Statement(predicate=Predicate.ATTRIBUTE, entity=f"item-{i}", attribute="value",
                                        value=Value(category=v))) for i in range(10) for s, v in said]  # fmt: skip
    d = Dossier(sources=tuple(Source(id=s, name=s.upper()) for s in "abcd"), claims=tuple(claims))
    for seed in range(3):
        (tmp_path / str(seed)).mkdir()
        (tmp_path / f"{seed}-reversed").mkdir()
        forward = learns_as_local(d, tmp_path / str(seed), random.Random(seed))
        backward = learns_as_local(attrs.evolve(d, claims=d.claims[::-1]), tmp_path / f"{seed}-reversed",
                                   random.Random(seed))  # fmt: skip
        assert [f.source_ids for f in forward.copies] == [("c", "d")]
        assert [f.source_ids for f in backward.copies] == [("a", "b")]


def test_each_round_is_one_map_over_the_partitions(
    tmp_path: Path, synchronous: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    sums = cmd._map_sums

    def counted(parts: Any, lw: Any, learning: Any) -> Any:
        calls.append(len(parts))
        return sums(parts, lw, learning)

    monkeypatch.setattr(cmd, "_map_sums", counted)
    d = copier_world()
    paths = write_files(tmp_path, d.claims, random.Random(3))
    model = cmd.learn_reliability(cmd.read_claims(paths, blocksize=4000), entities(d), copies=False)
    partitions = len(cmd.read_claims(paths, blocksize=4000).blocks)
    assert partitions > 1
    assert len(calls) == model.iterations * partitions
    assert set(calls) == {1}  # one partition a call: the votes are never gathered


def test_the_learned_model_on_two_worker_processes_equals_local_and_reconciles_as_local(
    cluster: Any, tmp_path: Path
) -> None:
    d = copier_world()
    model = learns_as_local(d, tmp_path, random.Random(4))
    assert model.copies
    result = cmd.reconcile(str(tmp_path / "*.jsonl"), entities(d), reliability=model).gather()
    assert dumps(result) == dumps(reconcile(d, reliability=model))


def test_a_split_model_learned_on_dask_reconciles_the_example_as_locally(tmp_path: Path, synchronous: None) -> None:
    d = kursk_dossier().with_assessments(())
    for i, split in enumerate(({"by": "predicate"}, {"by": "window", "window_days": 3})):
        folder = tmp_path / str(i)
        folder.mkdir()
        model = learns_as_local(d, folder, random.Random(i), **split)
        assert model.accuracies
        same_as_local(d, folder, random.Random(i), reliability=model)


def test_learning_from_no_claims_learns_an_empty_model(tmp_path: Path, synchronous: None) -> None:
    (tmp_path / "feed.jsonl").write_text("")
    d = copier_world()
    for files in (cmd.read_claims(str(tmp_path / "feed.jsonl")), cmd.ClaimFiles(files=())):  # an empty file, no file
        assert dumps(cmd.learn_reliability(files, entities(d))) == dumps(learn_reliability(entities(d)))


def test_learning_refuses_bad_lines_and_bad_options_by_name(tmp_path: Path, synchronous: None) -> None:
    d = copier_world()
    lines = dumps_lines(d.claims[:20]).splitlines()
    (tmp_path / "feed.jsonl").write_text("\n".join([*lines[:3], "{}", *lines[3:]]) + "\n")
    with pytest.raises(ValidationError, match="nothing was learned") as err:
        cmd.learn_reliability(str(tmp_path / "feed.jsonl"), entities(d))
    assert err.value.errors[0].line == 4
    partial = cmd.learn_reliability(str(tmp_path / "feed.jsonl"), entities(d), all_or_nothing=False)
    assert dumps(partial) == dumps(learn_reliability(attrs.evolve(d, claims=d.claims[:20])))
    with pytest.raises(ValueError, match="by"):
        cmd.learn_reliability(str(tmp_path / "feed.jsonl"), entities(d), by="week")
    with pytest.raises(ValueError, match="must hold no claims"):
        cmd.learn_reliability(str(tmp_path / "feed.jsonl"), d)
    with pytest.raises(TypeError, match="policy"):
        cmd.learn_reliability(str(tmp_path / "feed.jsonl"), entities(d), policy=DEFAULT_POLICY.learning)  # type: ignore[arg-type]


def test_a_block_goes_out_as_one_run_of_lines_per_partition() -> None:
    """What moves between workers (and is spilled) is bytes, not an object per claim;
    every valid line goes to exactly one partition, with every claim judged with it."""
    d = kursk_dossier()
    data = (dumps_lines(d.claims) + "not json\n").encode()
    plan = cmd._Plan(keep_unknown=False, limits=Limits(), clusters={})
    runs = cmd._route(data, plan, 3)
    assert len(runs) == 3
    assert all(type(run) is bytes for run in runs)
    assert sorted(line for run in runs if run for line in run.split(b"\n")) == sorted(data.splitlines()[:-1])
    units = [{cmd._unit(c, {}) for c in loads_lines(run, Claim)} if run else set() for run in runs]
    assert all(not (a & b) for i, a in enumerate(units) for b in units[i + 1 :])


def test_learning_shuffles_many_partitions_in_one_stage(synchronous: None) -> None:
    """Past Dask's default of 32 partitions a second stage would move every claim again,
    and the cost per claim would grow with the number of files."""
    import dask.bag

    items = [(h, f"claim-{i}") for i, h in enumerate([7, 3, 7, 11] * 30)]
    routed = dask.bag.from_sequence(items, npartitions=40)
    assert routed.npartitions == 40
    shuffled = cmd._shuffle(routed)
    stages = {key[1] for key in dict(shuffled.__dask_graph__()) if isinstance(key, tuple) and "shuffle-group" in key[0]}
    assert stages == {1}
    groups = {h: sorted(x for _, x in members) for h, members in shuffled.compute()}
    assert groups == {h: sorted(x for k, x in items if k == h) for h in (3, 7, 11)}


def test_a_resolution_made_beforehand_is_reused_and_must_fit_the_entities(tmp_path: Path, synchronous: None) -> None:
    from conflictmodels.resolution import resolve_entities

    d = kursk_dossier().with_assessments(())
    files = write_files(tmp_path, d.claims, random.Random(5))
    resolution = resolve_entities(entities(d))
    assert (
        cmd.reconcile(files, entities(d), resolution=resolution).gather() == cmd.reconcile(files, entities(d)).gather()
    )
    more = attrs.evolve(entities(d), locations=(*d.locations, Location(id="elsewhere", name="Elsewhere")))
    with pytest.raises(ValueError, match=r"resolution.*not made from these entities \(locations\).*elsewhere"):
        cmd.reconcile(files, more, resolution=resolution)
    with pytest.raises(TypeError, match="resolution"):
        cmd.reconcile(files, entities(d), resolution=entities(d))  # type: ignore[arg-type]
