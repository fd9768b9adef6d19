"""The ``conflictmodels`` command line.

Example:
    >>> main(["demo"])  # doctest: +ELLIPSIS
    Kursk report, 9 March 2025
    ...
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from .dossier import Dossier
from .examples import kursk_dossier
from .serialization import dumps

__all__ = ["main", "summary"]

_EPILOG = """examples:
  conflictmodels demo          print the bundled Kursk report as sources, places, units, claims
  conflictmodels demo --json   print the same dossier as a JSON payload
"""


def summary(dossier: Dossier) -> str:
    """A readable summary of a dossier: sources, places, units, and who claimed what.

    Example:
        >>> print(summary(kursk_dossier()).splitlines()[2])
        Sources (11):
    """
    lines = [dossier.title or "Dossier", ""]
    lines.append(f"Sources ({len(dossier.sources)}):")
    for s in dossier.sources:
        party = f", speaks for {s.party}" if s.party else ""
        rating = f", reliability {s.reliability.value}" if s.reliability else ""
        lines.append(f"  {s.name} [{s.kind.value}{party}{rating}]")
    lines += ["", f"Places ({len(dossier.locations)}):"]
    for loc in dossier.locations:
        code = loc.region or loc.country or "?"
        where = f" at {loc.point.lat:.2f}, {loc.point.lon:.2f}" if loc.point else ""
        lines.append(f"  {loc.name} ({loc.kind.value}, {code}){where}")
    lines += ["", f"Units ({len(dossier.units)}):"]
    for u in dossier.units:
        echelon = u.echelon.value if u.echelon else "unit"
        lines.append(f"  {u.name} [{u.party or '?'} {echelon}]")
    lines += ["", f"Claims ({len(dossier.claims)}):"]
    names = {s.id: s.name for s in dossier.sources}
    places = {loc.id: loc.name for loc in dossier.locations}
    units = {u.id: u.name for u in dossier.units}
    for cl in dossier.claims:
        chain = " -> ".join(f"{names[h.source_id]} ({h.verb or h.hedge.value})" for h in cl.attribution)
        st = cl.statement
        what = st.custom_predicate if st.custom_predicate else st.predicate.value
        parts = [what]
        if st.change:
            parts.append(st.change.value)
        if st.party:
            parts.append(f"by {st.party}")
        parts += [places[i] for i in st.location_ids] + [units[i] for i in st.unit_ids]
        if st.quantity:
            q = st.quantity
            parts.append(q.phrase or f"{q.low}-{q.best}-{q.high}")
        if st.description and not st.quantity:
            parts.append(f'"{st.description}"')
        when = f" [{cl.when.start or '...'} to {cl.when.end or '...'}]" if cl.when else ""
        lines.append(f"  {cl.id}: {' | '.join(parts)}{when}")
        lines.append(f"      said by {names[cl.source_id]}" + (f"; via {chain}" if chain else ""))
    return "\n".join(lines)


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    dossier = kursk_dossier()
    out.write(dumps(dossier, indent=2) if args.json else summary(dossier))
    out.write("\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflictmodels",
        description="Conflict-report data: validate, reconcile and export dossiers.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="show the bundled Kursk report dossier")
    demo.add_argument("--json", action="store_true", help="print the dossier as JSON instead of a summary")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    code: int = args.run(args, sys.stdout)
    return code
