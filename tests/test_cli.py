"""The ``conflictmodels`` command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

from conflictmodels import Dossier, dumps, dumps_lines, loads
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import to_stix


def run(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "conflictmodels", *args],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )
    out = result.stdout.decode("utf-8")
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(result.args, result.returncode, out, err)


@pytest.fixture(scope="module")
def kursk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "kursk.json"
    path.write_text(dumps(kursk_dossier(), indent=2), encoding="utf-8")
    return path


def test_demo_json_pipes_into_validate() -> None:
    demo = run("demo", "--json")
    assert demo.returncode == 0
    result = run("validate", "-", stdin=demo.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    verbose = run("validate", "-v", "-", stdin=demo.stdout)
    assert verbose.stdout == "<stdin>: ok\n"


def test_demo_summary_still_works() -> None:
    result = run("demo")
    assert result.returncode == 0
    assert result.stdout.startswith("Kursk report, 9 March 2025")


def test_bad_file_reports_file_line_path(tmp_path: Path, kursk: Path) -> None:
    lines = kursk.read_text(encoding="utf-8").splitlines()
    lat = next(i for i, line in enumerate(lines) if '"lat": 51.28' in line)
    lines[lat] = lines[lat].replace("51.28", "91")
    kind = next(i for i, line in enumerate(lines) if '"kind": "think_tank"' in line)
    lines[kind] = lines[kind].replace("think_tank", "tank")
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(lines), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert len(out) == 2
    assert out[0].startswith(f"{bad}:{kind + 1}: $.sources[10].kind: must be one of ")
    assert out[1].startswith(f"{bad}:{lat + 1}: $.locations[5].point.lat: must be between -90 and 90, got 91")


def test_missing_key_points_at_its_object(tmp_path: Path) -> None:
    bad = tmp_path / "point.json"
    bad.write_text('{\n  "schema_version": 1,\n  "lat": 51\n}\n', encoding="utf-8")
    result = run("validate", "--type", "point", str(bad))
    assert result.returncode == 1
    assert result.stdout == f"{bad}:1: $.lon: is required\n"


def test_json_lines_by_extension_and_by_content(tmp_path: Path) -> None:
    claims = list(kursk_dossier().claims[:3])
    text = dumps_lines(claims)
    good = tmp_path / "claims.jsonl"
    good.write_text(text, encoding="utf-8")
    assert run("validate", str(good)).returncode == 0
    broken = text.splitlines()
    broken[1] = broken[1].replace('"ru-mod"', '"ru mod"', 1)
    bad = tmp_path / "claims.txt"  # no telling extension: detected by content
    bad.write_text("\n".join(broken) + "\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{bad}:2: $.source_id: ")
    result = run("validate", "-", stdin="\n".join(broken) + "\nnot json\n")
    assert result.returncode == 1
    assert "<stdin>:2: $.source_id:" in result.stdout
    assert "<stdin>:4: $: is not valid JSON" in result.stdout


def test_unreadable_inputs_give_one_line_each(tmp_path: Path) -> None:
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1,\n "title": }', encoding="utf-8")
    result = run("validate", str(tmp_path / "missing.json"), str(binary), str(broken))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'missing.json'}: cannot read")
    assert lines[1].startswith(f"{binary}:1: $: is not valid UTF-8")  # the loaders' own message
    assert lines[2].startswith(f"{broken}:2: $: is not valid JSON")


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("validate").returncode == 2
    assert run("export", "--to", "pdf").returncode == 2
    result = run("reconcile", "x.json", "--as-of", "2025-03-10")
    assert result.returncode == 2
    assert "UTC offset" in result.stderr


def test_help_has_examples() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    for command in ("validate", "reconcile", "export", "import", "demo"):
        assert f"conflictmodels {command}" in result.stdout
    assert "example" in run("export", "--help").stdout


def test_export_geojson(kursk: Path, tmp_path: Path) -> None:
    out = tmp_path / "kursk.geojson"
    result = run("export", "--to", "geojson", str(kursk), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    novenke = next(f for f in fc["features"] if f["id"] == "location:novenke")
    assert novenke["geometry"]["coordinates"] == [35.10, 51.05]
    assert [p.name for p in tmp_path.iterdir()] == ["kursk.geojson"]  # no temporary file left behind


def test_export_stix_and_import_round_trip(kursk: Path, tmp_path: Path) -> None:
    bundle_path = tmp_path / "kursk.stix.json"
    assert run("export", "--to", "stix", str(kursk), "-o", str(bundle_path)).returncode == 0
    assert json.loads(bundle_path.read_text(encoding="utf-8")) == to_stix(kursk_dossier())
    back = tmp_path / "back.json"
    result = run("import", "--from", "stix", str(bundle_path), "-o", str(back))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert loads(back.read_text(encoding="utf-8")) == kursk_dossier()
    assert back.read_text(encoding="utf-8") == kursk.read_text(encoding="utf-8") + "\n"


def test_import_warns_about_skipped_objects(tmp_path: Path) -> None:
    bundle = to_stix(Dossier(title="t"))
    bundle["objects"].append({"type": "indicator", "spec_version": "2.1", "id": "indicator--1"})
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle, indent=2), encoding="utf-8")
    result = run("import", "--from", "stix", str(path))
    assert result.returncode == 0
    assert loads(result.stdout).title == "t"
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"warning: {path}:")
    assert "$.objects[3]: skipped indicator indicator--1" in warning
    strict = run("import", "--from", "stix", "--strict", str(path))
    assert strict.returncode == 1
    assert "skipped indicator" in strict.stderr


def test_export_csv(kursk: Path) -> None:
    result = run("export", "--to", "csv", str(kursk))
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == len(kursk_dossier().claims)
    assert rows[0]["claim_id"] == "kursk-mod-malaya-lokhnya"
    assessments = run("export", "--to", "csv", "--what", "assessments", "-", stdin=kursk.read_text(encoding="utf-8"))
    assert assessments.returncode == 0
    assert assessments.stdout.startswith("assessment_id,status,likelihood")


def test_export_jsonschema_validates_the_demo(tmp_path: Path) -> None:
    out = tmp_path / "dossier.schema.json"
    assert run("export", "--to", "jsonschema", "-o", str(out)).returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(dumps(kursk_dossier())))
    point = run("export", "--to", "jsonschema", "--type", "point")
    assert json.loads(point.stdout)["title"] == "Point"
    assert run("export", "--to", "jsonschema", "some.json").returncode == 1


def test_export_of_invalid_input_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "not-a-dossier.json"
    path.write_text('{"schema_version": 1, "claims": [{"id": "x"}]}', encoding="utf-8")
    result = run("export", "--to", "geojson", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"conflictmodels: {path}:1: $.claims[0].source_id: is required" in result.stderr.splitlines()


def test_output_to_unwritable_place(kursk: Path, tmp_path: Path) -> None:
    result = run("export", "--to", "csv", str(kursk), "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr


def test_reconcile(kursk: Path, tmp_path: Path) -> None:
    out = tmp_path / "reconciled.json"
    result = run("reconcile", str(kursk), str(kursk), "-o", str(out), "--as-of", "2025-03-10T00:00:00+03:00")
    assert result.returncode == 0, result.stderr
    d: Dossier = loads(out.read_text(encoding="utf-8"))
    assert len(d.claims) == len(kursk_dossier().claims)
    assert d.assessments
    assert all(a.as_of is not None for a in d.assessments if a.assessed_by.startswith("conflictmodels"))


def test_one_line_dossier_is_json_not_json_lines() -> None:
    result = run("validate", "-", stdin=dumps(kursk_dossier()) + "\n")
    assert result.returncode == 0, result.stdout


def test_unknown_keys_need_allow_unknown(tmp_path: Path) -> None:
    data = json.loads(dumps(kursk_dossier()))
    data["claims"][0]["merged_from"] = ["copy-1"]
    path = tmp_path / "merged.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    strict = run("validate", str(path))
    assert strict.returncode == 1
    assert "$.claims[0].merged_from: unknown key" in strict.stdout
    assert run("validate", "--allow-unknown", str(path)).returncode == 0
    exported = run("export", "--to", "stix", str(path))
    assert exported.returncode == 0
    assert "merged_from" in exported.stdout


def test_validate_says_when_problems_are_not_listed(tmp_path: Path) -> None:
    # 1,000 lines with two problems each: the batch's list stops at Limits.max_problems
    line = json.loads(dumps_lines(kursk_dossier().claims[:1]))
    line["source_id"] = "ru mod"
    line["id"] = "bad id"
    bad = tmp_path / "claims.jsonl"
    bad.write_text((json.dumps(line) + "\n") * 1000, encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    *listed, last = result.stdout.splitlines()
    assert len(listed) == 1000
    assert {x.split(":")[1] for x in listed} == {str(n) for n in range(1, 501)}
    assert last == f"{bad}:1-1000: 500 more bad lines not listed (Limits.max_problems)"


# ------------------------------------------------------------------- where -o writes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_output_into_a_fifo_goes_to_its_reader(kursk: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "kursk.geojson"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run("export", "--to", "geojson", str(kursk), "-o", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(got[0])["type"] == "FeatureCollection"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kursk.geojson"]


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(kursk: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "claims.csv"
    link.symlink_to(real)
    result = run("export", "--to", "csv", str(kursk), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("claim_id,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_output_to_a_new_file_has_the_usual_mode(kursk: Path, tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = run("export", "--to", "jsonschema", "--type", "point", "-o", str(out))
    assert result.returncode == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_output_to_a_directory_fails_naming_it(kursk: Path, tmp_path: Path) -> None:
    result = run("export", "--to", "csv", str(kursk), "-o", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"conflictmodels: {tmp_path}: cannot write: is a directory: only a file, a FIFO or a character device "
        "can be written"
    ]


def test_output_dash_is_standard_output(kursk: Path) -> None:
    result = run("export", "--to", "csv", str(kursk), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("claim_id,")
