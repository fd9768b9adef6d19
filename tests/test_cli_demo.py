"""``python -m conflictmodels demo``, run as a user would run it."""

from __future__ import annotations

import subprocess
import sys

from conflictmodels import Dossier, loads
from conflictmodels.examples import kursk_dossier


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "conflictmodels", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_demo_summary() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Kursk report, 9 March 2025")
    assert "Sources (11):" in out
    assert "Claims (21):" in out  # the 20 claims of the text and the Kositsa event
    assert "Places (10):" in out
    assert "Units (4):" in out
    assert "Ministry of Defence of the Russian Federation" in out
    assert "kursk-isw-strength: strength: UA Kursk region as many as 30,000 troops" in out
    assert "Cherkasskoye Porechnoye (settlement, RU-KRS)" in out


def test_demo_json_loads_back() -> None:
    result = run("demo", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("{")
    d = loads(result.stdout)
    assert isinstance(d, Dossier)
    assert d == kursk_dossier()


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()
