"""Write the golden payloads of the current schema version: ``python tests/golden/write_version.py``.

Run it once, when the schema version is bumped (docs/contributing/changing-the-format.md),
after every change of the new version's shape has landed; older directories are never
written again. It writes ``tests/golden/vN/``: ``dossier-kursk.json``, three payloads of
every model type drawn from ``conflictmodels.strategies`` (seeded, so reproducible; the
claim and dossier payloads are drawn until one exercises what the version changed when
arguments name what to exercise), and ``content_ids.json``.

Arguments: ``python tests/golden/write_version.py withdrawals when_doubtful replaced_by``
asks that ``claim-1.json`` and ``dossier-1.json`` contain ``withdrawals``, the second ones
``when_doubtful``, the third ones ``replaced_by``. ``kind:want`` asks it of the next file
of one model type instead (``assessment:alternatives``; for claims and dossiers, these
replace the plain arguments), and ``a+b`` asks for both ``a`` and ``b`` in one payload.
A wish no drawn payload meets is reported, and any payload is taken.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmodels import Claim, Dossier, content_id, dumps, loads
from conflictmodels.examples import kursk_dossier
from conflictmodels.migration import SCHEMA_VERSION
from conflictmodels.serialization import MODEL_TYPES
from conflictmodels.strategies import _MODEL_STRATEGIES, _generic, dossiers

HERE = Path(__file__).parent


def _draw(strategy: st.SearchStrategy[Any], n: int, want: str | None) -> Any:
    """The ``n``-th distinct object drawn (seeded) whose JSON contains every ``+``-separated
    part of ``want``, if any does."""
    found: list[Any] = []

    @settings(database=None, max_examples=300, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def pick(obj: Any) -> None:
        text = dumps(obj)
        wanted = want is None or all(part in text for part in want.split("+"))
        if len(found) < n and wanted and all(dumps(f) != text for f in found):
            found.append(obj)

    pick()
    if len(found) < n:  # too few exercised it: take any
        if want is not None:
            print(f"no drawn payload has {want!r}: taking any", file=sys.stderr)
        return _draw(strategy, n, None) if want is not None else found[-1]
    return found[n - 1]


def _wants(exercise: tuple[str, ...], name: str, plain: bool) -> list[str]:
    """What the files of the model type ``name`` should exercise, in order."""
    typed = [w.split(":", 1)[1] for w in exercise if w.startswith(f"{name}:")]
    return typed or ([w for w in exercise if ":" not in w] if plain else [])


def main(exercise: tuple[str, ...] = ()) -> None:
    out = HERE / f"v{SCHEMA_VERSION}"
    out.mkdir(exist_ok=False)
    (out / "dossier-kursk.json").write_text(dumps(kursk_dossier(), indent=2) + "\n", encoding="utf-8")
    ids: dict[str, list[str]] = {}
    for cls in MODEL_TYPES:
        name = cls.__name__.lower()
        made = _MODEL_STRATEGIES.get(cls)
        strategy = dossiers() if cls is Dossier else made() if made is not None else _generic(cls)
        for n in (1, 2, 3):
            wants = _wants(exercise, name, cls in (Claim, Dossier))
            want = wants[n - 1] if len(wants) >= n else None
            obj = _draw(strategy, n, want)
            text = dumps(obj, indent=2) + "\n"
            (out / f"{name}-{n}.json").write_text(text, encoding="utf-8")
            if cls is Claim:
                ids[f"{name}-{n}.json"] = [content_id(loads(text, Claim))]
            elif cls is Dossier:
                ids[f"{name}-{n}.json"] = [content_id(c) for c in loads(text, Dossier).claims]
    ids["dossier-kursk.json"] = [content_id(c) for c in kursk_dossier().claims]
    (out / "content_ids.json").write_text(json.dumps(dict(sorted(ids.items())), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]))
