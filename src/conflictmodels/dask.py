"""Validate, resolve and reconcile claims beyond one machine, on Dask (the ``dask`` extra).

Claims come from JSON Lines files (local paths or any URL that fsspec opens), split
into blocks that Dask workers read; the sources, places and units (few next to the
claims) are one :class:`~conflictmodels.Dossier` on the client. :func:`reconcile` then:

1. reads every block once (workers): every line is validated as
   :func:`~conflictmodels.serialization.loads_lines_partial` does, with the same limits
   and errors, each error naming its file, line and JSON path; a claim citing a source,
   place or unit that the entities do not hold is an error of its line. Each block
   reports its errors, its latest ``reported_at`` and its places with control claims;
2. resolves the entities on the client (:func:`~conflictmodels.resolve_entities`,
   the same decisions as for one dossier) and ships the mapping to the workers;
3. reads the blocks again, re-points each claim and sends it, as its JSON line, to the
   partition of what must be judged with it: its proposition, or for control of a
   place, the place with the places inside it that have control claims of their own
   (a shuffle in one stage of Dask tasks: each block's lines go out as one run of bytes
   per partition, so a claim moves once and costs a copy, not an object, when it moves
   or is spilled); each partition is weighed and judged by the functions local
   :func:`~conflictmodels.reconciliation.reconcile` runs, so there is one engine.

The result is lazy (:class:`Reconciled`): write it as partitioned JSON Lines
(:meth:`Reconciled.to_lines`, readable with the ordinary loaders) or gather it into one
dossier (:meth:`Reconciled.gather`), equal to ``reconcile`` of the whole dossier.

:func:`learn_reliability` learns the sources' accuracies from the same files through a
shuffle grouped by question (Dask's task shuffle) as map-reduce rounds: the votes stay on the workers,
the accuracies (a few numbers per source) on the client; the model is the one
:func:`~conflictmodels.reliability.learn_reliability` learns from the whole dossier, and
``reconcile(..., reliability=model)`` takes it.

Importing this module does not import Dask; its functions do (``pip install
'conflictmodels[dask]'``). They run on Dask's current scheduler: a
``distributed.Client`` when one is open, else what ``dask.config`` says.

The lines of the examples that need Dask are marked to be skipped by the doctests, which
run without it; ``tests/test_dask.py`` runs the same on Dask's schedulers.

Example:
    >>> import pathlib, tempfile
    >>> from conflictmodels import Dossier, dumps_lines
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.reconciliation import reconcile as local_reconcile
    >>> d = kursk_dossier()
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.jsonl").write_text(dumps_lines(d.claims[:10]))
    >>> _ = (folder / "b.jsonl").write_text(dumps_lines(d.claims[10:]))
    >>> entities = Dossier(title=d.title, sources=d.sources, locations=d.locations, units=d.units)
    >>> import dask  # doctest: +SKIP
    >>> from conflictmodels.dask import reconcile
    >>> with dask.config.set(scheduler="synchronous"):  # doctest: +SKIP
    ...     result = reconcile(str(folder / "*.jsonl"), entities)
    ...     result.gather() == local_reconcile(d)
    True
"""

from __future__ import annotations

import importlib
import math
import operator
import typing
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from ._gc import pausing
from ._space import _VALUES, _Containers
from ._spec import exact_key, specs
from .claim import Claim
from .dossier import Dossier
from .errors import DanglingReferenceError, DuplicateIdError, FieldError, FieldTypeError, ValidationError
from .limits import DEFAULT_LIMITS, Limits
from .policy import DEFAULT_POLICY, LearningRules, Policy
from .reconciliation import _EPOCH, _MINE, _instant_then_offset, _Weigher
from .references import all_resolve, references, remap
from .relations import proposition_key, time_bounds
from .reliability import (
    ReliabilityModel,
    _collect,
    _Collisions,
    _collisions,
    _exact,
    _examples,
    _expected_terms,
    _false_shared,
    _learn,
    _options,
    _probabilities,
    _Question,
    _question,
    _roots,
    _shared_false,
    _source_sums,
    _Voter,
    _voter_order,
    _Votes,
)
from .resolution import Resolution, resolve_entities
from .serialization import _lines_summary, dumps, dumps_lines, loads_lines, loads_lines_partial
from .vocabularies import LocationKind, Modality

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.delayed import Delayed

__all__ = ["ClaimFiles", "ReadReport", "Reconciled", "learn_reliability", "read_claims", "reconcile"]

_K = TypeVar("_K")
_INSTALL = "pip install 'conflictmodels[dask]'"
_BY_ID = operator.attrgetter("id")
_FIRST = operator.itemgetter(0)
_FACT = Modality.FACT
_REGION = LocationKind.REGION
_ENTITY_KINDS = tuple(
    name
    for name, spec in specs(Dossier).items()
    if spec.collection is not None and name not in ("claims", "assessments")
)
"""The dossier's collections of entities (sources, locations, units, ...): what the client holds."""


def _dask() -> Any:
    """The ``dask`` package, or an ImportError saying how to install it."""
    try:
        import dask
        import dask.bag
        import dask.bytes
    except ImportError as err:  # pragma: no cover - exercised only without dask
        raise ImportError(f"conflictmodels.dask needs Dask: {_INSTALL}") from err
    return dask


# --------------------------------------------------------------------------- reading


@attrs.frozen(kw_only=True)
class ReadReport:
    """What reading the claim files found: how many claims are valid, and every problem.

    Attributes:
        claims: The number of valid claims (bad lines left out).
        errors: Every problem of every bad line, in file and line order, each
            :class:`~conflictmodels.FieldError` with its ``file``, ``line`` and ``path``,
            up to ``Limits.max_problems`` problems in all (as ``loads_lines_partial``).
        truncated: Whether problems were left out of ``errors``.
        unlisted_lines: How many bad lines came after ``errors`` was full.

    Example:
        >>> from conflictmodels.dask import ReadReport
        >>> ReadReport(claims=3).ok
        True
    """

    claims: int = 0
    errors: tuple[FieldError, ...] = ()
    truncated: bool = False
    unlisted_lines: int = 0

    @property
    def ok(self) -> bool:
        """Whether every non-blank line of every file was loaded.

        Example:
            >>> from conflictmodels import FieldError
            >>> from conflictmodels.dask import ReadReport
            >>> ReadReport(claims=2, errors=(FieldError("JSON", "", "is not JSON"),)).ok
            False
        """
        return not self.errors and not self.unlisted_lines

    @property
    def bad_lines(self) -> tuple[tuple[str, int], ...]:
        """The lines that could not be loaded, as ``(file, line)``, in order.

        Example:
            >>> from conflictmodels import FieldError
            >>> from conflictmodels.dask import ReadReport
            >>> e = FieldError("JSON", "", "is not JSON").at("$")
            >>> e.file, e.line = "feed.jsonl", 7
            >>> ReadReport(errors=(e,)).bad_lines
            (('feed.jsonl', 7),)
        """
        return tuple(dict.fromkeys((e.file or "", e.line or 0) for e in self.errors))

    def raise_errors(self, outcome: str = "the other lines were loaded") -> None:
        """Raise a :class:`~conflictmodels.ValidationError` listing every error, if any.

        Example:
            >>> from conflictmodels import FieldError
            >>> from conflictmodels.dask import ReadReport
            >>> e = FieldError("JSON", "", "is not JSON").at("$")
            >>> e.file, e.line = "feed.jsonl", 7
            >>> ReadReport(errors=(e,)).raise_errors()
            Traceback (most recent call last):
            ...
            conflictmodels.errors.ValidationError: 1 problem on 1 line; the other lines were loaded:
              feed.jsonl, line 7: $: is not JSON
        """
        if self.errors:
            summary = _lines_summary(self.errors, outcome, self.truncated, self.unlisted_lines)
            raise ValidationError(self.errors, summary=summary)


class _Anything:
    """An index that holds every id (claims cite claims; those are not checked per block)."""

    def __contains__(self, item: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


@attrs.frozen(kw_only=True, eq=False)
class _Plan:
    """What every task needs, shipped once to each worker: how to read, and later how to route and judge."""

    keep_unknown: bool
    limits: Limits
    # the entities as JSON Lines, one bytes per collection (resolved, when maps are given):
    # pickled, sent and spilled as a copy; each worker reads them once (_entities)
    entities: tuple[tuple[str, bytes], ...] | None = None
    entities_token: str = ""
    maps: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)  # resolution: absorbed id -> survivor
    cutoff: float | None = None
    clusters: Mapping[str, str] = attrs.field(factory=dict)  # place -> the smallest place judged with it
    policy: Policy = DEFAULT_POLICY
    as_of: datetime | None = None
    assessed_at: datetime | None = None
    reliability: ReliabilityModel | None = None
    token: str = attrs.field(factory=lambda: uuid.uuid4().hex)

    def __dask_tokenize__(self) -> str:
        return self.token


def _shipped(entities: Dossier) -> dict[str, Any]:
    """The plan's fields for ``entities``: each collection as JSON Lines, and a token for the workers' copy."""
    texts = tuple((kind, dumps_lines(getattr(entities, kind)).encode()) for kind in _ENTITY_KINDS)
    return {"entities": texts, "entities_token": uuid.uuid4().hex}


class _Entities:
    """A plan's entities as a worker holds them: each collection, and the ids a claim may
    cite (those of the entities given: the survivors and the ids resolution absorbed)."""

    def __init__(self, plan: _Plan) -> None:
        assert plan.entities is not None
        hints = typing.get_type_hints(Dossier)
        self.of: dict[str, Sequence[Any]] = {
            kind: loads_lines(text, typing.get_args(hints[kind])[0]) for kind, text in plan.entities
        }
        self.index: dict[str, Any] = {
            kind: {e.id for e in items}.union(plan.maps.get(kind, ())) for kind, items in self.of.items()
        }
        self.index["claims"] = _Anything()


_ENTITIES: dict[str, _Entities] = {}
"""Per worker process, the entities of the plans it ran (read on their first task): at most a few."""


def _kept(table: dict[str, _K], key: str, make: Callable[[], _K]) -> _K:
    """``table[key]``, made on first use; a worker keeps what at most a few plans need."""
    found = table.get(key)
    if found is None:
        if len(table) > 4:
            table.clear()
        found = table[key] = make()
    return found


def _entities(plan: _Plan) -> _Entities:
    return _kept(_ENTITIES, plan.entities_token, lambda: _Entities(plan))


def _valid(data: bytes, plan: _Plan) -> tuple[list[FieldError], list[tuple[int, Claim]], int, bool]:
    """The problems of a block (line numbers within it) and its valid claims with their line numbers."""
    result = loads_lines_partial(data, Claim, keep_unknown=plan.keep_unknown, limits=plan.limits)
    errors = list(result.errors)
    good = list(zip(result.lines, result.items, strict=True))
    if plan.entities is not None:
        index = _entities(plan).index
        kept = []
        for number, claim in good:
            if all_resolve(claim, index):
                kept.append((number, claim))
                continue
            for kind, where, ref in references(claim, "$"):
                if ref not in index[kind]:
                    err = DanglingReferenceError("Claim", where[2:], f"refers to unknown {kind[:-1]}", ref).at(where)
                    err.line = number
                    errors.append(err)
        if len(kept) < len(good):
            good = kept
            errors.sort(key=lambda e: e.line or 0)
    return errors, good, result.unlisted_lines, result.truncated


@attrs.frozen(kw_only=True)
class _Survey:
    """What the first reading of one block found."""

    errors: tuple[FieldError, ...]
    unlisted: int
    truncated: bool
    newlines: int
    claims: int
    latest: datetime | None
    placed: frozenset[str]


@pausing  # every task pauses the collector: a full collection would rescan the entities and partitions held
def _survey(data: bytes, plan: _Plan) -> _Survey:
    return _summary(data, plan, _valid(data, plan))


def _summary(
    data: bytes, plan: _Plan, valid: tuple[list[FieldError], list[tuple[int, Claim]], int, bool], places: bool = True
) -> _Survey:
    """What ``_valid`` found in a block, as the client needs it (with ``places``, the places with control claims)."""
    errors, good, unlisted, truncated = valid
    latest = max((c.reported_at for _, c in good), default=None, key=_instant_then_offset)
    placed: set[str] = set()
    if places and plan.entities is not None:  # the places with control claims: what must be judged together
        maps, cutoff = plan.maps, plan.cutoff
        for _, claim in good:
            key = proposition_key(remap(claim, maps) if maps else claim)
            if key[0] in _VALUES and len(key[1]) == 1 and _weighed(claim, cutoff):
                placed.add(key[1][0])
    return _Survey(
        errors=tuple(errors),
        unlisted=unlisted,
        truncated=truncated,
        newlines=data.count(b"\n"),
        claims=len(good),
        latest=latest,
        placed=frozenset(placed),
    )


def _weighed(claim: Claim, cutoff: float | None) -> bool:
    """Whether reconcile weighs ``claim`` (a fact, not after ``as_of``): as ``_Weigher.weigh`` decides."""
    if claim.statement.modality is not _FACT:
        return False
    if cutoff is None:
        return True
    return not (claim.reported_at.timestamp() > cutoff or time_bounds(claim)[0] > cutoff)


@attrs.frozen(kw_only=True)
class ClaimFiles:
    """JSON Lines files of claims, split into blocks for Dask workers; nothing is read until asked.

    Made by :func:`read_claims`.

    Attributes:
        files: The files (paths or URLs), in order.
        keep_unknown: Keep unknown keys (``extra``) instead of refusing them.
        limits: The limits of each line (``max_problems`` for all files together).
        blocks: Per block, its file's position in ``files`` and the (delayed) bytes.

    Example:
        >>> from conflictmodels.dask import ClaimFiles
        >>> files = ClaimFiles(files=("claims-1.jsonl", "claims-2.jsonl"))  # read_claims splits them into blocks
        >>> files.files, files.blocks
        (('claims-1.jsonl', 'claims-2.jsonl'), ())
    """

    files: tuple[str, ...]
    keep_unknown: bool = False
    limits: Limits = DEFAULT_LIMITS
    blocks: tuple[tuple[int, Any], ...] = attrs.field(default=(), repr=False)

    def _plan(self, **kw: Any) -> _Plan:
        return _Plan(keep_unknown=self.keep_unknown, limits=self.limits, **kw)

    def _surveys(self, plan: _Plan) -> list[_Survey]:
        dask = _dask()
        p = dask.delayed(plan)
        out: list[_Survey] = list(dask.compute(*[dask.delayed(_survey)(b, p) for _, b in self.blocks]))
        return out

    def _report(self, surveys: Sequence[_Survey]) -> ReadReport:
        """The blocks' findings as one report: line numbers per file, at most ``max_problems`` problems."""
        room = self.limits.max_problems
        offsets = [0] * len(self.files)
        errors: list[FieldError] = []
        truncated, unlisted, claims = False, 0, 0
        for (f, _), s in zip(self.blocks, surveys, strict=True):
            offset = offsets[f]
            offsets[f] += s.newlines
            claims += s.claims
            by_line: dict[int, list[FieldError]] = {}
            for e in s.errors:
                by_line.setdefault(e.line or 0, []).append(e)
            for line, problems in by_line.items():
                if room == 0:
                    truncated = True
                    unlisted += 1
                    continue
                listed = problems[:room]
                for e in listed:
                    e.line, e.file = line + offset, self.files[f]
                errors.extend(listed)
                room -= len(listed)
                truncated = truncated or len(listed) < len(problems)
            unlisted += s.unlisted
            truncated = truncated or s.truncated
        return ReadReport(claims=claims, errors=tuple(errors), truncated=truncated, unlisted_lines=unlisted)

    def check(self) -> ReadReport:
        """Read every line once and report: the valid claims counted, every problem listed.

        Example:
            >>> import pathlib, tempfile
            >>> from conflictmodels.dask import read_claims
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
            >>> _ = path.write_text('{"schema_version": 2}\\n')
            >>> import dask  # doctest: +SKIP
            >>> with dask.config.set(scheduler="synchronous"):  # doctest: +SKIP
            ...     report = read_claims(str(path)).check()
            >>> report.claims, report.bad_lines == ((str(path), 1),)  # doctest: +SKIP
            (0, True)
        """
        return self._report(self._surveys(self._plan()))

    def to_bag(self) -> Bag:
        """The valid claims as a Dask bag, one partition per block (bad lines left out:
        :meth:`check` lists them).

        Example:
            >>> import pathlib, tempfile
            >>> from conflictmodels import dumps_lines
            >>> from conflictmodels.dask import read_claims
            >>> from conflictmodels.examples import kursk_dossier
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
            >>> _ = path.write_text(dumps_lines(kursk_dossier().claims))
            >>> import dask  # doctest: +SKIP
            >>> with dask.config.set(scheduler="synchronous"):  # doctest: +SKIP
            ...     len(read_claims(str(path)).to_bag().compute())
            20
        """
        return _per_block(_claims, self.blocks, _dask().delayed(self._plan()))

    def load(self) -> list[Claim]:
        """Every claim of every file, all or nothing: a :class:`~conflictmodels.ValidationError`
        lists every problem (file, line, path) if any line is bad.

        Example:
            >>> import pathlib, tempfile
            >>> from conflictmodels.dask import read_claims
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
            >>> _ = path.write_text("not json\\n")
            >>> import dask  # doctest: +SKIP
            >>> with dask.config.set(scheduler="synchronous"):  # doctest: +SKIP
            ...     read_claims(str(path)).load()
            Traceback (most recent call last):
            ...
            conflictmodels.errors.ValidationError: 1 problem on 1 line; nothing was loaded: ...
        """
        self.check().raise_errors("nothing was loaded")
        (claims,) = _dask().compute(self.to_bag())
        return list(claims)


def _per_block(fn: Any, blocks: Sequence[tuple[int, Any]], plan: Delayed) -> Bag:
    """A bag of ``fn(block, plan)``, one partition per block (one empty partition for no blocks)."""
    dask = _dask()
    if not blocks:
        empty: Bag = dask.bag.from_sequence([], npartitions=1)
        return empty
    bag: Bag = dask.bag.from_delayed([dask.delayed(fn)(b, plan) for _, b in blocks])
    return bag


@pausing
def _claims(data: bytes, plan: _Plan) -> list[Claim]:
    _, good, _, _ = _valid(data, plan)
    maps = plan.maps
    return [remap(c, maps) if maps else c for _, c in good]


def read_claims(
    urlpath: str | Sequence[str],
    *,
    blocksize: int | str | None = None,
    keep_unknown: bool = False,
    limits: Limits | None = None,
    compression: str | None = "infer",
    storage_options: Mapping[str, Any] | None = None,
) -> ClaimFiles:
    """JSON Lines files of claims as blocks for Dask: a path, a glob or a list of them,
    local or any URL fsspec opens (``s3://``, ``gs://``, ``https://``, ...).

    Each block is a whole number of lines. Errors name the file, the line in the file
    and the JSON path, as :func:`~conflictmodels.serialization.loads_lines_partial` would
    for that file (a line is held in memory whole, however long: ``Limits.max_bytes``
    refuses it after reading).

    Args:
        urlpath: Where the files are.
        blocksize: Split files into blocks of about this many bytes (``"64 MiB"``);
            ``None``: one block per file. Compressed files are never split.
        keep_unknown: Keep unknown keys (``extra``) instead of refusing them.
        limits: The limits of each line; ``max_problems`` counts for all files.
        compression: ``"infer"`` (from the file name), a codec name, or ``None``.
        storage_options: Passed to fsspec (credentials, endpoints).

    Returns:
        The files, not yet read.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels import dumps_lines
        >>> from conflictmodels.dask import read_claims
        >>> from conflictmodels.examples import kursk_dossier
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
        >>> _ = path.write_text(dumps_lines(kursk_dossier().claims))
        >>> len(read_claims(str(path), blocksize=1000).blocks) > 1  # doctest: +SKIP
        True
    """
    dask = _dask()
    lim = DEFAULT_LIMITS if limits is None else limits
    if not isinstance(lim, Limits):
        raise FieldTypeError("read_claims", "limits", "must be a Limits", limits)
    paths = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    if not paths or not all(isinstance(p, str) for p in paths):
        raise FieldTypeError("read_claims", "urlpath", "must be a path or URL, or a list of them", urlpath)
    _, blocks, files = dask.bytes.read_bytes(
        paths,
        delimiter=b"\n",
        blocksize=blocksize,
        sample=False,
        compression=compression,
        include_path=True,
        **dict(storage_options or {}),
    )
    flat = tuple((f, b) for f, per_file in enumerate(blocks) for b in per_file)
    return ClaimFiles(files=tuple(files), keep_unknown=keep_unknown, limits=lim, blocks=flat)


# --------------------------------------------------------------------------- reconciling


def _stable_hash(unit: Any) -> int:
    """A hash of what is judged together that every process agrees on (``hash`` of a str does
    not). Two units with one hash only share a partition: each is still judged on its own."""
    return zlib.crc32(repr(unit).encode("utf-8", "surrogatepass"))


def _unit(claim: Claim, clusters: Mapping[str, str]) -> Any:
    """What ``claim`` must be judged with: its proposition, or for control of a place
    inside (or containing) places with control claims, all of them."""
    key = proposition_key(claim)
    if key[0] in _VALUES and len(key[1]) == 1:
        top = clusters.get(key[1][0])
        if top is not None:
            return ("\x00places", top)
    return key


@pausing
def _route(data: bytes, plan: _Plan, parts: int) -> tuple[bytes, ...]:
    """A block's valid claims sent where they are judged: per partition of the shuffle,
    the JSON lines of the claims whose unit (what they are judged with) hashes to it.

    A run of lines is one ``bytes``: what moves between workers, and what a worker
    spills to disk, costs a copy, not an object per claim."""
    _, good, _, _ = _valid(data, plan)
    raw = data.split(b"\n")
    maps, clusters = plan.maps, plan.clusters
    out: list[list[bytes]] = [[] for _ in range(parts)]
    for n, c in good:
        out[_stable_hash(_unit(remap(c, maps) if maps else c, clusters)) % parts].append(raw[n - 1])
    return tuple(b"\n".join(lines) for lines in out)


@pausing
def _judge(runs: Sequence[bytes], plan: _Plan) -> list[tuple[bool, Any]]:
    """One partition of the shuffle judged by the local engine: its claims, re-pointed and
    sorted by id (``False, claim``), then its assessments, sorted by id (``True, assessment``)."""
    text = b"\n".join(run for run in runs if run)
    if not text:
        return []
    claims = loads_lines(text, Claim, keep_unknown=plan.keep_unknown, limits=plan.limits)
    maps = plan.maps
    unique = _unique([remap(c, maps) for c in claims] if maps else claims)
    assert plan.assessed_at is not None
    weigher, places = _worker_state(plan)
    evs, views = weigher.weigh(unique)
    of = _entities(plan).of
    made = weigher.judge(evs, views, places.near(unique), plan.assessed_at, unique, of["people"], of["units"])
    made.sort(key=_BY_ID)
    return [*((False, c) for c in sorted(unique, key=_BY_ID)), *((True, a) for a in made)]


def _shuffled(blocks: Sequence[tuple[int, Any]], plan: Delayed) -> Bag:
    """The claims of ``blocks`` judged in as many partitions as there are blocks, each
    partition holding every claim judged with any of its claims: one stage, every claim
    moved once, as a run of bytes."""
    dask = _dask()
    if not blocks:
        return cast("Bag", dask.bag.from_sequence([], npartitions=1))
    n = len(blocks)
    routed = [dask.delayed(_route, nout=n)(b, plan, n) for _, b in blocks]
    judged = [dask.delayed(_judge)([r[j] for r in routed], plan) for j in range(n)]
    return cast("Bag", dask.bag.from_delayed(judged))


def _picked(judged: Sequence[tuple[bool, Any]], assessments: bool) -> list[Any]:
    return [x for is_assessment, x in judged if is_assessment is assessments]


_ONE_STAGE = 512
"""The most partitions learning shuffles in one stage (their square is the number of pieces moved)."""


def _shuffle(routed: Bag) -> Bag:
    """``routed`` grouped by the hash of its first item (Dask's task shuffle): learning's questions."""
    bag: Any = routed
    # Bag.groupby(shuffle="tasks") tokenizes every key; the key is a hash already
    tasks = getattr(importlib.import_module("dask.bag.core"), "groupby_tasks", None)
    if tasks is not None:
        # One stage (each claim moved once) up to _ONE_STAGE partitions: past 32, Dask's
        # default, a second stage would move every claim again, and the cost per claim
        # would grow with the number of files.
        return cast("Bag", tasks(bag, _FIRST, hash=_identity, max_branch=max(32, min(bag.npartitions, _ONE_STAGE))))
    return cast("Bag", bag.groupby(_FIRST, shuffle="tasks"))  # pragma: no cover - if dask moves it


def _identity(x: int) -> int:
    return x


_STATE: dict[str, tuple[_Weigher, _Places]] = {}
"""Per worker process, what a plan's tasks share (built on the first task): at most a few plans."""


def _worker_state(plan: _Plan) -> tuple[_Weigher, _Places]:
    def make() -> tuple[_Weigher, _Places]:
        of = _entities(plan).of
        return _Weigher(of["sources"], plan.policy, plan.as_of, plan.reliability), _Places(of["locations"])

    return _kept(_STATE, plan.token, make)


class _Places:
    """The dossier's locations, and for a partition the few its judgments read: the
    places its claims cite and every place containing them (so a partition costs what
    its claims do, not what the whole gazetteer does)."""

    def __init__(self, locations: Sequence[Any]) -> None:
        self.locations = locations
        self.position = {loc.id: i for i, loc in enumerate(locations)}
        self.regions: dict[str, list[str]] = {}  # as _Containers finds them: regions by ISO 3166-2 code
        for loc in locations:
            if loc.kind is _REGION and loc.region is not None:
                self.regions.setdefault(loc.region, []).append(loc.id)

    def near(self, claims: Sequence[Claim]) -> list[Any]:
        """The locations ``claims`` cite and those containing them, in the dossier's order."""
        position, locations = self.position, self.locations
        todo = [ref for c in claims for kind, _, ref in references(c) if kind == "locations"]
        found: set[str] = set()
        while todo:
            x = todo.pop()
            if x in found or x not in position:
                continue
            found.add(x)
            loc = locations[position[x]]
            if loc.parent_id is not None:
                todo.append(loc.parent_id)
            if loc.region is not None and loc.kind is not _REGION:
                todo.extend(self.regions.get(loc.region, ()))
        return [locations[i] for i in sorted(position[x] for x in found)]


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per id, as a dossier keeps them (of equal ones, the one that sorts first)."""
    by_id: dict[str, Claim] = {}
    for c in claims:
        other = by_id.get(c.id)
        if other is None:
            by_id[c.id] = c
        elif other != c:
            raise DuplicateIdError("Dossier", "claims", "two claims have this id and different content", c.id)
        elif exact_key(c) < exact_key(other):
            by_id[c.id] = c
    return list(by_id.values()) if len(by_id) < len(claims) else claims


def _clusters(placed: set[str], locations: Sequence[Any]) -> dict[str, str]:
    """Each place with control claims that is inside, or contains, another such place,
    mapped to the smallest id of its group (places linked by containment)."""
    containers = _Containers(locations)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # shorten the path for the next search
            parent[x], x = root, parent[x]
        return root

    linked: set[str] = set()
    for loc in sorted(placed):
        for outer in containers.get(loc):
            if outer in placed:
                linked.update((loc, outer))
                a, b = find(loc), find(outer)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {loc: find(loc) for loc in sorted(linked)}


@attrs.frozen(kw_only=True)
class Reconciled:
    """The lazy result of :func:`reconcile`: nothing is judged until it is written or gathered.

    Attributes:
        report: What reading found (every bad line, with file, line and path).
        resolution: The entity resolution, made once on the client.
        entities: The resolved entities (no claims) with the assessments kept (an analyst's).
        claims: The valid claims, re-pointed to the surviving entities (a claim repeated
            with identical content kept once): a Dask bag, one partition per partition of
            the shuffle, each sorted by id.
        assessments: The assessments: a Dask bag, one partition per partition of the
            shuffle, each sorted by id.

    Example:
        >>> import attrs
        >>> from conflictmodels.dask import Reconciled
        >>> [f.name for f in attrs.fields(Reconciled) if not f.name.startswith("_")]  # the module's example runs one
        ['report', 'resolution', 'entities', 'claims', 'assessments']
    """

    report: ReadReport
    resolution: Resolution
    entities: Dossier
    claims: Bag = attrs.field(repr=False)
    assessments: Bag = attrs.field(repr=False)
    _judged: Bag = attrs.field(repr=False, eq=False)  # both, per partition: written from one task each

    def gather(self) -> Dossier:
        """Everything in one dossier, as local ``reconcile`` returns it: for results that fit
        in the client's memory.

        ``result`` from :func:`reconcile`, ``d`` the whole dossier:

        Example:
            >>> result.gather() == local_reconcile(d)  # doctest: +SKIP
            True
        """
        dask = _dask()
        claims, made = dask.compute(self.claims, self.assessments)
        kept = self.entities.assessments
        whole = attrs.evolve(self.entities, claims=tuple(claims), assessments=())
        return whole.with_assessments(sorted((*kept, *made), key=operator.attrgetter("id"))).in_id_order()

    def to_lines(self, urlpath: str, *, storage_options: Mapping[str, Any] | None = None) -> tuple[str, ...]:
        """Write the result under ``urlpath`` (a folder, local or a URL): ``dossier.json``
        (the resolved entities and the kept assessments), ``claims-N.jsonl`` and
        ``assessments-N.jsonl`` (one per partition). Each is read back with the ordinary
        loaders (:func:`~conflictmodels.files.load_file`,
        :func:`~conflictmodels.serialization.loads_lines`). Returns the files written.

        ``result`` from :func:`reconcile` of two files:

        Example:
            >>> sorted(p.rsplit("/", 1)[-1] for p in result.to_lines("out"))  # doctest: +SKIP
            ['assessments-0.jsonl', 'assessments-1.jsonl', 'claims-0.jsonl', 'claims-1.jsonl', 'dossier.json']
        """
        dask = _dask()
        fsspec = importlib.import_module("fsspec")  # a dependency of dask's bag
        options = dict(storage_options or {})
        fs, root = fsspec.core.url_to_fs(urlpath, **options)
        root = root.rstrip("/")
        fs.makedirs(root, exist_ok=True)
        with fs.open(f"{root}/dossier.json", "wb") as f:
            f.write(dumps(self.entities).encode())
        parts = cast(Any, self._judged).to_delayed(optimize_graph=False)  # judged once for both
        names = [(f"{root}/claims-{i}.jsonl", f"{root}/assessments-{i}.jsonl") for i in range(len(parts))]
        # each partition written where it was judged: its claims never move between workers
        dask.compute(*[dask.delayed(_write)(fs, *paths, part) for paths, part in zip(names, parts, strict=True)])
        return (f"{root}/dossier.json", *(c for c, _ in names), *(a for _, a in names))


@pausing
def _write(fs: Any, claims_path: str, assessments_path: str, judged: list[tuple[bool, Any]]) -> int:
    for path, assessments in ((claims_path, False), (assessments_path, True)):
        with fs.open(path, "wb") as f:
            f.write(dumps_lines(_picked(judged, assessments)).encode())
    return len(judged)


def _check_resolution(resolution: Resolution, entities: Dossier) -> None:
    """``resolution`` accounts for exactly the ids of ``entities`` (survivors and absorbed)."""
    if not isinstance(resolution, Resolution):
        raise FieldTypeError("reconcile", "resolution", "must be a Resolution (resolve_entities)", resolution)
    for kind in _ENTITY_KINDS:
        given = {e.id for e in getattr(entities, kind)}
        made = {e.id for e in getattr(resolution.dossier, kind)}.union(resolution.mapping.get(kind, ()))
        if made != given:
            odd = sorted(made ^ given)[0]
            raise FieldError("reconcile", "resolution", f"was not made from these entities ({kind})", odd)


def _check_entities(where: str, entities: Dossier, policy: Policy) -> None:
    """The arguments every Dask function takes, checked."""
    if not isinstance(entities, Dossier):
        raise FieldTypeError(where, "entities", "must be a Dossier of sources, places and units", entities)
    if entities.claims:
        raise FieldError(where, "entities", "must hold no claims: give claims as files", len(entities.claims))
    if not isinstance(policy, Policy):
        raise FieldTypeError(where, "policy", "must be a Policy", policy)


def reconcile(
    claims: ClaimFiles | str | Sequence[str],
    entities: Dossier,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: datetime | None = None,
    assessed_at: datetime | None = None,
    reliability: ReliabilityModel | None = None,
    all_or_nothing: bool = True,
    resolution: Resolution | None = None,
) -> Reconciled:
    """Reconcile claims from JSON Lines files with Dask: the same result as
    :func:`~conflictmodels.reconciliation.reconcile` of one dossier holding them all.

    Reads every block once now (to validate, and to learn what must be judged together
    and the default ``assessed_at``); the judging itself is lazy (:class:`Reconciled`).

    Args:
        claims: The files (:func:`read_claims`, or a path, glob or list of them).
        entities: The sources, locations and units (and other entities) the claims
            cite: a dossier without claims, resolved here once.
        policy: As for ``reconcile``.
        as_of: As for ``reconcile``.
        assessed_at: As for ``reconcile``; by default the latest ``reported_at`` of the
            valid claims.
        reliability: As for ``reconcile`` (a model learned beforehand: the model is
            small and is shipped to every worker).
        all_or_nothing: Refuse every file if any line is bad (a
            :class:`~conflictmodels.ValidationError` naming each problem's file, line
            and path); ``False`` reconciles the valid claims and reports the rest in
            ``Reconciled.report``.
        resolution: The resolution of ``entities`` made beforehand
            (:func:`~conflictmodels.resolve_entities` with the policy's rules), to reuse
            it across calls; by default ``entities`` are resolved here.

    Returns:
        The lazy result.

    Raises:
        ValidationError: A bad line, or a claim citing an entity ``entities`` does not
            hold (with ``all_or_nothing``).
        FieldError: ``entities`` is not a dossier, or holds claims.

    Example:
        >>> # entities: the sources, places and units of dossier d, whose claims are in the files
        >>> result = reconcile("feeds/*.jsonl", entities)  # doctest: +SKIP
        >>> result.report.ok, result.gather() == local_reconcile(d)  # doctest: +SKIP
        (True, True)
    """
    dask = _dask()
    files = claims if isinstance(claims, ClaimFiles) else read_claims(claims)
    _check_entities("reconcile", entities, policy)
    if resolution is None:
        rules = policy.resolution
        resolution = resolve_entities(entities) if rules is None else resolve_entities(entities, rules)
    else:
        _check_resolution(resolution, entities)
    maps = {kind: dict(m) for kind, m in resolution.mapping.items() if m}
    cutoff = None if as_of is None else as_of.timestamp()
    resolved = resolution.dossier
    # the resolved entities and the mapping: a claim may cite the survivors and the absorbed ids
    plan = files._plan(**_shipped(resolved), maps=maps, cutoff=cutoff)
    surveys = files._surveys(plan)
    report = files._report(surveys)
    if all_or_nothing:
        report.raise_errors("nothing was reconciled")
    if assessed_at is None:
        latest = [s.latest for s in surveys if s.latest is not None]
        assessed_at = max(latest, default=as_of or _EPOCH, key=_instant_then_offset)
    placed: set[str] = set().union(*(s.placed for s in surveys))
    plan = attrs.evolve(
        plan,
        clusters=_clusters(placed, resolved.locations),
        policy=policy,
        as_of=as_of,
        assessed_at=assessed_at,
        reliability=reliability,
        token=uuid.uuid4().hex,
    )
    p = dask.delayed(plan)
    judged: Any = _shuffled(files.blocks, p)
    made = judged.map_partitions(_picked, True)
    resolved_claims = judged.map_partitions(_picked, False)
    kept = tuple(a for a in resolved.assessments if not a.assessed_by.startswith(_MINE))
    return Reconciled(
        report=report,
        resolution=resolution,
        entities=resolved.with_assessments(kept),
        claims=resolved_claims,
        assessments=made,
        judged=judged,
    )


# --------------------------------------------------------------------------- learning


@attrs.frozen(kw_only=True, eq=False)
class _Learning:
    """What every learning task needs, shipped once to each worker."""

    roots: Mapping[str, str]  # each source's origin (its top source)
    by: str | None
    window_days: int | None
    rules: LearningRules
    copies: bool = True  # keep what was read of each claim, for the examples of copy families
    token: str = attrs.field(factory=lambda: uuid.uuid4().hex)

    def __dask_tokenize__(self) -> str:
        return self.token


_Routed = tuple[int, tuple[int, int, _Question]]
"""A claim as learning routes it: the hash of its question, and (its block, its line, what learning reads of it)."""


@pausing
def _read_questions(data: bytes, block: int, plan: _Plan, learning: _Learning) -> tuple[_Survey, list[_Routed]]:
    """A block read once: what it holds (its errors) and what learning reads of each valid
    claim, keyed by the hash of its question and with its place in the files (block and
    line: a value's place among its question's values follows the order of the claims, as
    in one dossier)."""
    valid = _valid(data, plan)
    return _summary(data, plan, valid, places=False), _route_questions(valid[1], block, learning)


def _route_questions(good: list[tuple[int, Claim]], block: int, learning: _Learning) -> list[_Routed]:
    out = []
    roots, by, days = learning.roots, learning.by, learning.window_days
    for number, claim in good:
        q = _question(claim, roots, by, days)
        if q is not None:
            out.append((_stable_hash(q[0]), (block, number, q)))
    return out


class _Part:
    """One partition of learning, kept on its worker: the votes of its questions, what it
    read of their claims (to find a copy family's examples) and the voters that count once."""

    __slots__ = ("collisions", "questions", "v")

    def __init__(self, v: _Votes, questions: list[_Question], collisions: _Collisions) -> None:
        self.v = v
        self.questions = questions
        self.collisions = collisions


_PLACE = operator.itemgetter(0, 1)


@pausing
def _build(groups: Sequence[tuple[int, list[_Routed]]], learning: _Learning) -> list[_Part]:
    """A partition of the shuffle as votes, its claims in the order of the files (a claim
    repeated in another file counted where it first appears)."""
    placed = sorted((item for _, items in groups for _, item in items), key=_PLACE)
    seen: set[str] = set()
    questions = []
    for _, _, q in placed:
        if q[4] not in seen:
            seen.add(q[4])
            questions.append(q)
    return [_Part(_collect(questions, learning.rules), questions if learning.copies else [], {})]


def _probabilities_of(part: _Part, lw: Mapping[_Voter, float], rules: LearningRules) -> list[float]:
    v = part.v
    prob = [0.0] * len(v.group_prop)
    _probabilities(v, [lw[x] for x in v.voters], rules.partial_support, part.collisions, prob)
    return prob


@pausing
def _map_voters(parts: list[_Part]) -> list[dict[_Voter, int]]:
    return [{x: len(groups) for x, groups in zip(p.v.voters, p.v.voter_groups, strict=True)} for p in parts]


@pausing
def _map_sums(parts: list[_Part], lw: Mapping[_Voter, float], learning: _Learning) -> list[dict[_Voter, list[float]]]:
    out = []
    for p in parts:
        sums = _source_sums(p.v, _probabilities_of(p, lw, learning.rules), exact=True)
        out.append(dict(zip(p.v.voters, sums, strict=True)))
    return out


@pausing
def _map_shared_false(
    parts: list[_Part], lw: Mapping[_Voter, float], learning: _Learning
) -> list[dict[tuple[str, str], int]]:
    return [_shared_false(p.v, _probabilities_of(p, lw, learning.rules), learning.rules) for p in parts]


@pausing
def _map_expected(
    parts: list[_Part], acc: Mapping[_Voter, float], pairs: Sequence[tuple[str, str]]
) -> list[dict[tuple[str, str], list[float]]]:
    return [
        {pair: _exact(terms) for pair, terms in _expected_terms(p.v, [acc[x] for x in p.v.voters], pairs).items()}
        for p in parts
    ]


@pausing
def _map_examples(
    parts: list[_Part], lw: Mapping[_Voter, float], member_of: Mapping[str, int], n: int, learning: _Learning
) -> list[list[list[str]]]:
    out = []
    for p in parts:
        false_shared = _false_shared(p.v, _probabilities_of(p, lw, learning.rules), member_of)
        out.append(_examples(p.questions, false_shared, member_of, n))
    return out


@pausing
def _map_fold(parts: list[_Part], family: Mapping[_Voter, _Voter]) -> list[_Part]:
    return [_Part(p.v, p.questions, _collisions(p.v, [family.get(x, x) for x in p.v.voters])) for p in parts]


class _Partitions:
    """The learning engine on Dask: the votes stay in the partitions on the workers; each
    call maps over them and brings back sums per voter (or per pair of origins), which it
    adds up here. Floats come back as exact partial sums (``reliability._exact``), so the
    totals are the local ones, bit for bit, however the claims were split."""

    def __init__(self, parts: Bag, learning: _Learning) -> None:
        self.parts: Any = parts
        self.learning = _dask().delayed(learning)
        counts: dict[_Voter, int] = {}
        for found in self._map(_map_voters):
            for x, n in found.items():
                counts[x] = counts.get(x, 0) + n
        self.voters = sorted(counts, key=_voter_order)
        self.counts = [counts[x] for x in self.voters]

    def _map(self, fn: Any, *args: Any) -> list[Any]:
        (out,) = _dask().compute(self.parts.map_partitions(fn, *args), optimize_graph=False)
        return list(out)

    def _lw(self, lw: list[float]) -> dict[_Voter, float]:
        return dict(zip(self.voters, lw, strict=True))

    def sums(self, lw: list[float]) -> list[float]:
        partial: dict[_Voter, list[float]] = {x: [] for x in self.voters}
        for found in self._map(_map_sums, self._lw(lw), self.learning):
            for x, floats in found.items():
                partial[x].extend(floats)
        return [math.fsum(partial[x]) for x in self.voters]

    def shared_false(self, lw: list[float]) -> dict[tuple[str, str], int]:
        shared: dict[tuple[str, str], int] = {}
        for found in self._map(_map_shared_false, self._lw(lw), self.learning):
            for pair, n in found.items():
                shared[pair] = shared.get(pair, 0) + n
        return shared

    def expected(self, acc: list[float], pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
        partial: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
        for found in self._map(_map_expected, self._lw(acc), list(pairs)):
            for pair, floats in found.items():
                partial[pair].extend(floats)
        return {pair: math.fsum(floats) for pair, floats in partial.items()}

    def examples(self, lw: list[float], member_of: Mapping[str, int], n: int) -> list[list[str]]:
        found: list[list[str]] = [[] for _ in range(n)]
        for per_family in self._map(_map_examples, self._lw(lw), dict(member_of), n, self.learning):
            for f, ids in enumerate(per_family):
                found[f].extend(ids)
        return found

    def fold(self, family: Mapping[_Voter, _Voter]) -> None:
        self.parts = self.parts.map_partitions(_map_fold, dict(family)).persist(optimize_graph=False)


def learn_reliability(
    claims: ClaimFiles | str | Sequence[str],
    entities: Dossier,
    *,
    policy: Policy = DEFAULT_POLICY,
    by: str | None = None,
    window_days: int | None = None,
    copies: bool = True,
    ignore_copies: Iterable[Iterable[str]] = (),
    all_or_nothing: bool = True,
) -> ReliabilityModel:
    """Learn how often each origin is right from claims in JSON Lines files, with Dask: the
    model :func:`~conflictmodels.reliability.learn_reliability` learns from one dossier
    holding the entities and every claim (in the order of the files), bit for bit.

    The claims are read once and shuffled, as :func:`reconcile` does, so that every
    question (a proposition, and for a place's control one day) is in one partition, and
    kept there (persisted on the workers) as votes. Each round of learning is then a map
    over the partitions (the value probabilities of each question, from the current
    accuracies, and per source the sum of the probabilities of its values) and a reduce
    on the client (the new accuracies, from those sums). Copy families are found the same
    way: the partitions count the false values each pair of sources shares, and the
    client adds up the counts.

    Sources are not resolved (as the local function does not): learn on the sources the
    claims cite, and pass the model to :func:`reconcile` (``reliability=``).

    Args:
        claims: The files (:func:`read_claims`, or a path, glob or list of them).
        entities: The sources (their grades are the priors, their parents make origins)
            and the other entities the claims cite: a dossier without claims.
        policy: As for the local function.
        by: As for the local function.
        window_days: As for the local function.
        copies: As for the local function.
        ignore_copies: As for the local function.
        all_or_nothing: Refuse every file if any line is bad (a
            :class:`~conflictmodels.ValidationError` naming each problem's file, line
            and path); ``False`` learns from the valid claims (:meth:`ClaimFiles.check`
            lists the others).

    Returns:
        The model, as the local function returns it.

    Raises:
        ValidationError: A bad line, or a claim citing an entity ``entities`` does not
            hold (with ``all_or_nothing``).
        FieldError: ``entities`` is not a dossier or holds claims, ``by`` is not one of
            :data:`~conflictmodels.reliability.SPLITS`, or ``window_days`` is not a
            positive integer.

    Example:
        >>> # entities: the sources, places and units of dossier d, whose claims are in the files
        >>> from conflictmodels.reliability import learn_reliability as local_learn
        >>> model = learn_reliability("feeds/*.jsonl", entities)  # doctest: +SKIP
        >>> model == local_learn(d)  # doctest: +SKIP
        True
        >>> reconcile("feeds/*.jsonl", entities, reliability=model).gather() == local_reconcile(d, reliability=model)  # doctest: +SKIP
        True
    """
    _dask()  # an ImportError saying how to install it, before anything else
    window_days = _options("learn_reliability", by, window_days)
    files = claims if isinstance(claims, ClaimFiles) else read_claims(claims)
    _check_entities("learn_reliability", entities, policy)
    plan = files._plan(**_shipped(entities))
    learning = _Learning(
        roots=_roots(entities.sources), by=by, window_days=window_days, rules=policy.learning, copies=copies
    )
    engine = _Partitions(_grouped(files, plan, learning, all_or_nothing), learning)
    return _learn(engine, entities.sources, policy, by, window_days, copies, ignore_copies)


def _grouped(files: ClaimFiles, plan: _Plan, learning: _Learning, all_or_nothing: bool) -> Bag:
    """The claims read once and grouped by question, as votes kept on the workers (one ``_Part`` a partition)."""
    dask = _dask()
    p, lp = dask.delayed(plan), dask.delayed(learning)
    if not files.blocks:
        empty: Bag = dask.bag.from_sequence([], npartitions=1).map_partitions(_build, lp)
        return empty
    reads = [dask.delayed(_read_questions)(b, i, p, lp) for i, (_, b) in enumerate(files.blocks)]
    grouped = cast(Any, _shuffle(dask.bag.from_delayed([r[1] for r in reads]))).map_partitions(_build, lp)
    # One computation: each block is read once for its errors and its claims. Not optimized: nothing to
    # fuse, and on the synchronous scheduler what is persisted is data in the graph, which optimizing walks.
    parts, *surveys = dask.persist(grouped, *[r[0] for r in reads], optimize_graph=False)
    report = files._report(dask.compute(*surveys))
    if all_or_nothing:
        report.raise_errors("nothing was learned")
    out: Bag = parts
    return out
