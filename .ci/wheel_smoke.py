"""What a user gets from ``pip install conflictmodels``: the built wheel, no extras.

Run by ``.ci/run`` in a fresh environment holding only the wheel and its three runtime
dependencies. It checks that the library imports from site-packages, takes the pure path
(msgspec absent), runs the main job on the bundled example, round-trips it through JSON,
reconciles it, writes its JSON Schema, STIX and GeoJSON, and checks that
each optional module names the extra it needs when that is missing.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys


def main() -> int:
    import conflictmodels as cm
    from conflictmodels import _hotpath
    from conflictmodels.examples import kursk_dossier
    from conflictmodels.export import geojson, jsonschema, stix

    assert "site-packages" in cm.__file__, cm.__file__
    assert importlib.util.find_spec("msgspec") is None, "the wheel alone must not bring msgspec"
    assert _hotpath.msgspec is None, "without the fast extra the pure path is taken"
    for name in ("attrs", "cattrs", "dateutil"):
        assert importlib.util.find_spec(name) is not None, name

    demo = subprocess.run([sys.executable, "-m", "conflictmodels", "demo"], capture_output=True, text=True, check=True)
    assert "Kursk" in demo.stdout, demo.stdout[:500]

    dossier = kursk_dossier()
    again = cm.loads(cm.dumps(dossier), cm.Dossier)
    assert again == dossier, "the bundled example round-trips through JSON"
    assert cm.loads_lines(cm.dumps_lines(dossier.claims)) == list(dossier.claims)
    reconciled = cm.reconcile(dossier)
    assert reconciled.assessments, "the bundled example reconciles"
    assert jsonschema.json_schema(cm.Claim)["$schema"]
    assert stix.to_stix(reconciled)["objects"]
    assert geojson.to_geojson(reconciled)["features"]

    try:
        importlib.import_module("conflictmodels.dask").read_claims("nothing-*.jsonl")
    except ImportError as err:
        message = str(err)
    else:  # pragma: no cover - Dask installed by hand
        message = "conflictmodels[dask]"
    assert "conflictmodels[dask]" in message, f"without Dask, the error must name the extra: {message}"
    print(f"the wheel works without extras: {cm.__file__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
