"""Atomic files: an interrupted write leaves the old file intact and no temporary file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmodels import Claim, Point, ValidationError, dumps, files
from conflictmodels.examples import kursk_dossier
from conflictmodels.files import dump_file, dump_lines_file, load_file, load_lines_file, write_text_atomic
from conflictmodels.limits import Limits

OLD = "old content\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "data.json"
    path.write_text(OLD, encoding="utf-8")
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "data.json")


def test_write_replaces_and_keeps_permissions(target: Path) -> None:
    os.chmod(target, 0o640)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(target.parent) == []


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    dump_file(Point(lat=1, lon=2), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~files._umask()


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_interrupted_write_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    def boom(*args: Any) -> None:
        raise KeyboardInterrupt  # an interrupt is the worst case: not even an Exception

    monkeypatch.setattr(failing, boom)
    with pytest.raises(KeyboardInterrupt):
        dump_file(kursk_dossier(), target)
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_a_failing_generator_midway_leaves_the_old_file(target: Path) -> None:
    def claims() -> Iterator[Claim]:
        yield from kursk_dossier().claims[:3]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        dump_lines_file(claims(), target)
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_an_invalid_object_leaves_the_old_file(target: Path) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever dumps raises for a non-model
        dump_file(object(), target)
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_writes_through_a_symlink_keep_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    dump_file(Point(lat=1, lon=2), link)
    assert link.is_symlink()
    assert load_file(real, Point) == Point(lat=1, lon=2)


def test_round_trips(tmp_path: Path) -> None:
    dossier = kursk_dossier()
    dump_file(dossier, tmp_path / "k.json", indent=2)
    assert load_file(tmp_path / "k.json") == dossier
    dump_lines_file(dossier.claims, tmp_path / "c.jsonl")
    assert load_file(tmp_path / "c.jsonl", Claim) == list(dossier.claims)
    assert load_lines_file(tmp_path / "c.jsonl") == list(dossier.claims)
    (tmp_path / "c.ndjson").write_bytes((tmp_path / "c.jsonl").read_bytes())
    assert load_file(tmp_path / "c.ndjson", Claim) == list(dossier.claims)


def test_load_file_respects_limits_without_reading_everything(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 10_000 + dumps(Point(lat=1, lon=2)).encode())
    with pytest.raises(ValidationError, match="larger than 1000 bytes"):
        load_file(path, Point, limits=Limits(max_bytes=1000))
    assert load_file(path, Point) == Point(lat=1, lon=2)


def test_load_file_accepts_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(Point(lat=1, lon=2)).encode())
    assert load_file(path, Point) == Point(lat=1, lon=2)
