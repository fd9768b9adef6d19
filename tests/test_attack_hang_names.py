"""Attack class: hangs and memory blow-ups in name key generation (issue #19, item 1).

Every word holding "kh" can be read with "h" or with "k". Unit and source keys used to
build every combination of those readings, word by word: 2^n keys for n such words, so
a dossier of 168 bytes kept ``reconcile`` (and the CLI) busy for minutes and a source
name of a few dozen words exhausted memory. The number of keys of one name is now
bounded, whatever the name.

The heavy cases run in a subprocess with a memory cap and a generous timeout, so that
a regression fails (by timeout or MemoryError) instead of hanging the suite; nothing
here asserts on elapsed time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conflictmodels.names import source_keys, unit_keys

MAX_UNIT_KEYS = 16  # at most 8 readings of the "kh" words, times Russian and Ukrainian
MAX_SOURCE_KEYS = 32  # the same, times the general staff's key without "armed forces"
TIMEOUT = 120  # a hang guard only: the work below takes well under a second when fixed
MEMORY = 2 * 1024**3


def _kh_words(n: int) -> list[str]:
    """``n`` distinct short words, each with a "kh"."""
    letters = "abcdefgijlmnoqrstuvwxyz"  # no h, k or p (the unit word "kpa"): one "kh" a word
    return [f"kh{letters[i % len(letters)]}{letters[i // len(letters) % len(letters)]}" for i in range(n)]


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _isolated(code: str, *args: str) -> Any:
    """Run ``code`` in a fresh interpreter (memory capped); return what it printed as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(result.stdout)


# ------------------------------------------------------------------ counts of keys


@pytest.mark.parametrize("n", [4, 12])
def test_unit_keys_of_many_kh_words_are_bounded(n: int) -> None:
    name = " ".join(_kh_words(n)) + " brigade"
    assert 1 <= len(unit_keys(name)) <= MAX_UNIT_KEYS


@pytest.mark.parametrize("n", [4, 12])
def test_source_keys_of_many_kh_words_are_bounded(n: int) -> None:
    name = " ".join(_kh_words(n)) + " General Staff of the Armed Forces"
    assert 1 <= len(source_keys(name)) <= MAX_SOURCE_KEYS


def test_forty_kh_words_give_at_most_a_few_keys() -> None:
    counts = _isolated(
        """
        import json, sys
        from conflictmodels.names import name_keys, source_keys, unit_keys
        latin, cyrillic = sys.argv[1], sys.argv[2]
        print(json.dumps({
            "unit": len(unit_keys(latin, "11")),
            "unit_cyrillic": len(unit_keys(cyrillic)),
            "source": len(source_keys(latin + " general staff armed forces")),
            "source_cyrillic": len(source_keys(cyrillic)),
            "name": len(name_keys(latin)),
        }))
        """,
        " ".join(_kh_words(40)),
        " ".join(f"х{chr(0x430 + i % 32)}{chr(0x430 + i // 32)}" for i in range(40)),
    )
    assert counts["unit"] <= MAX_UNIT_KEYS
    assert counts["unit_cyrillic"] <= MAX_UNIT_KEYS
    assert counts["source"] <= MAX_SOURCE_KEYS
    assert counts["source_cyrillic"] <= MAX_SOURCE_KEYS
    assert counts["name"] <= 2


def test_long_names_of_every_shape_stay_bounded() -> None:
    """The same class around it: many words, one huge word, a word of many "kh",
    numbers and unit words repeated; the number of keys stays bounded and the work
    finishes (each key is at most the length of the name)."""
    counts = _isolated(
        """
        import json
        from conflictmodels.names import name_keys, source_keys, unit_keys, unit_name_parts
        shapes = {
            "many_kh_words": " ".join("kh" + str(i) + "x" for i in range(100_000)),
            "one_huge_word": "kh" * 200_000,
            "huge_word_of_letters": "a" * 1_000_000,
            "numbers": " ".join(str(i) + "th" for i in range(50_000)),
            "unit_words": "naval infantry brigade morskoi pekhoty " * 20_000,
            "source_phrases": "ministry of defence general staff of the armed forces " * 20_000,
            "cyrillic": "Хорошево Михайловка " * 20_000,
            "apostrophes": "kh'" * 100_000,
        }
        out = {}
        for label, name in shapes.items():
            out[label] = [len(unit_keys(name)), len(source_keys(name)), len(name_keys(name)),
                          len(unit_name_parts(name).tokens) <= len(name.split())]
        print(json.dumps(out))
        """
    )
    for label, (units, sources, names, parts_ok) in counts.items():
        assert units <= MAX_UNIT_KEYS, label
        assert sources <= MAX_SOURCE_KEYS, label
        assert names <= 4, label  # two kh readings, times Russian and Ukrainian
        assert parts_ok, label


# ---------------------------------------------------- matching is kept where it matters


def test_a_few_kh_words_keep_every_mixed_reading() -> None:
    # Up to three ambiguous words, every combination is still a key: a spelling that
    # writes one "kh" as "h" and another as "k" still meets the transliteration.
    assert unit_keys("Kharkiv Lokhnya Brigade") & unit_keys("Harkiv Loknya Brigade")
    assert unit_keys("Kharkiv Lokhnya Khotin Brigade") & unit_keys("Karkiv Lohnya Hotin Brigade")
    assert source_keys("Khersonskyi Lokhvytskyi Herald") & source_keys("Hersonskyi Lokvytskyi Herald")


def test_many_kh_words_still_match_uniform_spellings() -> None:
    words = _kh_words(40)
    found = _isolated(
        """
        import json, sys
        from conflictmodels.names import source_keys, unit_keys
        kh, h, k = sys.argv[1:4]
        print(json.dumps({
            "unit_h": bool(unit_keys(kh) & unit_keys(h)),
            "unit_k": bool(unit_keys(kh) & unit_keys(k)),
            "source_h": bool(source_keys(kh) & source_keys(h)),
            "source_k": bool(source_keys(kh) & source_keys(k)),
            "unit_h_k": bool(unit_keys(h) & unit_keys(k)),
        }))
        """,
        " ".join(words),
        " ".join(w.replace("kh", "h") for w in words),
        " ".join(w.replace("kh", "k") for w in words),
    )
    assert found == {"unit_h": True, "unit_k": True, "source_h": True, "source_k": True, "unit_h_k": False}


# ------------------------------------------------------------ the reported dossiers


def _dossier(kind: str, n: int = 24) -> bytes:
    name = " ".join(_kh_words(n))
    entity = {"id": "x", "name": name}
    return json.dumps({"schema_version": 1, kind: [entity]}, separators=(",", ":")).encode()


@pytest.mark.parametrize("kind", ["units", "sources"])
def test_reconcile_of_a_tiny_hostile_dossier_finishes(kind: str) -> None:
    data = _dossier(kind)
    assert len(data) <= 200
    result = _isolated(
        """
        import json, sys
        from conflictmodels import loads
        from conflictmodels.reconciliation import reconcile
        out = reconcile(loads(sys.argv[1]))
        print(json.dumps({"units": len(out.units), "sources": len(out.sources)}))
        """,
        data.decode(),
    )
    assert result[kind] == 1


@pytest.mark.parametrize("kind", ["units", "sources"])
def test_cli_reconcile_of_a_tiny_hostile_dossier_finishes(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(_dossier(kind))
    out = tmp_path / "out.json"
    result = subprocess.run(
        [sys.executable, "-m", "conflictmodels", "reconcile", str(path), "-o", str(out)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert len(json.loads(out.read_text(encoding="utf-8"))[kind]) == 1
