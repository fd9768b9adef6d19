"""Draw the documentation's pictures from the library's own output, as plain SVG.

    python docs/pictures/draw.py            # rewrites the SVG files beside this script

- ``kursk-map.svg``: the places of the bundled Kursk report, each coloured by the
  status of the assessment of who controls it (``kursk_dossier()``, reconciled).
- ``flow.svg``: how a claim becomes an assessment, each step shown on one claim of the
  same example (claim, origin, weight, proposition, timeline, assessment).
- ``performance.svg``: reading and writing speed against pydantic v2, with and without
  the ``fast`` extra, from ``docs/_data/performance.json`` (written by
  ``benchmarks/bench_models.py``; skipped when absent).

No network, no plotting library and no external program: the SVG is written by hand,
so the docs build needs nothing but the committed files.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import conflictmodels as cm
from conflictmodels.examples import kursk_dossier

HERE = Path(__file__).parent
DATA = HERE.parent / "_data" / "performance.json"
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"

# One colour per assessment status, from firm to doubtful (colour-blind safe, Okabe-Ito).
STATUS_COLOURS = {
    "confirmed": "#009E73",
    "corroborated": "#56B4E9",
    "unverified": "#E69F00",
    "claimed": "#F0E442",
    "attributed": "#CC79A7",
    "contested": "#D55E00",
    "refuted": "#000000",
    "superseded": "#999999",
}


def _svg(width: int, height: int, body: Iterable[str], title: str) -> str:
    return "\n".join(
        [
            f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
            f"height='{height}' role='img' {FONT}>",
            f"<title>{escape(title)}</title>",
            f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
            *body,
            "</svg>",
            "",
        ]
    )


def _text(
    x: float, y: float, text: str, size: int = 13, anchor: str = "start", weight: str = "normal", fill: str = "#222"
) -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' font-weight='{weight}' "
        f"fill='{fill}'>{escape(text)}</text>"
    )


# ---------------------------------------------------------------------------- the map


def kursk_map() -> str:
    """The settlements of the Kursk report, coloured by their control assessment's status."""
    dossier = kursk_dossier()
    reconciled = cm.reconcile(dossier)
    status: dict[str, str] = {}
    for a in reconciled.assessments:
        if a.statement.predicate is cm.Predicate.CONTROL:
            for lid in a.statement.location_ids:
                status.setdefault(lid, a.status.value)  # the first state of its timeline
    places = [loc for loc in dossier.locations if loc.point is not None and loc.kind is cm.LocationKind.SETTLEMENT]
    regions = [
        loc
        for loc in dossier.locations
        if loc.point is not None and loc.kind is cm.LocationKind.REGION and loc.id in {"kursk-oblast", "sumy-oblast"}
    ]
    points = [(loc.point.lat, loc.point.lon) for loc in places]  # type: ignore[union-attr]
    lat0 = sum(p[0] for p in points) / len(points)
    lat_lo, lat_hi = min(p[0] for p in points) - 0.12, max(p[0] for p in points) + 0.12
    lon_lo, lon_hi = min(p[1] for p in points) - 0.35, max(p[1] for p in points) + 0.35
    width, height, margin = 760, 470, 40
    kx = math.cos(math.radians(lat0))
    scale = min((width - 2 * margin - 200) / ((lon_hi - lon_lo) * kx), (height - 2 * margin) / (lat_hi - lat_lo))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return margin + (lon - lon_lo) * kx * scale, margin + (lat_hi - lat) * scale

    body = [
        f"<rect x='{margin}' y='{margin}' width='{(lon_hi - lon_lo) * kx * scale:.1f}' "
        f"height='{(lat_hi - lat_lo) * scale:.1f}' fill='#f4f6f8' stroke='#c8ccd0'/>"
    ]
    frame_right, frame_bottom = margin + (lon_hi - lon_lo) * kx * scale, margin + (lat_hi - lat_lo) * scale
    taken: list[tuple[float, float, float, float]] = []  # label boxes already placed
    for region in regions:  # the region's name towards its centre, kept inside the frame
        lat, lon = region.point.lat, region.point.lon  # type: ignore[union-attr]
        x, y = xy(lat, lon)
        label = f"{region.name} (direction)"
        half = len(label) * 3.4
        x, y = min(max(x, margin + half + 6), frame_right - half - 6), min(max(y, margin + 18), frame_bottom - 30)
        body.append(_text(x, y, label, size=12, anchor="middle", fill="#8a9099"))
        taken.append((x - half, y - 12, x + half, y + 3))
    dots = [(loc, *xy(loc.point.lat, loc.point.lon)) for loc in places]  # type: ignore[union-attr]
    for loc, x, y in dots:
        colour = STATUS_COLOURS.get(status.get(loc.id, ""), "#ffffff")
        body.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='8' fill='{colour}' stroke='#333' stroke-width='1.2'/>")
        taken.append((x - 9, y - 9, x + 9, y + 9))
    for loc, x, y in sorted(dots, key=lambda d: d[1]):  # west to east: a label goes where it fits
        label_w = len(loc.name) * 7.3
        for dx, dy, anchor in ((12, 4, "start"), (-12, 4, "end"), (0, -14, "middle"), (0, 22, "middle")):
            left = x + dx if anchor == "start" else x + dx - label_w if anchor == "end" else x - label_w / 2
            box = (left, y + dy - 12, left + label_w, y + dy + 3)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                break
        taken.append(box)
        body.append(_text(x + dx, y + dy, loc.name, size=13, anchor=anchor))
    # scale bar: 10 km, bottom right inside the frame
    bar = 10 / 111.32 * scale
    bx, by = frame_right - bar - 14, frame_bottom - 12
    body.append(f"<line x1='{bx:.1f}' y1='{by:.1f}' x2='{bx + bar:.1f}' y2='{by:.1f}' stroke='#333' stroke-width='2'/>")
    body.append(_text(bx + bar / 2, by - 6, "10 km", size=11, anchor="middle"))
    # legend
    lx, ly = width - 190, margin + 8
    body.append(_text(lx, ly, "control assessment", size=13, weight="bold"))
    used = [s for s in STATUS_COLOURS if s in status.values()] or list(STATUS_COLOURS)
    for i, name in enumerate([*used, *(["no control claim"] if len(status) < len(places) else [])]):
        y = ly + 24 + i * 22
        body.append(
            f"<circle cx='{lx + 8}' cy='{y - 4}' r='7' fill='{STATUS_COLOURS.get(name, '#ffffff')}' stroke='#333'/>"
        )
        body.append(_text(lx + 22, y, name))
    body.append(_text(lx, height - margin - 10, "kursk_dossier(), reconciled", size=11, fill="#666"))
    return _svg(width, height, body, "The places of the Kursk report by the status of their control assessment")


# ---------------------------------------------------------------------------- the flow


def _one_claim() -> tuple[cm.Claim, cm.Source, cm.Assessment, str, str, str]:
    """A control claim of the Kursk example, its origin, its assessment and two rationale sentences."""
    dossier = cm.reconcile(kursk_dossier())
    for assessment in dossier.assessments:
        if assessment.statement.predicate is cm.Predicate.CONTROL and assessment.supporting:
            claim = dossier.claim(assessment.supporting[0])
            source = next(s for s in dossier.sources if s.id == claim.source_id)
            while source.parent_id is not None:
                source = next(s for s in dossier.sources if s.id == source.parent_id)
            weight = next((r for r in assessment.rationale if "weigh" in r), "")
            state = next((r for r in assessment.rationale if r.startswith("[timeline")), "")
            place_id = claim.statement.location_ids[0] if claim.statement.location_ids else ""
            place = next((loc.name for loc in dossier.locations if loc.id == place_id), place_id)
            return claim, source, assessment, weight, state, place
    raise LookupError("the Kursk example has no control assessment")


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def flow() -> str:
    """Claim -> origin -> weight -> proposition -> timeline -> assessment, on one claim."""
    claim, origin, assessment, weight, state, place = _one_claim()
    hedge = min((hop.hedge.value for hop in claim.attribution), default="asserted")
    weight_text = re.sub(r"^\[[^]]+\]\s*", "", weight) or "reliability x kind x hedge x credibility"
    state_text = re.sub(r"^\[[^]]+\]\s*", "", state) or f"one state of {place}'s timeline"
    steps = [
        (
            "claim",
            "what one source said, as reported",
            f"{claim.id}: {claim.statement.predicate.value} of {place} by {claim.statement.party}, hedge {hedge}",
        ),
        ("origin", "relays set aside, parents folded", f"{origin.name}"),
        ("weight", "reliability x kind x hedge x interest", weight_text),
        ("proposition", "claims about the same thing", f"who controls {place}"),
        ("timeline", "the place's states over time", state_text),
        (
            "assessment",
            "status, likelihood, confidence, reasons",
            f"{assessment.status.value}, {assessment.likelihood.value.replace('_', ' ')}, "
            f"{assessment.confidence.value} confidence",
        ),
    ]
    box_w, box_h, gap, top = 168, 190, 26, 54
    width = len(steps) * box_w + (len(steps) - 1) * gap + 40
    height = top + box_h + 40
    body = [_text(20, 30, "From claims to assessments, on one claim of the Kursk report", size=15, weight="bold")]
    for i, (name, what, example) in enumerate(steps):
        x = 20 + i * (box_w + gap)
        body.append(
            f"<rect x='{x}' y='{top}' width='{box_w}' height='{box_h}' rx='10' fill='#eef3fb' stroke='#3a6fb0' stroke-width='1.5'/>"
        )
        body.append(_text(x + box_w / 2, top + 26, name, size=16, anchor="middle", weight="bold", fill="#1d3f6e"))
        for j, line in enumerate(_wrap(what, 24)):
            body.append(_text(x + box_w / 2, top + 48 + j * 16, line, size=12, anchor="middle", fill="#444"))
        body.append(f"<line x1='{x + 12}' y1='{top + 86}' x2='{x + box_w - 12}' y2='{top + 86}' stroke='#c6d3e6'/>")
        for j, line in enumerate(_wrap(example, 25)[:6]):
            body.append(_text(x + 10, top + 106 + j * 15, line, size=11, fill="#222"))
        if i < len(steps) - 1:
            ax, ay = x + box_w + 3, top + box_h / 2
            body.append(
                f"<path d='M{ax} {ay} L{ax + gap - 8} {ay}' stroke='#3a6fb0' stroke-width='2' fill='none'/>"
                f"<path d='M{ax + gap - 8} {ay - 5} L{ax + gap - 2} {ay} L{ax + gap - 8} {ay + 5} Z' fill='#3a6fb0'/>"
            )
    return _svg(width, height, body, "How a claim becomes an assessment")


# ---------------------------------------------------------------------------- performance


_SPEED_ROWS = (
    ("decode", "read JSON Lines"),
    ("decode_strings", "read, string-heavy"),
    ("gc_decode", "read, collector on (100k)"),
    ("encode", "write JSON Lines"),
    ("encode_strings", "write, string-heavy"),
)


def performance(data: Any) -> str | None:
    """Speed against pydantic v2 (1.0 = as fast), with and without the ``fast`` extra,
    from the benchmark's latest run; the memory ratio in words below."""
    fast, pure = (
        data.get("ratios") if isinstance(data, dict) else None,
        data.get("pure") if isinstance(data, dict) else None,
    )
    if not isinstance(fast, dict) or not isinstance(pure, dict):
        return None
    rows = [(label, fast.get(key), pure.get(key)) for key, label in _SPEED_ROWS]
    rows = [(label, f, p) for label, f, p in rows if isinstance(f, int | float) and isinstance(p, int | float)]
    if not rows:
        return None
    width, left, right, top, row_h = 680, 200, 40, 60, 46
    height = top + row_h * len(rows) + 70
    x_hi = max(2.0, math.ceil(max(max(f, p) for _, f, p in rows) * 2) / 2)

    def x(ratio: float) -> float:
        return left + ratio / x_hi * (width - left - right)

    body = [_text(12, 26, "Speed against pydantic v2 (higher is faster; 1.0 = as fast)", size=15, weight="bold")]
    body.append(_text(12, 46, f"latest run {data.get('date', '')}: 10,000 claims, medians", size=12))
    for k in range(int(x_hi * 2) + 1):
        r = k / 2
        body.append(
            f"<line x1='{x(r):.1f}' y1='{top}' x2='{x(r):.1f}' y2='{top + row_h * len(rows)}' stroke='#e3e3e3'/>"
        )
        body.append(_text(x(r), top + row_h * len(rows) + 16, f"{r:g}", size=12, anchor="middle"))
    for n, (label, f, p) in enumerate(rows):
        y = top + n * row_h
        body.append(_text(left - 8, y + 26, label, size=13, anchor="end"))
        for offset, ratio, colour in ((6, f, "#0072B2"), (24, p, "#E69F00")):
            body.append(
                f"<rect x='{left}' y='{y + offset}' width='{x(ratio) - left:.1f}' height='15' fill='{colour}'/>"
            )
            body.append(_text(x(ratio) + 4, y + offset + 12, f"{ratio:.2f}", size=11))
    body.append(
        f"<line x1='{x(1):.1f}' y1='{top - 4}' x2='{x(1):.1f}' y2='{top + row_h * len(rows)}' stroke='#333' stroke-width='2'/>"
    )
    legend_y = top + row_h * len(rows) + 38
    body.append(f"<rect x='{left}' y='{legend_y - 11}' width='14' height='14' fill='#0072B2'/>")
    body.append(_text(left + 20, legend_y, "with the fast extra (msgspec)", size=12))
    body.append(f"<rect x='{left + 230}' y='{legend_y - 11}' width='14' height='14' fill='#E69F00'/>")
    body.append(_text(left + 250, legend_y, "pure Python", size=12))
    memory = fast.get("memory")
    if isinstance(memory, int | float):
        body.append(_text(12, legend_y + 22, f"Memory per claim: {memory:.2f} of pydantic's.", size=12))
    return _svg(width, height + 10, body, "Speed against pydantic v2, with and without the fast extra")


def main() -> int:
    (HERE / "kursk-map.svg").write_text(kursk_map(), encoding="utf-8")
    (HERE / "flow.svg").write_text(flow(), encoding="utf-8")
    wrote = ["kursk-map.svg", "flow.svg"]
    if DATA.exists():
        chart = performance(json.loads(DATA.read_text(encoding="utf-8")))
        if chart is not None:
            (HERE / "performance.svg").write_text(chart, encoding="utf-8")
            wrote.append("performance.svg")
        else:
            print(f"{DATA}: no ratios found; performance.svg left as it was", file=sys.stderr)
    else:
        print(f"{DATA} does not exist; performance.svg left as it was", file=sys.stderr)
    print("wrote", ", ".join(wrote))
    return 0


if __name__ == "__main__":
    sys.exit(main())
