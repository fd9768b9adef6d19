"""Statements: what a claim asserts, typed by predicate.

Example:
    >>> s = Statement(predicate=Predicate.CONTROL, party="RU", change=ControlChange.RECAPTURED,
    ...               location_ids=("malaya-lokhnya",))
    >>> s.subject
    ('control', ('malaya-lokhnya',), (), None)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, extra, flag, model, nested, pattern, refs, text, vocab
from .estimates import Estimate
from .events import Event
from .values import Value
from .vocabularies import ControlChange, Favours, Modality, Predicate

__all__ = [
    "FAVOURS_RULES",
    "NEEDS",
    "PREDICATES",
    "Need",
    "PredicateRule",
    "Statement",
    "needs_table",
    "needs_text",
    "predicates_where",
]


@attrs.frozen(kw_only=True)
class PredicateRule:
    """What statements of one predicate need, and how the merge rules treat them.

    Attributes:
        places: How many locations a statement names: ``"one"``, ``"some"`` (one or
            more) or ``"any"``.
        party: ``party`` is required.
        change: ``change`` is required (and allowed only for such predicates).
        custom: ``custom_predicate`` is required (and allowed only for such predicates).
        figure: A ``quantity`` is required (or, without a figure, a ``description``).
        description: A ``description`` is required.
        attribute: ``attribute`` and ``value`` are required (and allowed only for such
            predicates), ``entity`` is allowed, and the statement names what it is
            about: a location, units or an ``entity``.
        target: A target is required: a location or units.
        who: Who is there is required: units or a party.
        event: ``event`` is required (and allowed only for such predicates).
        person: Exactly one person (``person_ids``) and one unit are required (and
            ``person_ids`` is allowed only for such predicates).
        keyed_by: What besides places and units makes two statements one proposition:
            ``"party"``, ``"description"`` (free text is its own proposition),
            ``"attribute"`` (the attribute name and the ``entity``), ``"event"`` (the
            event type, and the day of the claim's ``when``) or ``None`` (the
            party is the value, as for who holds a place).
        value: How values are compared: ``"control"`` (who holds a place),
            ``"figure"`` (estimates, when given; otherwise true or false),
            ``"attribute"`` (competing typed values, :func:`~conflictmodels.values.values_compatible`),
            ``"event"`` (whether it happened, and deaths per group as figures) or
            ``"person"`` (competing people, as attribute values are).
        favours: Whom a statement favours, and so which party sources speak with an
            interest (``conflictmodels.relations.interest``); one of
            ``FAVOURS_RULES``: ``"holder"`` (whoever it puts in control, against
            whom it was taken from), ``"party"`` (``party``, against ``counterparty``:
            an advance), ``"against-party"`` (``counterparty``, against ``party``:
            losses), ``"interested"`` (no side can be read from the statement: a party
            source is presumed self-serving unless the statement declares
            ``favours``) or ``"none"`` (truly neutral). A denial swaps the sides.
        timeline: States that change over time: claims about different times are a
            sequence, not a contradiction.
        nature: ``"state"``, ``"series"`` (figures that accumulate or change, each as
            of a time: a later figure of the same origin updates its earlier one) or
            ``"event"``. An undated denial of an event or a figure is about the claim it
            denies; an undated denial of a state is about its report time.

    Example:
        >>> from conflictmodels import Predicate
        >>> from conflictmodels.statement import PREDICATES
        >>> rule = PREDICATES[Predicate.CONTROL]
        >>> rule.timeline, rule.favours
        (True, 'holder')
    """

    places: str = "any"
    party: bool = False
    change: bool = False
    custom: bool = False
    figure: bool = False
    description: bool = False
    attribute: bool = False
    target: bool = False
    who: bool = False
    event: bool = False
    person: bool = False
    keyed_by: str | None = "party"
    value: str = "figure"
    favours: str = "interested"
    timeline: bool = False
    nature: str = "event"


PREDICATES: Mapping[Predicate, PredicateRule] = {
    Predicate.CONTROL: PredicateRule(
        places="one", party=True, change=True, keyed_by=None, value="control", favours="holder", timeline=True,
        nature="state",
    ),
    Predicate.PRESENCE: PredicateRule(places="some", who=True, favours="interested", timeline=True, nature="state"),
    Predicate.STRENGTH: PredicateRule(party=True, figure=True, favours="interested", nature="series"),
    Predicate.CASUALTIES: PredicateRule(party=True, figure=True, favours="against-party", nature="series"),
    Predicate.ATTACK: PredicateRule(party=True, target=True, favours="interested"),
    Predicate.ADVANCE: PredicateRule(places="one", party=True, favours="party"),
    Predicate.SITUATION: PredicateRule(description=True, keyed_by="description", favours="interested", nature="state"),
    Predicate.CUSTOM: PredicateRule(custom=True, favours="interested"),
    Predicate.ATTRIBUTE: PredicateRule(attribute=True, keyed_by="attribute", value="attribute"),
    Predicate.EVENT: PredicateRule(places="one", event=True, keyed_by="event", value="event", favours="interested"),
    Predicate.COMMANDS: PredicateRule(person=True, keyed_by=None, value="person", favours="none", nature="state"),
}  # fmt: skip
"""Each predicate's needs and behaviour, read by the Statement check, the JSON Schema,
the strategies, the docs and the merge rules."""

FAVOURS_RULES: Mapping[str, str] = {
    "holder": "favours whoever it puts in control, against whom it was taken from",
    "party": "favours party, against counterparty (a denial the reverse)",
    "against-party": "favours counterparty, against party (a denial the reverse)",
    "interested": "no side can be read from it: a party source is presumed self-serving, unless favours is declared",
    "none": "favours no party: no source has an interest",
}
"""Every value of ``PredicateRule.favours`` and what it means, in words (the docs'
predicate table reads it)."""


def predicates_where(test: Callable[[PredicateRule], bool]) -> tuple[Predicate, ...]:
    """The predicates whose rule passes ``test``, in vocabulary order.

    Example:
        >>> from conflictmodels.statement import predicates_where
        >>> [p.value for p in predicates_where(lambda r: r.places == "one")]
        ['control', 'advance', 'event']
    """
    return tuple(p for p in Predicate if test(PREDICATES[p]))


def _names(preds: Sequence[Predicate]) -> str:
    values = [p.value for p in preds]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


class Need(NamedTuple):
    """One requirement of the predicate table, as the Statement check states it.

    ``applies`` picks the predicates it holds for; ``test`` is the check's expression,
    in which ``{0}`` stands for the set of those predicates; ``reason`` is the error
    message, in which ``{0}`` stands for their names; ``exclusive`` says the field is
    allowed only for those predicates (empty or null for the others). The JSON Schema
    states each need by its ``name`` (:mod:`conflictmodels.export.jsonschema`).

    Example:
        >>> from conflictmodels import Predicate
        >>> from conflictmodels.statement import NEEDS
        >>> need = NEEDS[0]
        >>> isinstance(need.predicates(), tuple) and all(isinstance(p, Predicate) for p in need.predicates())
        True
    """

    name: str
    applies: Callable[[PredicateRule], bool]
    field: str
    test: str
    reason: str
    exclusive: bool = False

    def predicates(self) -> tuple[Predicate, ...]:
        """The predicates the need holds for."""
        return predicates_where(self.applies)


NEEDS: tuple[Need, ...] = (
    Need("change", lambda r: r.change, "change", "(s.change is not None) == (s.predicate in {0})",
         "is required for {0} statements and only allowed there", exclusive=True),
    Need("custom", lambda r: r.custom, "custom_predicate",
         "(s.custom_predicate is not None) == (s.predicate in {0})",
         "is required for {0} statements and only allowed there", exclusive=True),
    Need("one-place", lambda r: r.places == "one", "location_ids",
         "s.predicate not in {0} or len(s.location_ids) == 1", "{0} statements name exactly one location"),
    Need("party", lambda r: r.party, "party", "s.predicate not in {0} or s.party is not None",
         "is required for {0} statements"),
    Need("figure", lambda r: r.figure, "quantity",
         "s.predicate not in {0} or s.quantity is not None or s.description is not None",
         "{0} statements need a quantity (or, without a figure, a description)"),
    Need("some-place-who", lambda r: r.places == "some" and r.who, "location_ids",
         "s.predicate not in {0} or (len(s.location_ids) >= 1 and (s.unit_ids or s.party))",
         "{0} statements name a location and units or a party"),
    Need("some-place", lambda r: r.places == "some" and not r.who, "location_ids",
         "s.predicate not in {0} or len(s.location_ids) >= 1", "{0} statements name a location"),
    Need("who", lambda r: r.who and r.places != "some", "unit_ids", "s.predicate not in {0} or s.unit_ids or s.party",
         "{0} statements name units or a party"),
    Need("target", lambda r: r.target, "location_ids", "s.predicate not in {0} or s.location_ids or s.unit_ids",
         "{0} statements name a target location or units"),
    Need("description", lambda r: r.description, "description",
         "s.predicate not in {0} or s.description is not None", "is required for {0} statements"),
    Need("favours", lambda r: r.favours == "interested", "favours", "s.favours is None or s.predicate in {0}",
         "is optional for {0} statements and only allowed there", exclusive=True),
    Need("attribute", lambda r: r.attribute, "attribute", "(s.attribute is not None) == (s.predicate in {0})",
         "is required for {0} statements and only allowed there", exclusive=True),
    Need("value", lambda r: r.attribute, "value", "(s.value is not None) == (s.predicate in {0})",
         "is required for {0} statements and only allowed there", exclusive=True),
    Need("entity", lambda r: r.attribute, "entity", "s.entity is None or s.predicate in {0}",
         "is optional for {0} statements and only allowed there", exclusive=True),
    Need("about", lambda r: r.attribute, "entity",
         "s.predicate not in {0} or s.location_ids or s.unit_ids or s.entity is not None",
         "{0} statements name what they are about: a location, units or an entity"),
    Need("event", lambda r: r.event, "event", "(s.event is not None) == (s.predicate in {0})",
         "is required for {0} statements and only allowed there", exclusive=True),
    Need("person", lambda r: r.person, "person_ids",
         "(len(s.person_ids) == 1 and len(s.unit_ids) == 1) if s.predicate in {0} else not s.person_ids",
         "{0} statements name exactly one person and one unit, and only they name people", exclusive=True),
)  # fmt: skip
"""Every requirement a predicate can have, in the order errors are reported."""


def _cross_rules() -> tuple[list[c.Cross], dict[str, Any]]:
    """The Statement's cross-field rules: that counterparty differs, then each need.

    Valid statements are checked by predicate (:func:`~conflictmodels._checks.dispatched`):
    only the needs of the statement's own predicate, not a set test per need."""
    ns: dict[str, Any] = {"Predicate": Predicate}
    rules = [c.Cross("counterparty", "s.counterparty is None or s.counterparty != s.party", "must differ from party")]
    needs, sets = [], {}
    for need in NEEDS:
        preds = need.predicates()
        if preds:
            name = "_NEED_" + need.name.replace("-", "_").upper()
            ns[name] = sets[name] = frozenset(preds)
            needs.append(c.Cross(need.field, need.test.format(name), need.reason.format(_names(preds))))
    members = {f"_P_{p.name}": p for p in Predicate}
    ns.update(members)
    return rules + c.dispatched("s.predicate", members, needs, sets), ns


def needs_text(rule: PredicateRule) -> str:
    """What a statement of a predicate with ``rule`` needs, in words (reST).

    Example:
        >>> from conflictmodels import Predicate
        >>> from conflictmodels.statement import PREDICATES, needs_text
        >>> needs_text(PREDICATES[Predicate.PRESENCE])
        'a location and units or ``party``'
    """
    parts = {"one": ["one location"], "some": ["a location"], "any": []}[rule.places]
    if rule.who:
        parts.append("and units or ``party``" if parts else "units or ``party``")
    if rule.party:
        parts.append("``party``")
    if rule.change:
        parts.append("``change``")
    if rule.figure:
        parts.append("``quantity`` (or ``description``)")
    if rule.target:
        parts.append("a target location or units")
    if rule.description:
        parts.append("``description``")
    if rule.custom:
        parts.append("``custom_predicate``")
    if rule.attribute:
        parts.append("a location, units or ``entity``, ``attribute``, ``value``")
    if rule.event:
        parts.append("``event``")
    if rule.person:
        parts.append("one person (``person_ids``) and one unit")
    return ", ".join(parts).replace(", and ", " and ")


def needs_table() -> str:
    """The predicate table as reStructuredText: what each predicate needs.

    Example:
        >>> from conflictmodels.statement import needs_table
        >>> print(needs_table().splitlines()[3])
        control      one location, ``party``, ``change``
    """
    rows = [(p.value, needs_text(PREDICATES[p])) for p in Predicate]
    rule = f"{'=' * 11}  {'=' * max(len(n) for _, n in rows)}"
    lines = [rule, f"{'predicate':<11}  needs", rule, *(f"{p:<11}  {n}" for p, n in rows), rule]
    return "\n".join(lines)


_CROSS, _NAMESPACE = _cross_rules()
# Tuples, tested by identity: hashing an enum member costs a Python call.
_CUSTOM = predicates_where(lambda r: r.custom)
_KEYED_BY_PARTY = predicates_where(lambda r: r.keyed_by == "party")
_KEYED_BY_ATTRIBUTE = predicates_where(lambda r: r.keyed_by == "attribute")
_KEYED_BY_EVENT = predicates_where(lambda r: r.keyed_by == "event")


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS, namespace=_NAMESPACE)
class Statement:
    """A typed proposition. Which fields a predicate needs is checked at construction.

    NEEDS_TABLE

    Attributes:
        predicate: What kind of proposition this is.
        party: The party the statement is about (controller, attacker, whose troops).
        counterparty: The other party, when named (from whom a place was taken).
        change: For control statements: captured, recaptured, holds, lost, contested.
        location_ids: The places concerned.
        unit_ids: The units concerned.
        quantity: The number asserted, with its bounds.
        description: The statement in words, for situations and as a gloss.
        custom_predicate: The producer's own predicate name, for ``custom``.
        negated: True for a denial ("the General Staff denied that ...").
        modality: Fact (the default), opinion, judgment or forecast; only facts are given a likelihood.
        favours: Whom the statement favours, declared where the predicate table cannot tell
            (its rule is ``interested``): ``party``, ``against_party`` or ``none``.
        attribute: For ``attribute`` statements: which attribute ("authors",
            "commander", "perpetrator", "name", "departure_time").
        entity: For ``attribute`` statements about something that is neither a place
            nor a unit: its key (a book's ISBN, a strike's event id).
        value: For ``attribute`` statements: the value asserted (a
            :class:`~conflictmodels.Value` of one kind).
        event: For ``event`` statements: the event as ACLED and UCDP code it (type,
            actors, fatalities per group); the place is the one location.
        person_ids: For ``commands`` statements: the one person who commands the unit.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Estimate, Predicate, Statement
        >>> s = Statement(predicate=Predicate.STRENGTH, party="UA", location_ids=("kursk-oblast",),
        ...               quantity=Estimate.at_most(30_000, unit="troops", phrase="as many as 30,000"))
        >>> s.predicate.value, s.quantity.high
        ('strength', 30000)
    """

    predicate: Predicate = field(metadata=vocab(Predicate))
    party: str | None = field(default=None, metadata=pattern(PARTY))
    counterparty: str | None = field(default=None, metadata=pattern(PARTY))
    change: ControlChange | None = field(default=None, metadata=vocab(ControlChange))
    location_ids: tuple[str, ...] = field(default=(), metadata=refs("locations"))
    unit_ids: tuple[str, ...] = field(default=(), metadata=refs("units"))
    quantity: Estimate | None = field(default=None, metadata=nested(Estimate))
    description: str | None = field(default=None, metadata=text())
    custom_predicate: str | None = field(default=None, metadata=text())
    negated: bool = field(default=False, metadata=flag())
    modality: Modality = field(default=Modality.FACT, metadata=vocab(Modality))
    favours: Favours | None = field(default=None, metadata=vocab(Favours))
    attribute: str | None = field(default=None, metadata=text())
    entity: str | None = field(default=None, metadata=text())
    value: Value | None = field(default=None, metadata=nested(Value))
    event: Event | None = field(default=None, metadata=nested(Event))
    person_ids: tuple[str, ...] = field(default=(), metadata=refs("people"))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def subject(self) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None]:
        """What the statement is about, without what it says of it.

        Control and advance propositions are about a place (who holds it is the
        value); quantities are about a party's forces or losses at places; attribute
        statements are about one attribute (the last element) of places, units or an
        ``entity`` (which :func:`~conflictmodels.proposition_key` adds, like the
        description of a situation). Two statements with the same subject are about
        the same proposition.
        """
        predicate = self.predicate
        pred = self.custom_predicate if predicate in _CUSTOM else predicate.value
        assert pred is not None
        return (
            pred,
            tuple(sorted(self.location_ids)),
            tuple(sorted(self.unit_ids)),
            self.party
            if predicate in _KEYED_BY_PARTY
            else (
                self.attribute
                if predicate in _KEYED_BY_ATTRIBUTE
                else (self.event.event_type.value if predicate in _KEYED_BY_EVENT and self.event else None)
            ),
        )


Statement.__doc__ = (Statement.__doc__ or "").replace("NEEDS_TABLE", needs_table().replace("\n", "\n    "))
