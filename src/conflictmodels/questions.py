"""Questions a map desk asks of a reconciliation: who held a place, the picture, what changed.

:func:`control_at` answers "who held this place at this time?" from the control
assessments of a reconciled dossier: the state whose ``valid`` span covers the time
(superseded states are history, and count), never a change that is only claimed.
:func:`picture` is the map at a time: one state per place, claimed changes listed
beside it. :func:`diff` lists each judgment that changed between two reconciliations,
from what to what, and the claims that caused it (ICD 203 asks analysts to explain
changes in judgments). Every answer is a frozen object with a plain-English
``describe()``.

These functions read assessments only (their statement, status, likelihood, confidence,
``valid`` span and claims), so they answer the same way for :func:`~conflictmodels.reconcile`'s
assessments and an analyst's.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import control_at
    >>> from conflictmodels.examples import contested_week
    >>> answer = control_at(contested_week(), "Sudzha", datetime(2025, 3, 1, tzinfo=timezone.utc))
    >>> answer.holder
    'UA'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._spec import exact_key
from .assessment import Assessment
from .dossier import Dossier
from .errors import FieldError, FieldTypeError
from .location import Location
from .names import name_keys, normalise
from .relations import PropositionKey, control_value, proposition_key
from .statement import Statement
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, Predicate

__all__ = ["ControlAnswer", "Diff", "JudgmentChange", "Picture", "control_at", "diff", "picture"]

_MINE = "conflictmodels "
_CLAIMED = "claimed"  # AssessmentStatus.CLAIMED: a change claimed, not observed; never a state
_S = AssessmentStatus
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _day(moment: datetime) -> str:
    """``14 March 2025``, in the moment's own time zone (whatever the locale)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _is_claimed(a: Assessment) -> bool:
    return a.status.value == _CLAIMED


def _judgment_words(a: Assessment) -> str:
    """``corroborated, likely, moderate confidence``: the status and the two ICD 203 axes."""
    words = [a.status.value]
    if a.likelihood is not None:
        words.append(a.likelihood.label)
    if a.confidence is not None:
        words.append(f"{a.confidence.value} confidence")
    return ", ".join(words)


# --------------------------------------------------------------------------- reading a control assessment


def _reading(statement: Statement, status: AssessmentStatus) -> tuple[str | None, bool, tuple[str, ...]]:
    """(holder, contested, contenders) of a control assessment's statement.

    Only a judgment that a party holds the place names a holder; a contested or
    refuted judgment names none.
    """
    kind, party = control_value(statement)
    contenders = tuple(sorted({p for p in (statement.party, statement.counterparty) if p is not None}))
    if kind == "contested" or status is _S.CONTESTED:
        return None, True, contenders
    if kind == "ctrl" and status is not _S.REFUTED:
        return party, False, ()
    return None, False, ()


def _no_judgment(a: Assessment) -> bool:
    """Whether a control assessment judges no holder: a change only claimed, a refuted
    judgment, or one without a likelihood (no usable information) that is not contested."""
    if _is_claimed(a) or a.status is _S.REFUTED:
        return True
    if a.likelihood is None:
        return not _reading(a.statement, a.status)[1]
    return False


def _value_words(statement: Statement, status: AssessmentStatus | None = None) -> str:
    """What a judgment says, in words: ``RU holds it``, ``contested between RU and UA``, a figure.

    A claimed change (status ``claimed``) is read as the change it claims: ``RU captured it``.
    """
    if statement.predicate is Predicate.CONTROL:
        kind, party = control_value(statement)
        change = statement.change
        if status is not None and status.value == _CLAIMED and change is not None and change.value != "holds":
            if change.value == "contested":
                return "it became contested"
            return f"{statement.party} {change.value} it"
        if kind == "contested":
            contenders = sorted({p for p in (statement.party, statement.counterparty) if p is not None})
            return f"contested between {' and '.join(contenders)}" if len(contenders) > 1 else "contested"
        if kind == "calm":
            return "not contested"
        if kind == "not":
            return f"{party} does not hold it"
        return f"{party} holds it"
    q = statement.quantity
    if q is not None:
        text = q.phrase or "-".join("?" if v is None else f"{v:,}" for v in (q.low, q.best, q.high))
        return f"{text} {q.unit}" if q.unit else text
    return "not so" if statement.negated else "so"


def _said(a: Assessment, place: str) -> str:
    """What an assessment says of ``place``: ``RU holds Sudzha``, ``RU captured Sudzha``."""
    words = _value_words(a.statement, a.status)
    if words.endswith(" it"):
        return words[:-2] + place
    return words.replace("it became", f"{place} became", 1)


# --------------------------------------------------------------------------- places


def _check_when(when: object, owner: str, field: str) -> datetime:
    if not isinstance(when, datetime):
        raise FieldTypeError(owner, field, "must be a datetime", when)
    if when.utcoffset() is None:
        raise FieldError(owner, field, "must be timezone-aware (a naive datetime names no instant)", when)
    return when


def _find_place(dossier: Dossier, place: str, owner: str = "control_at") -> Location:
    """The location of ``dossier`` that ``place`` names: its id, else its name or an alias.

    Names are compared as :func:`~conflictmodels.names.normalise` leaves them (case,
    punctuation and spacing aside); when none is equal, transliterations are tried
    (:func:`~conflictmodels.names.name_keys`). A name that fits several places is an
    error naming them all, labelled ``<owner>.place`` (``control_at.place: ...``).

    Raises:
        FieldError: ``place`` names no location, or more than one.

    Example:
        >>> from conflictmodels.examples import contested_week
        >>> from conflictmodels.questions import _find_place
        >>> _find_place(contested_week(), "СУДЖА").id, _find_place(contested_week(), "Sudzha").id
        ('sudzha', 'sudzha')
    """
    if not isinstance(place, str):
        raise FieldTypeError(owner, "place", "must be a location id or name (str)", place)
    try:
        return dossier.location(place)
    except KeyError:
        pass
    wanted = normalise(place)
    found = [loc for loc in dossier.locations if any(normalise(n) == wanted for n in loc.names)]
    if not found and wanted:
        keys = name_keys(place)
        found = [loc for loc in dossier.locations if any(keys & name_keys(n) for n in loc.names)]
    if not found:
        raise FieldError(owner, "place", "names no location of the dossier (by id, name or alias)", place)
    if len(found) > 1:
        listed = "; ".join(f"{loc.id} ({loc.name}{', ' + loc.region if loc.region else ''})" for loc in found)
        raise FieldError(owner, "place", f"is ambiguous: it names {len(found)} locations: {listed}; give an id",
                         place)  # fmt: skip
    return found[0]


def _reconciled(dossier: Dossier, owner: str, field: str) -> Dossier:
    """``dossier`` itself when it was reconciled (or holds only an analyst's assessments and
    no claims); otherwise reconciled with the default policy."""
    if not isinstance(dossier, Dossier):
        raise FieldTypeError(owner, field, "must be a Dossier", dossier)
    if not dossier.claims or any(a.assessed_by.startswith(_MINE) for a in dossier.assessments):
        return dossier
    from .reconciliation import reconcile  # the engine is loaded on first use only

    return reconcile(dossier)


def _control_by_place(dossier: Dossier) -> dict[str, list[Assessment]]:
    out: dict[str, list[Assessment]] = {}
    for a in dossier.assessments:
        st = a.statement
        if st.predicate is Predicate.CONTROL and len(st.location_ids) == 1:
            out.setdefault(st.location_ids[0], []).append(a)
    return out


# --------------------------------------------------------------------------- control_at


def _covers(valid: TimeSpan | None, when: datetime) -> bool:
    return valid is None or valid.contains(when)


def _start_key(a: Assessment) -> float:
    start = None if a.valid is None else a.valid.start
    return -math.inf if start is None else start.timestamp()


def _latest(candidates: Iterable[Assessment]) -> Assessment | None:
    """Of overlapping states, the one that began last (then the latest judgment, then by id)."""
    return max(candidates, key=lambda a: (_start_key(a), a.assessed_at, a.id), default=None)


@attrs.frozen(kw_only=True)
class ControlAnswer:
    """Who held a place at a time, and how sure the judgment is.

    Attributes:
        place: The place asked about.
        when: The time asked about (``None``: the current picture).
        state: The assessment of the state that covers ``when`` (a superseded one for a
            past state), or ``None`` when no judgment covers it.
        holder: The party judged to hold the place, or ``None`` (contested, refuted,
            undetermined, or no state).
        contested: Whether the state is contested (credible evidence both ways).
        contenders: The parties a contested state names, sorted.
        pending: Changes claimed but not observed, open at ``when``: their assessments
            (status ``claimed``); never a holder.
        set_aside: When no state covers ``when``: the judgments covering it that name no
            holder, refuted ones or ones without a likelihood (no usable information);
            never the state, never a holder.
        sources: Source names of the claims of each pending change, by assessment id,
            for :meth:`describe`.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import control_at
        >>> from conflictmodels.examples import contested_week
        >>> a = control_at(contested_week(), "sudzha", datetime(2025, 3, 1, tzinfo=timezone.utc))
        >>> a.holder, a.contested, a.status.value
        ('UA', False, 'superseded')
    """

    place: Location
    when: datetime | None
    state: Assessment | None
    holder: str | None
    contested: bool = False
    contenders: tuple[str, ...] = ()
    pending: tuple[Assessment, ...] = ()
    set_aside: tuple[Assessment, ...] = ()
    sources: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False, hash=False, repr=False)

    @property
    def status(self) -> AssessmentStatus | None:
        """The state's status (``superseded`` for a past state), if there is a state."""
        return None if self.state is None else self.state.status

    @property
    def likelihood(self) -> Any:
        """The state's ICD 203 likelihood, if any."""
        return None if self.state is None else self.state.likelihood

    @property
    def confidence(self) -> Any:
        """The state's analytic confidence, if any."""
        return None if self.state is None else self.state.confidence

    @property
    def since(self) -> datetime | None:
        """When the state began, if known."""
        return None if self.state is None or self.state.valid is None else self.state.valid.start

    @property
    def until(self) -> datetime | None:
        """When the state ended (the next state began), ``None`` while it holds."""
        return None if self.state is None or self.state.valid is None else self.state.valid.end

    def describe(self) -> str:
        """The answer in a sentence an editor would print.

        Example:
            >>> from datetime import datetime, timezone
            >>> from conflictmodels import control_at
            >>> from conflictmodels.examples import contested_week
            >>> a = control_at(contested_week(), "Sudzha", datetime(2025, 3, 1, tzinfo=timezone.utc))
            >>> a.describe().split(" (")[0]
            'On 1 March 2025 Sudzha was held by UA'
        """
        on = "Now" if self.when is None else f"On {_day(self.when)}"
        verb = "is" if self.when is None else "was"
        name = self.place.name
        a = self.state
        if a is None:
            text = f"{on} there is no judgment on who {'holds' if self.when is None else 'held'} {name}."
            for x in self.set_aside:
                why = "Refuted" if x.status is _S.REFUTED else "No usable information"
                text += f" {why}: {_said(x, name)} ({_judgment_words(x)}){_span_words(x)}."
        else:
            if self.holder is not None:
                text = f"{on} {name} {verb} held by {self.holder}"
            elif self.contested:
                between = f" between {' and '.join(self.contenders)}" if len(self.contenders) > 1 else ""
                text = f"{on} {name} {verb} contested{between}"
            else:
                text = f"{on} the judgment on {name} {verb}: {_said(a, name)}"
            text += f" ({_judgment_words(a)})"
            if self.since is not None and self.until is not None:
                text += f", from {_day(self.since)} until {_day(self.until)}"
            elif self.since is not None:
                text += f", since {_day(self.since)}"
            elif self.until is not None:
                text += f", until {_day(self.until)}"
            text += "."
        for note in self.pending:
            who = ", ".join(self.sources.get(note.id, ())) or "a source"
            when = "" if note.valid is None or note.valid.start is None else f" on {_day(note.valid.start)}"
            text += (f" Claimed, not observed: {_said(note, name)}{when}"
                     f" ({who}; {_judgment_words(note)}).")  # fmt: skip
        return text


def _answer(dossier: Dossier, place: Location, group: Sequence[Assessment], when: datetime | None) -> ControlAnswer:
    states = [a for a in group if not _is_claimed(a)]
    notes = [a for a in group if _is_claimed(a)]
    if when is None:
        covering = [a for a in states if a.status is not _S.SUPERSEDED]
        pending = [a for a in notes if a.valid is None or a.valid.end is None]
    else:
        covering = [a for a in states if _covers(a.valid, when)]
        pending = [a for a in notes if _covers(a.valid, when)]
    state = _latest(a for a in covering if not _no_judgment(a))
    aside = (
        []
        if state is not None
        else sorted((a for a in covering if _no_judgment(a)), key=lambda a: (_start_key(a), a.id))
    )
    holder, contested, contenders = (None, False, ()) if state is None else _reading(state.statement, state.status)
    if holder is not None:  # a claim that the holder holds it is no change
        pending = [a for a in pending if control_value(a.statement) != ("ctrl", holder)]
    pending.sort(key=lambda a: (_start_key(a), a.id))
    sources = {a.id: _source_names(dossier, a.supporting) for a in pending}
    return ControlAnswer(place=place, when=when, state=state, holder=holder, contested=contested,
                         contenders=contenders, pending=tuple(pending), set_aside=tuple(aside),
                         sources=sources)  # fmt: skip


def _source_names(dossier: Dossier, claim_ids: Iterable[str]) -> tuple[str, ...]:
    names: list[str] = []
    for cid in claim_ids:
        name = _claim_source(dossier, cid)
        if name not in names:
            names.append(name)
    return tuple(names)


def _claim_source(dossier: Dossier, claim_id: str) -> str:
    try:
        claim = dossier.claim(claim_id)
    except KeyError:
        return claim_id
    try:
        return dossier.source(claim.source_id).name
    except KeyError:
        return claim.source_id


def control_at(dossier_or_result: Dossier, place: str, when: datetime) -> ControlAnswer:
    """Who held ``place`` at ``when``, by the assessments of a reconciled dossier.

    The answer is the control state whose ``valid`` span covers ``when``: a superseded
    state answers for its own time, the current state (open ``valid``) from its start on.
    Of overlapping states, the one that began last is taken. A change that is only
    claimed (status ``claimed``) never becomes the holder; the claimed changes open at
    ``when`` are listed in ``pending``. A contested state has no holder. A refuted
    judgment, or one without a likelihood (no usable information), is never the state
    and never names a holder: with nothing else covering ``when`` the answer is "no
    judgment", and those judgments are listed in ``set_aside``.

    Args:
        dossier_or_result: A reconciled dossier; a dossier without assessments of
            :func:`~conflictmodels.reconcile` is reconciled first, with the default policy.
        place: A location id, or a name or alias of exactly one location of the dossier.
        when: An aware datetime.

    Returns:
        The answer; ``describe()`` puts it in a sentence.

    Raises:
        FieldError: ``place`` names no location or several (the error lists them), or
            ``when`` is naive.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels.examples import contested_week
        >>> from conflictmodels.questions import control_at
        >>> a = control_at(contested_week(), "Sudzha", datetime(2025, 3, 1, tzinfo=timezone.utc))
        >>> a.holder, a.since.date().isoformat()
        ('UA', '2024-08-15')
    """
    result = _reconciled(dossier_or_result, "control_at", "dossier_or_result")
    moment = _check_when(when, "control_at", "when")
    loc = _find_place(result, place)
    return _answer(result, loc, _control_by_place(result).get(loc.id, []), moment)


# --------------------------------------------------------------------------- picture


@attrs.frozen(kw_only=True)
class Picture:
    """The map at a time: one state per place.

    Attributes:
        at: The time (``None``: the current picture, superseded states left out).
        places: One answer per place with a control judgment, by place name then id.

    Example:
        >>> from conflictmodels import picture
        >>> from conflictmodels.examples import contested_week
        >>> p = picture(contested_week())
        >>> [(a.place.name, a.holder) for a in p.places]
        [('Sudzha', 'RU')]
    """

    at: datetime | None
    places: tuple[ControlAnswer, ...] = ()

    @property
    def states(self) -> tuple[Assessment, ...]:
        """The state of each place that has one, in the order of ``places``."""
        return tuple(a.state for a in self.places if a.state is not None)

    @property
    def claimed(self) -> tuple[Assessment, ...]:
        """The changes claimed but not observed, open at ``at``, in the order of ``places``."""
        return tuple(note for a in self.places for note in a.pending)

    def describe(self) -> str:
        """One line per place.

        Example:
            >>> from conflictmodels import picture
            >>> from conflictmodels.examples import contested_week
            >>> print(picture(contested_week()).describe().split(" (")[0])
            Now Sudzha is held by RU
        """
        return "\n".join(a.describe() for a in self.places) or "No place has a control judgment."


def picture(result: Dossier, at: datetime | None = None) -> Picture:
    """The picture at ``at``: for each place, the state that holds then.

    With ``at=None``, the current picture: each place's state that is not superseded.
    Superseded states (at ``at``: states that do not cover it) and claimed changes are
    never the state; claimed changes open at ``at`` are listed in :attr:`Picture.claimed`.
    For every place, the answer is the one :func:`control_at` gives at the same time.

    Args:
        result: A reconciled dossier (one without the engine's assessments is reconciled
            first, with the default policy).
        at: An aware datetime, or ``None`` for the current picture.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels.examples import contested_week
        >>> from conflictmodels.questions import picture
        >>> early = picture(contested_week(), at=datetime(2025, 3, 1, tzinfo=timezone.utc))
        >>> [(a.place.id, a.holder) for a in early.places]
        [('sudzha', 'UA')]
    """
    dossier = _reconciled(result, "picture", "result")
    moment = None if at is None else _check_when(at, "picture", "at")
    answers = []
    for place_id, group in _control_by_place(dossier).items():
        loc = dossier.location(place_id)
        answer = _answer(dossier, loc, group, moment)
        if answer.state is not None or answer.pending or answer.set_aside:
            answers.append(answer)
    answers.sort(key=lambda a: (a.place.name, a.place.id))
    return Picture(at=moment, places=tuple(answers))


# --------------------------------------------------------------------------- diff


@attrs.frozen(kw_only=True)
class JudgmentChange:
    """One judgment that changed between two reconciliations, and why.

    Attributes:
        kind: ``"new"`` (only after), ``"gone"`` (only before), ``"changed"`` (the
            judgment changed) or ``"evidence"`` (the judgment stayed, its claims changed).
        proposition: What the judgment is about, in words (``control of Sudzha``).
        before: The assessment before, if any.
        after: The assessment after, if any.
        changed: What changed: some of ``"value"`` (for control, who holds it),
            ``"status"``, ``"likelihood"``, ``"confidence"``, ``"valid"``.
        supporting_added: Claims supporting it now that did not before.
        supporting_removed: Claims that supported it before and no longer do (not withdrawn).
        contradicting_added: Claims contradicting it now that did not before.
        contradicting_removed: Claims that contradicted it before and no longer do (not withdrawn).
        withdrawn: Claims it cited before that were withdrawn since (a withdrawal counts from
            its ``at``: two runs of one dossier ``as_of`` either side of it differ by it).
        cause: ``"evidence"`` (claims entered or left it, or were withdrawn), ``"rules"``
            (both runs saw the same claims: the rules or the engine changed, not the
            evidence) or ``""`` (its own claims are the same, but the runs saw different
            ones: other judgments or the time judged moved it).
        text: The change in plain English (:meth:`describe`).

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import diff, reconcile
        >>> from conflictmodels.examples import contested_week
        >>> week = contested_week()
        >>> earlier = reconcile(week, as_of=datetime(2025, 3, 12, tzinfo=timezone.utc))
        >>> change = next(iter(diff(earlier, reconcile(week))))
        >>> change.kind in {"new", "gone", "changed", "evidence"}, isinstance(change.describe(), str)
        (True, True)
    """

    kind: str
    proposition: str
    before: Assessment | None
    after: Assessment | None
    changed: tuple[str, ...] = ()
    supporting_added: tuple[str, ...] = ()
    supporting_removed: tuple[str, ...] = ()
    contradicting_added: tuple[str, ...] = ()
    contradicting_removed: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    cause: str = ""
    text: str = attrs.field(default="", eq=False)

    def describe(self) -> str:
        """The change in plain English, with place and source names.

        Example:
            >>> from datetime import datetime, timezone
            >>> from conflictmodels import diff, reconcile
            >>> from conflictmodels.examples import contested_week
            >>> week = contested_week()
            >>> changes = diff(reconcile(week, as_of=datetime(2025, 3, 12, tzinfo=timezone.utc)), reconcile(week))
            >>> changes.changes[0].describe().startswith("control of Sudzha: ")
            True
        """
        return self.text


@attrs.frozen(kw_only=True)
class Diff:
    """What changed between two reconciliations.

    Attributes:
        changes: Each judgment that changed, by proposition (place name), then time.

    Example:
        >>> from conflictmodels import diff, reconcile
        >>> from conflictmodels.examples import contested_week
        >>> d = diff(reconcile(contested_week()), reconcile(contested_week()))
        >>> len(d), d.describe()
        (0, 'No judgment changed.')
    """

    changes: tuple[JudgmentChange, ...] = ()

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Any:
        return iter(self.changes)

    def describe(self) -> str:
        """One paragraph per change."""
        return "\n".join(c.text for c in self.changes) or "No judgment changed."


def _content(a: Assessment) -> tuple[Any, ...]:
    """What a judgment is, without when or by whom it was made."""
    return (a.id, a.statement, a.status, a.likelihood, a.confidence, a.supporting, a.contradicting, a.valid,
            a.independent_origins)  # fmt: skip


def _subject(a: Assessment) -> PropositionKey:
    return proposition_key(a.statement)


def _claims_of(a: Assessment) -> frozenset[str]:
    return frozenset((*a.supporting, *a.contradicting))


def _value_key(a: Assessment) -> Any:
    st = a.statement
    if st.predicate is Predicate.CONTROL:
        return _reading(st, a.status)[:2] if not _is_claimed(a) else ("claimed", control_value(st))
    return (st.quantity, st.negated)


def _start(a: Assessment) -> datetime | None:
    return None if a.valid is None else a.valid.start


def _pairs(before: list[Assessment], after: list[Assessment]) -> list[tuple[Assessment | None, Assessment | None]]:
    """Pairs of one proposition's judgments before and after; unpaired ones with ``None``.

    Identical judgments pair first; then the pairs sharing most claims, then those with
    the same value and start. A single judgment on each side always pairs. The order
    of ties does not depend on which side is "before", so ``diff(b, a)`` mirrors
    ``diff(a, b)``.
    """
    out: list[tuple[Assessment | None, Assessment | None]] = []
    left = sorted(before, key=exact_key)
    right = sorted(after, key=exact_key)
    by_content: dict[Any, list[Assessment]] = {}
    for a in right:
        by_content.setdefault(_content(a), []).append(a)
    rest_left = []
    for b in left:
        same = by_content.get(_content(b))
        if same:
            out.append((b, same.pop(0)))
        else:
            rest_left.append(b)
    rest_right = [a for group in by_content.values() for a in group]
    candidates = []
    for b in rest_left:
        for a in rest_right:
            shared = len(_claims_of(b) & _claims_of(a))
            same_value = _value_key(b) == _value_key(a)
            same_start = _start(b) == _start(a)
            if shared or (same_value and same_start) or (len(rest_left) == 1 and len(rest_right) == 1):
                tie = tuple(sorted((exact_key(b), exact_key(a))))
                candidates.append(((-shared, not same_value, not same_start, tie), b, a))
    candidates.sort(key=lambda c: c[0])
    used_l: set[int] = set()
    used_r: set[int] = set()
    for _, b, a in candidates:
        if id(b) not in used_l and id(a) not in used_r:
            used_l.add(id(b))
            used_r.add(id(a))
            out.append((b, a))
    out += [(b, None) for b in rest_left if id(b) not in used_l]
    out += [(None, a) for a in rest_right if id(a) not in used_r]
    return out


class _Run:
    """What one reconciliation counted and saw: the claims its assessments cite as evidence
    (supporting, contradicting), those they cite at all, and the latest report among those
    (the run's ``as_of`` is not stored; it was at least that late)."""

    def __init__(self, d: Dossier) -> None:
        self.dossier = d
        self.evidence = frozenset(i for a in d.assessments for i in (*a.supporting, *a.contradicting))
        self.seen = frozenset(i for a in d.assessments for i in a.claim_ids)
        times = []
        for i in self.seen:
            try:
                times.append(d.claim(i).reported_at)
            except KeyError:
                continue
        self.horizon: datetime | None = max(times, key=lambda t: t.timestamp(), default=None)

    def claim(self, claim_id: str) -> Any:
        try:
            return self.dossier.claim(claim_id)
        except KeyError:
            return None


def _withdrawn_between(claim_id: str, before: _Run, after: _Run) -> bool:
    """Whether a withdrawal of the claim came into force between the two runs.

    A withdrawal counts from its ``at``. The later run must not count the claim; then
    either the earlier dossier does not record the withdrawal (news), or both record it
    and the earlier run still counted the claim (it was judged before the withdrawal)
    while the later run set it aside or saw reports from after the withdrawal.
    """
    now = after.claim(claim_id)
    if now is None or not now.withdrawals or claim_id in after.evidence:
        return False
    then = before.claim(claim_id)
    if then is None or not then.withdrawals:
        return True
    if claim_id not in before.evidence:
        return False  # the earlier run did not count it either
    if claim_id in after.seen:
        return True
    first = min(w.at.timestamp() for w in now.withdrawals)
    return after.horizon is not None and first <= after.horizon.timestamp()


class _Namer:
    """Names for the text of a diff: places, sources of claims, from either dossier."""

    def __init__(self, before: Dossier, after: Dossier) -> None:
        self.before, self.after = before, after
        self.runs = _Run(before), _Run(after)
        # the same claims, and the two runs saw the same ones: no new evidence explains a change
        self.same_claims = self.runs[0].seen == self.runs[1].seen and _claims_by_id(before) == _claims_by_id(after)

    def withdrawn(self, claim_id: str) -> bool:
        return _withdrawn_between(claim_id, *self.runs)

    def place(self, loc_id: str) -> str:
        for d in (self.after, self.before):
            try:
                return d.location(loc_id).name
            except KeyError:
                continue
        return loc_id

    def claim(self, claim_id: str) -> str:
        for d in (self.after, self.before):
            try:
                d.claim(claim_id)
            except KeyError:
                continue
            return f"{_claim_source(d, claim_id)} ({claim_id})"
        return claim_id

    def claims(self, ids: Iterable[str]) -> str:
        return ", ".join(self.claim(i) for i in ids)

    def proposition(self, st: Statement) -> str:
        places = " and ".join(self.place(i) for i in st.location_ids)
        if st.predicate is Predicate.CONTROL:
            return f"control of {places}"
        words = [
            st.custom_predicate if st.predicate is Predicate.CUSTOM and st.custom_predicate else st.predicate.value
        ]
        if st.party:
            words.append(f"of {st.party}")
        if places:
            words.append(f"at {places}")
        if st.unit_ids:
            names = []
            for uid in st.unit_ids:
                try:
                    names.append(self.after.unit(uid).name)
                except KeyError:
                    names.append(uid)
            words.append(f"({', '.join(names)})")
        if st.predicate is Predicate.SITUATION and st.description:
            words.append(f'"{st.description}"')
        return " ".join(words)


def _change(b: Assessment | None, a: Assessment | None, names: _Namer) -> JudgmentChange | None:
    one = a if a is not None else b
    assert one is not None
    prop = names.proposition(one.statement)
    place = " and ".join(names.place(i) for i in one.statement.location_ids) or "it"
    if b is None or a is None:
        kind = "new" if b is None else "gone"
        claims = a.supporting if a is not None else ()
        text = f"{prop}: new judgment: {_said(one, place)} ({_judgment_words(one)})"
        if b is not None:
            text = f"{prop}: judgment gone: {_said(one, place)} (was {_judgment_words(b)})"
        text += _span_words(one) + "."
        withdrawn: tuple[str, ...] = ()
        if b is not None:
            withdrawn = tuple(i for i in b.claim_ids if names.withdrawn(i))
            removed = tuple(i for i in b.supporting if i not in withdrawn)
            if withdrawn:
                text += f" Withdrawn: {names.claims(withdrawn)}."
            if removed:
                text += f" No longer cited: {names.claims(removed)}."
            if names.same_claims and not withdrawn:
                text += " Same claims: the change comes from the rules or the engine, not from new evidence."
            cause = "rules" if names.same_claims and not withdrawn else "evidence"
            return JudgmentChange(kind=kind, proposition=prop, before=b, after=None, supporting_removed=removed,
                                  cause=cause,
                                  contradicting_removed=tuple(i for i in b.contradicting if i not in withdrawn),
                                  withdrawn=withdrawn, text=text)  # fmt: skip
        if claims:
            text += f" Supported by {names.claims(claims)}."
        if a is not None and a.contradicting:
            text += f" Contradicted by {names.claims(a.contradicting)}."
        if names.same_claims:
            text += " Same claims: the change comes from the rules or the engine, not from new evidence."
        return JudgmentChange(kind=kind, proposition=prop, before=None, after=a, supporting_added=tuple(claims),
                              cause="rules" if names.same_claims else "evidence",
                              contradicting_added=a.contradicting if a is not None else (), text=text)  # fmt: skip
    changed = []
    if _value_key(b) != _value_key(a) or b.statement.quantity != a.statement.quantity:
        changed.append("value")
    for name in ("status", "likelihood", "confidence", "valid"):
        if getattr(b, name) != getattr(a, name):
            changed.append(name)
    sb, sa, cb, ca = set(b.supporting), set(a.supporting), set(b.contradicting), set(a.contradicting)
    withdrawn = tuple(sorted(i for i in (sb | cb) - (sa | ca) if names.withdrawn(i)))
    sup_add = tuple(sorted(sa - sb))
    sup_rem = tuple(sorted(sb - sa - set(withdrawn)))
    con_add = tuple(sorted(ca - cb))
    con_rem = tuple(sorted(cb - ca - set(withdrawn)))
    if not changed and not (sup_add or sup_rem or con_add or con_rem or withdrawn):
        return None
    kind = "changed" if changed else "evidence"
    if "value" in changed:
        head = (f"{prop}: from {_said(b, place)} ({_judgment_words(b)}) "
                f"to {_said(a, place)} ({_judgment_words(a)})")  # fmt: skip
    elif changed:
        head = (f"{prop}: {_said(a, place)}{_span_words(b)}: "
                f"from {_judgment_words(b)} to {_judgment_words(a)}")  # fmt: skip
        if "valid" in changed:
            head += f"; {_valid_change(b, a)}"
    else:
        head = (f"{prop}: {_said(a, place)} ({_judgment_words(a)}): "
                f"judgment unchanged, its evidence changed")  # fmt: skip
    parts = [head + "."]
    if sup_add:
        parts.append(f"Now supported by {names.claims(sup_add)}.")
    if con_add:
        parts.append(f"Now contradicted by {names.claims(con_add)}.")
    if withdrawn:
        parts.append(f"Withdrawn: {names.claims(withdrawn)}.")
    if sup_rem:
        parts.append(f"No longer supported by {names.claims(sup_rem)}.")
    if con_rem:
        parts.append(f"No longer contradicted by {names.claims(con_rem)}.")
    cause = "evidence" if sup_add or sup_rem or con_add or con_rem or withdrawn else ""
    if not cause and names.same_claims:
        cause = "rules"
        parts.append(_rules_note(b, a))
    return JudgmentChange(cause=cause, kind=kind, proposition=prop, before=b, after=a, changed=tuple(changed),
                          supporting_added=sup_add, supporting_removed=sup_rem, contradicting_added=con_add,
                          contradicting_removed=con_rem, withdrawn=withdrawn, text=" ".join(parts))  # fmt: skip


def _claims_by_id(d: Dossier) -> dict[str, Any]:
    return {c.id: c for c in d.claims}


def _codes(a: Assessment) -> list[str]:
    """The rule codes of an assessment's rationale, in order, each once."""
    out: dict[str, None] = {}
    for entry in a.rationale:
        if entry.startswith("[") and "] " in entry:
            out[entry[1 : entry.index("] ")]] = None
    return list(out)


def _rules_note(b: Assessment, a: Assessment) -> str:
    """Why a judgment on the same claims changed: the rules or the engine, and which reasons differ."""
    text = "Same claims: the change comes from the rules or the engine, not from new evidence"
    now, then = _codes(a), _codes(b)
    added = [c for c in now if c not in then]
    dropped = [c for c in then if c not in now]
    reasons = []
    if added:
        reasons.append("now " + ", ".join(f"[{c}]" for c in added))
    if dropped:
        reasons.append("no longer " + ", ".join(f"[{c}]" for c in dropped))
    if reasons:
        text += f" (its reasons: {'; '.join(reasons)})"
    return text + "."


def _span_words(a: Assessment) -> str:
    v = a.valid
    if v is None:
        return ""
    if v.start is not None and v.end is not None:
        return f", {_day(v.start)} to {_day(v.end)}"
    if v.start is not None:
        return f", since {_day(v.start)}"
    assert v.end is not None
    return f", until {_day(v.end)}"


def _valid_change(b: Assessment, a: Assessment) -> str:
    """How the time a state held changed: ``it ended on 13 March 2025, when a later state began``."""

    def ends(x: Assessment) -> tuple[datetime | None, datetime | None]:
        return (None, None) if x.valid is None else (x.valid.start, x.valid.end)

    def on(moment: datetime | None) -> str:
        return "at an unknown date" if moment is None else f"on {_day(moment)}"

    (bs, be), (as_, ae) = ends(b), ends(a)
    parts = []
    if bs != as_:
        parts.append(f"it now begins {on(as_)} (was {on(bs)})")
    if be != ae:
        if ae is None:
            assert be is not None
            parts.append(f"it no longer ends on {_day(be)}")
        elif be is None:
            later = ", when a later state began" if a.status is _S.SUPERSEDED else ""
            parts.append(f"it ended on {_day(ae)}{later}")
        else:
            parts.append(f"it now ends on {_day(ae)} (was {_day(be)})")
    return "; ".join(parts) or "the time it held changed"


def diff(before: Dossier, after: Dossier) -> Diff:
    """Each judgment that changed between two reconciliations, from what to what, and why.

    Judgments are matched by proposition (the place, for control; the subject of the
    statement otherwise), not by assessment id alone: of one place's states, those
    sharing most claims are the same judgment, then those with the same holder and
    start. Each change lists the claims that entered or left its supporting and
    contradicting claims, and the claims withdrawn since (a withdrawal counts from its
    ``at``, so two runs of one dossier ``as_of`` either side of it differ by it). When
    both runs saw the same claims, each change says that the rules or the engine
    changed, not the evidence, and which rule codes its rationale gained or lost
    (each :class:`~conflictmodels.JudgmentChange`'s ``cause``). Identical judgments are left out, so ``diff(x, x)``
    is empty; ``diff(b, a)`` mirrors ``diff(a, b)``.

    Args:
        before: The earlier reconciled dossier.
        after: The later one.

    Returns:
        The changes, by proposition then time; ``describe()`` gives one line each.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import reconcile
        >>> from conflictmodels.examples import contested_week
        >>> from conflictmodels.questions import diff
        >>> week = contested_week()
        >>> earlier = reconcile(week, as_of=datetime(2025, 3, 12, tzinfo=timezone.utc))
        >>> later = reconcile(week)
        >>> sorted({c.kind for c in diff(earlier, later)})
        ['changed', 'new']
    """
    for name, d in (("before", before), ("after", after)):
        if not isinstance(d, Dossier):
            raise FieldTypeError("diff", name, "must be a Dossier", d)
    groups: dict[PropositionKey, tuple[list[Assessment], list[Assessment]]] = {}
    for x in before.assessments:
        groups.setdefault(_subject(x), ([], []))[0].append(x)
    for y in after.assessments:
        groups.setdefault(_subject(y), ([], []))[1].append(y)
    names = _Namer(before, after)
    changes = []
    for left, right in groups.values():
        for b, a in _pairs(left, right):
            change = _change(b, a, names)
            if change is not None:
                changes.append(change)
    changes.sort(key=_change_order)
    return Diff(changes=tuple(changes))


def _change_order(c: JudgmentChange) -> tuple[Any, ...]:
    one = c.after if c.after is not None else c.before
    assert one is not None
    return (c.proposition, _start_key(one), exact_key(c.before), exact_key(c.after))
