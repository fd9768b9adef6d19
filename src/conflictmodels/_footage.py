"""Footage geolocated: what a claim's geolocation does to its evidence.

Internal to :mod:`conflictmodels.reconciliation`; see :doc:`/explanation/evidence-and-events`.

A geolocation counts when it is *verified*, made by ``as_of`` (``Geolocation.at``) and not
retracted by then (``Geolocation.retracted_at``), by a rated source that is neither the
claim's own (its originator, what it counts as one origin with, its carrier) nor of the
side the claim serves nor a state's undeclared voice, and when it places the footage at
the claimed place. Evidence is self-declared: a source cannot raise its own weight by
geolocating its own footage, and media never weigh.

On a timeline (control of a place, presence) a geolocation that counts is the
geolocator's own observation of the physical fact at a time, so it becomes evidence of
its own, the geolocator's (:attr:`_Ev.footage`): one origin however many claims it
verifies, never opening a change by itself. For any other claim it multiplies the
claim's weight by ``Policy.geolocated_weight``. Footage such a geolocator placed
elsewhere discredits the claim it came with (``Policy.misplaced_footage_factor``).

Judged per proposition, linear in its claims: a dictionary lookup and, for a point, one
distance per geolocated claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ._control import _day
from ._evidence import _F, _RANK, _SELF, _STATE, _Context, _Ev, _Origin, _worth
from ._space import _Space
from .claim import Claim
from .evidence import PLACE_PRECISION, Geolocation
from .geo import Point, distance_m
from .location import Location
from .policy import DEFAULT_RESOLUTION_POLICY, Policy
from .statement import predicates_where
from .vocabularies import GeoPrecision, VerificationStatus

__all__: list[str] = []

_TIMELINES = frozenset(predicates_where(lambda r: r.timeline))
_VERIFIED = VerificationStatus.VERIFIED


def _footage(evs: list[_Ev], space: _Space, ctx: _Context) -> list[_Ev]:
    """Weigh the geolocations of one proposition's claims; returns ``evs`` (extended in
    place) with each geolocator's verification of a claim's footage on a timeline added.
    Claims already weighed (``geo`` set) are left as they are: weighing twice changes nothing."""
    added: list[_Ev] = []
    for e in evs:
        evidence = e.claim.evidence
        if evidence is None or evidence.geolocation is None or e.geo is not None or e.footage is not None:
            continue
        v = _geolocated(e, evidence.geolocation, space, ctx)
        if v is not None:
            added.append(v)
    evs.extend(added)
    return evs


def _geolocated(e: _Ev, g: Geolocation, space: _Space, ctx: _Context) -> _Ev | None:
    policy = ctx.policy
    claim = e.claim
    table = e.speaker.table
    t = claim.reported_at.timestamp()
    by = g.by
    geo = table.at(by, t) if table is not None and by is not None and by in table.by_id else None
    name = "an unnamed geolocator" if geo is None else geo.name
    said = f"{e.speaker.name}'s claim ({e.id})"
    why = _why_not(e, g, geo, policy, ctx.as_of)
    if why is None and geo is not None:
        place, where, elsewhere = _where(claim, g, space, policy)
        if elsewhere:
            e.weight *= policy.misplaced_footage_factor
            e.geo = (
                "geolocated-elsewhere",
                f"[geolocated-elsewhere] {name} geolocated the footage of {said} {where}: the footage is from elsewhere, so it adds "
                f"nothing, and the claim weighs {policy.misplaced_footage_factor:g} of what it would (its source "
                "still says it; the proof it offered is false)",
            )
            return None
        if where is None:
            if claim.statement.predicate not in _TIMELINES:
                e.weight *= policy.geolocated_weight
                e.geo = ("geolocated", f"[geolocated] {said} was geolocated at {place} by {name}, verified: it weighs "
                                       f"{policy.geolocated_weight:g} times as much")  # fmt: skip
                return None
            interest = table.interest(geo, claim.statement) if table is not None else None
            v = _Ev(claim, geo, _worth(geo.base, interest, policy) * policy.verified_footage_factor, interest, e.value)
            v.speaker = geo
            v.footage = e
            e.verifier = v
            e.geo = (
                "geolocated",
                f"[geolocated] {name} geolocated the footage of {said} at {place} and verified it: an observation of its own, "
                f"not a relay of the claim, so it counts as {name}'s evidence for it, weighing {v.weight:.2f}",
            )
            return v
        why = where
    e.geo = (
        "geolocation-not-counted",
        f"[geolocation-not-counted] {said} carries a geolocation by {name} that {why}: its weight is unchanged",
    )
    return None


def _why_not(e: _Ev, g: Geolocation, geo: _Origin | None, policy: Policy, as_of: datetime | None) -> str | None:
    """Why a geolocation does not count, whatever it shows (``None``: it may)."""
    if g.status is not _VERIFIED:
        return f"is {g.status.value}"
    if as_of is not None and g.at is not None and g.at > as_of:
        same = g.at.date() == as_of.date()
        made, judged = (_moment(g.at), _moment(as_of)) if same else (_day(g.at), _day(as_of))
        return f"was made on {made}, after the time judged ({judged})"
    if g.retracted_at is not None and (as_of is None or g.retracted_at <= as_of):
        return f"its geolocator retracted on {_day(g.retracted_at)}"
    if geo is None:  # a verified geolocation names its verifier, and the dossier resolves it
        return "names no geolocator known to the dossier"
    floor = policy.geolocator_min_reliability
    r = geo.reliability
    table = geo.table
    if geo.root == e.speaker.root or geo.root == e.origin.root:
        return "comes from the claim's own source" if g.by == e.claim.source_id else "comes from the claim's own side"
    if table is not None and table.interest(geo, e.claim.statement) == _SELF:
        return f"comes from a source speaking for the side the claim serves ({geo.party})"
    if geo.root.startswith(_STATE):
        return f"comes from {geo.root_name}, a voice of a state and never a third party"
    if r is None or r is _F or _RANK[id(r)] > _RANK[id(floor)]:
        return f"comes from a source {'not rated' if r is None else 'rated ' + r.value}, under {floor.value}"
    return None


def _where(claim: Claim, g: Geolocation, space: _Space, policy: Policy) -> tuple[str, str | None, bool]:
    """The claimed place in words, and whether the geolocation puts the footage there:
    ``(place, None, False)`` at the place (or where it cannot be told), ``(place, why,
    False)`` too coarse to show it, ``(place, where, True)`` elsewhere. A claim of
    several places (presence) is shown at one of them when the footage is at any."""
    places: Sequence[str] = claim.statement.location_ids
    if not places:
        return "the place", None, False
    radii = (policy.resolution or DEFAULT_RESOLUTION_POLICY).locations.radii_m
    verdicts = [_fits(loc, g, space, radii) for loc in places]
    named = " or ".join(space.place_name(loc) for loc in places)
    for verdict in verdicts:
        if verdict is None:
            return named, None, False
    coarse = [v for v in verdicts if v is not None and not v[1]]
    if coarse:
        return named, coarse[0][0], False
    first = verdicts[0]
    assert first is not None
    return named, first[0] if len(places) == 1 else f"{first[0]} (and away from the claim's other places)", True


def _fits(
    loc: str, g: Geolocation, space: _Space, radii: Mapping[GeoPrecision | None, float]
) -> tuple[str, bool] | None:
    """Whether a geolocation puts the footage at place ``loc``: ``None`` when it does (or
    it cannot be told), else what it shows and whether that is elsewhere (``True``) or only
    too coarse (``False``)."""
    known = space.containers.by_id
    place = space.place_name(loc)
    if g.location_id is not None and g.location_id != loc and g.location_id in known and loc in known:
        area = space.place_name(g.location_id)
        if g.location_id in space.containers.get(loc):
            return (
                f"places the footage only in {area}, which contains {place}, too coarse to show {place} itself",
                False,
            )
        if loc not in space.containers.get(g.location_id):
            return f"in {area}, which is not {place} nor inside it", True
    if g.point is None:
        return None
    anchor = _anchor(loc, space)
    if anchor is None:  # neither the place nor anything containing it has a point: it cannot be told
        return None
    radius = _radius(anchor, radii)
    d = distance_m(g.point, anchor.point)  # type: ignore[arg-type]
    spread = g.radius_m or 0.0
    inside = "" if anchor.id == loc else f" ({anchor.name}, which contains {place})"
    if d > radius + spread:
        return (
            f"to a point {_km(d)} from {anchor.name if anchor.id == loc else place}{inside}, beyond its radius of "
            f"{_km(radius)}" + ("" if not spread else f" and the geolocation's own {_km(spread)}")
        ), True
    if anchor.id == loc and spread > radius:
        return (
            f"places the footage only within {_km(spread)} of a point, wider than {place} (a radius of "
            f"{_km(radius)}), too coarse to show {place} itself"
        ), False
    return None


def _anchor(loc: str, space: _Space) -> Location | None:
    """The place itself if it has a point, else the nearest place containing it that has one."""
    known = space.containers.by_id
    for candidate in (loc, *space.containers.get(loc)):
        found = known.get(candidate)
        if found is not None and found.point is not None:
            return found
    return None


def _radius(place: Location, radii: Mapping[GeoPrecision | None, float]) -> float:
    """How far from its point a place reaches, in metres: its point's ``precision_m``, else
    the radius of its point's precision, else of its kind's precision (a village 5 km, an
    oblast 250 km: ``LocationRules.radii_m``)."""
    point: Point | None = place.point
    assert point is not None
    if point.precision_m is not None:
        return float(point.precision_m)
    precision = point.precision or PLACE_PRECISION.get(place.kind, GeoPrecision.COUNTRY)
    return float(radii[precision])


def _km(metres: float) -> str:
    """A distance as an editor prints it: ``1,851 km``, ``8.4 km``, ``50 m``."""
    if metres < 1000:
        return f"{metres:,.0f} m"
    return f"{metres / 1000:,.0f} km" if metres >= 10_000 else f"{metres / 1000:,.1f} km"


def _moment(moment: datetime) -> str:
    """A date with its time of day, for two moments of one day: ``9 March 2025, 18:00 UTC+00:00``."""
    return f"{_day(moment)}, {moment:%H:%M} {moment.tzname() or ''}".rstrip()
