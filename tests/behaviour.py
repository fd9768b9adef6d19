"""A record of what users see, to prove that a refactoring changed nothing.

:func:`snapshot` renders the Kursk example through every public writer, reconciles it,
and loads a fixed, seeded corpus of bad payloads (each golden payload mutated one key at
a time: deleted, retyped, set to a weird value, or given an unknown neighbour), keeping
the exact error text of each. ``tests/golden/behaviour/snapshot.json`` holds the record;
``test_behaviour.py`` compares. After a deliberate, user-visible change, re-record with
``python tests/behaviour.py`` and say why in the commit.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RECORD = HERE / "golden" / "behaviour" / "snapshot.json"
WEIRD: list[Any] = [
    None, True, 0, -1, 1.5, 2**64, 1e308, "", " ", "\u200b", "x", "RU", "ru-mod", "control", "B",
    "2025-03-09T12:00:00", "2025-03-09", [], {}, [1], ["x"], {"lat": 1, "lon": 2},
]  # fmt: skip


def _error_text(fn: Any) -> str:
    from conflictmodels import ConflictModelsError

    try:
        fn()
    except ConflictModelsError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data[:3]):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _mutations(data: dict[str, Any], rng: random.Random, n: int) -> list[dict[str, Any]]:
    paths = [p for p in _paths(data) if p != ("schema_version",)]
    out: list[dict[str, Any]] = []
    for _ in range(n if paths else 0):  # a payload of only defaults has nothing to mutate
        doc = copy.deepcopy(data)
        path = rng.choice(paths)
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        how = rng.randrange(3)
        if how == 0 and isinstance(parent, dict):
            del parent[last]
        elif how == 1 and isinstance(parent, dict):
            parent[f"unknown_{last}"] = 1
        else:
            parent[last] = copy.deepcopy(rng.choice(WEIRD))
        out.append(doc)
    return out


def snapshot() -> dict[str, str]:
    """Everything recorded, as text keyed by what produced it."""
    from conflictmodels import dumps, dumps_lines, from_dict, loads, reconcile, to_dict
    from conflictmodels.examples import kursk_dossier
    from conflictmodels.export import assessments_csv, claims_csv, json_schema, to_geojson, to_stix
    from conflictmodels.serialization import MODEL_TYPES

    at = datetime(2025, 3, 12, tzinfo=UTC)
    kursk = kursk_dossier()
    reconciled = reconcile(kursk, assessed_at=at)
    out: dict[str, str] = {
        "kursk.json": dumps(kursk, indent=2),
        "kursk.jsonl": dumps_lines(kursk.claims),
        "reconciled.json": dumps(reconciled, indent=2),
        "reconciled.csv": claims_csv(reconciled),
        "assessments.csv": assessments_csv(reconciled),
        "schema.json": json.dumps(json_schema(), indent=1, sort_keys=True),
        "reconciled.geojson": json.dumps(to_geojson(reconciled), indent=1, sort_keys=True),
        "reconciled.stix": json.dumps(to_stix(reconciled), indent=1, sort_keys=True),
    }
    types = {cls.__name__.lower(): cls for cls in MODEL_TYPES}
    rng = random.Random(20261128)
    for path in sorted((HERE / "golden").glob("v*/*.json")):
        if path.name == "content_ids.json":
            continue
        cls = types[path.name.split("-")[0]]
        data = json.loads(path.read_text(encoding="utf-8"))
        out[f"golden {path.parent.name}/{path.name}"] = dumps(loads(json.dumps(data), cls), indent=2)
        n = 60 if cls.__name__ == "Dossier" else 30
        for i, doc in enumerate(_mutations(data, rng, n)):
            for keep in (False, True):
                key = f"error {path.parent.name}/{path.name} #{i} keep_unknown={keep}"
                out[key] = _error_text(lambda doc=doc, keep=keep, cls=cls: from_dict(doc, cls, keep_unknown=keep))
    out["to_dict roundtrip"] = str(from_dict(to_dict(kursk)) == kursk)
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    RECORD.write_text(json.dumps(snapshot(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print("recorded", RECORD)
