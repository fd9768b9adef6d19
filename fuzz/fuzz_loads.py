"""An atheris harness for long fuzzing campaigns of the loaders, by hand.

Atheris (coverage-guided, libFuzzer based) is an optional developer tool, not a
dependency::

    pip install atheris
    python fuzz/fuzz_loads.py -max_total_time=3600 -rss_limit_mb=4096 fuzz/corpus

The corpus directory is seeded with the golden payloads (tests/golden) on first run.
Every input is fed to ``loads`` (as bytes and as text, for each model type, with and
without ``keep_unknown``) and to ``loads_lines`` / ``loads_lines_partial``. The
properties are those of tests/test_fuzz.py: only ``ConflictModelsError`` may escape, and
whatever loads re-dumps to an equal object. Any other exception is a crash that atheris
saves as ``crash-*`` for reproduction (``python fuzz/fuzz_loads.py crash-...``).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports():
    from conflictmodels import ConflictModelsError, dumps, loads
    from conflictmodels.limits import Limits
    from conflictmodels.serialization import MODEL_TYPES, loads_lines, loads_lines_partial

LIMITS = Limits(max_bytes=1 << 20, max_depth=64, max_string=1 << 16, max_items=1 << 14)


def check(obj: object) -> None:
    assert loads(dumps(obj), type(obj), keep_unknown=True) == obj


def test_one_input(data: bytes) -> None:
    if not data:
        return
    selector, payload = data[0], data[1:]
    cls = MODEL_TYPES[selector % len(MODEL_TYPES)]
    keep_unknown = bool(selector & 0x80)
    text = payload.decode("utf-8", "surrogateescape")
    for source in (payload, text):
        with contextlib.suppress(ConflictModelsError):
            check(loads(source, cls, keep_unknown=keep_unknown, limits=LIMITS))
    try:
        for item in loads_lines(payload, cls, keep_unknown=keep_unknown, limits=LIMITS):
            check(item)
    except ConflictModelsError:
        pass
    for item in loads_lines_partial(text, cls, keep_unknown=keep_unknown, limits=LIMITS).items:
        check(item)


def _seed(corpus: Path) -> None:
    golden = Path(__file__).resolve().parent.parent / "tests" / "golden"
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for path in golden.glob("v*/*.json"):
        shutil.copy(path, corpus / path.name)


def main() -> None:
    dirs = [Path(a) for a in sys.argv[1:] if not a.startswith("-") and not Path(a).is_file()]
    for d in dirs:
        _seed(d)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
