"""Typing usage examples: this file must pass mypy --strict as users would write it."""

from __future__ import annotations

from datetime import UTC, datetime

import conflictmodels as cm


def build() -> cm.Dossier:
    published = datetime(2025, 3, 9, 18, tzinfo=UTC)
    source = cm.Source(id="isw", name="Institute for the Study of War", kind=cm.SourceKind.THINK_TANK)
    place = cm.Location(id="kursk", name="Kursk region", kind=cm.LocationKind.REGION, country="RU", region="RU-KRS")
    claim = cm.Claim(
        id="c1",
        source_id="isw",
        reported_at=published,
        when=cm.resolve_relative("on Sunday", published),
        statement=cm.Statement(
            predicate=cm.Predicate.STRENGTH,
            party="UA",
            location_ids=("kursk",),
            quantity=cm.Estimate.at_most(30_000, unit="troops"),
        ),
    )
    return cm.Dossier(sources=(source,), locations=(place,), claims=(claim,))


def round_trip(d: cm.Dossier) -> cm.Dossier:
    text: str = cm.dumps(d)
    again: cm.Dossier = cm.loads(text)
    claim: cm.Claim = cm.loads(cm.dumps(d.claims[0]), cm.Claim)
    lines: list[cm.Claim] = cm.loads_lines(cm.dumps_lines(d.claims))
    assert lines[0] == claim
    return again


def errors(text: str) -> list[str]:
    try:
        cm.loads(text)
    except cm.ValidationError as err:
        return [f"{e.path}: {e.reason}" for e in err.errors]
    return []


low: float | None = cm.Estimate.at_least(10).low
band: tuple[float, float] = cm.Likelihood.LIKELY.range


def assess(d: cm.Dossier) -> list[tuple[str, cm.AssessmentStatus, cm.Likelihood | None]]:
    policy = cm.Policy(self_interest_factor=0.2)
    merged: cm.Dossier = cm.merge(d, d)
    result: cm.Dossier = cm.reconcile(merged, policy=policy)
    resolution: cm.Resolution = cm.resolve_entities(d)
    absorbed: str = resolution.mapping["locations"].get("x", "x")
    commander: str = resolution.resolve("people", "p-1")
    assert commander
    relation: cm.Relation | None = cm.relate(d.claims[0], d.claims[0])
    assert relation is None or isinstance(relation, cm.Relation)
    return [(a.id + absorbed, a.status, a.likelihood) for a in result.assessments]


def stream(text: str) -> int:
    partial: cm.LinesResult[cm.Claim] = cm.loads_lines_partial(text, cm.Claim)
    limits = cm.Limits(max_depth=16)
    d: cm.Dossier = cm.loads("{}", limits=limits) if False else cm.Dossier()
    return len(partial.items) + len(d.claims)
