"""Atomic files: an interrupted write leaves the old file intact and no temporary file."""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmodels import Claim, Point, ValidationError, dumps, dumps_lines, files
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


# ---------------------------------------------------------------- what is at the target

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")


def _read_fifo(path: Path, got: list[bytes]) -> threading.Thread:
    """A reader of the FIFO ``path`` in a thread: the writer's open waits for it."""

    def read() -> None:
        with open(path, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@needs_fifo
def test_a_fifo_is_written_straight_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    dump_file(Point(lat=1, lon=2), fifo)
    reader.join(timeout=30)
    assert got == [(dumps(Point(lat=1, lon=2)) + "\n").encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@needs_fifo
def test_lines_go_straight_to_a_fifo_through_a_symlink(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "claims.jsonl"
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    claims = kursk_dossier().claims[:3]
    dump_lines_file(claims, link)
    reader.join(timeout=30)
    assert got == [dumps_lines(claims).encode()]
    assert link.is_symlink()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_chain_of_symlinks_is_followed_to_the_file(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(OLD, encoding="utf-8")
    os.chmod(real, 0o604)
    (tmp_path / "middle").symlink_to(real)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "middle")
    write_text_atomic(link, "new\n")
    assert link.is_symlink()
    assert (tmp_path / "middle").is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "middle", "real.json"]


def test_a_new_file_is_not_private_whatever_the_temporary_was(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_file_whose_owner_cannot_be_kept_is_written_in_place(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another owner cannot be set up without root: the old file's ids are made to differ.
    real_stat = os.stat
    owned: list[tuple[int, int]] = []

    def stat_(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)
        if Path(path) == target:
            fields = list(result)
            fields[stat.ST_UID], fields[stat.ST_GID] = 4321, 8765
            return os.stat_result(fields)
        return result

    def chown(path: Any, uid: int, gid: int) -> None:
        owned.append((uid, gid))
        raise PermissionError(1, "Operation not permitted")  # as for a user who is not root

    inode = target.stat().st_ino
    monkeypatch.setattr(os, "stat", stat_)
    monkeypatch.setattr(os, "chown", chown)
    write_text_atomic(target, "new\n")
    assert owned == [(4321, 8765)]  # tried once: a replacement would have become the writer's
    assert target.read_text(encoding="utf-8") == "new\n"
    assert real_stat(target).st_ino == inode  # the same file, written in place as `>` writes it
    assert leftovers(target.parent) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root gives a file to another user")
def test_root_replaces_another_users_file_atomically_keeping_its_owner(target: Path) -> None:
    os.chown(target, 4321, 8765)
    os.chmod(target, 0o640)
    inode = target.stat().st_ino
    write_text_atomic(target, "new\n")
    now = target.stat()
    assert (now.st_uid, now.st_gid, stat.S_IMODE(now.st_mode)) == (4321, 8765, 0o640)
    assert now.st_ino != inode  # replaced: the owner and group could be given to the new file
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_hard_linked_file_is_written_in_place_so_every_link_sees_it(target: Path) -> None:
    other = target.parent / "other-link.json"
    os.link(target, other)
    dump_lines_file(kursk_dossier().claims[:2], target)
    assert other.read_text(encoding="utf-8") == dumps_lines(kursk_dossier().claims[:2])
    assert os.path.samefile(target, other)
    assert leftovers(target.parent) == ["other-link.json"]


def test_a_hard_linked_file_is_left_intact_by_a_failing_generator(target: Path) -> None:
    other = target.parent / "other-link.json"
    os.link(target, other)

    def claims() -> Iterator[Claim]:
        yield from kursk_dossier().claims[:3]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):  # the content is staged before the file is touched
        dump_lines_file(claims(), target)
    assert other.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == ["other-link.json"]


def test_a_refused_move_falls_back_to_writing_in_place(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another user's file in a sticky directory (/tmp): the directory takes a new file
    # but refuses to move it over the old one.
    def replace(src: Any, dst: Any) -> None:
        raise PermissionError(1, "Operation not permitted", str(dst))

    monkeypatch.setattr(os, "replace", replace)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(target.parent) == []


def test_a_read_only_file_is_written_exactly_when_the_user_could_open_it(target: Path) -> None:
    # As the shell's `>`: root may write a read-only file (and it stays read-only); any
    # other user is refused, naming it. tests/test_attack_files.py runs it as a plain user.
    os.chmod(target, 0o444)
    try:
        os.close(os.open(target, os.O_WRONLY))
    except PermissionError:
        with pytest.raises(PermissionError) as caught:
            write_text_atomic(target, "new\n")
        assert caught.value.filename == str(target)
        assert target.read_text(encoding="utf-8") == OLD
    else:
        write_text_atomic(target, "new\n")
        assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert leftovers(target.parent) == []


@pytest.mark.parametrize(
    ("name", "error", "reason"),
    [
        ("newname/", IsADirectoryError, "Is a directory"),
        ("newname/.", FileNotFoundError, "No such file"),
        ("data.json/", NotADirectoryError, "Not a directory"),
        ("data.json/.", NotADirectoryError, "Not a directory"),
        ("missing/x.json/", FileNotFoundError, "No such file"),
        ("", FileNotFoundError, "the path is empty"),
    ],
)
def test_a_path_that_names_no_file_is_refused_as_the_shell_does(
    target: Path, monkeypatch: pytest.MonkeyPatch, name: str, error: type[OSError], reason: str
) -> None:
    # `echo x > newname/` says "Is a directory" and creates nothing; `> data.json/` says
    # "Not a directory" and leaves data.json alone.
    monkeypatch.chdir(target.parent)
    with pytest.raises(error, match=reason) as caught:
        write_text_atomic(name, "new\n")
    assert caught.value.filename == name
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_a_directory_is_refused_with_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "out.json"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="is a directory") as caught:
        write_text_atomic(folder, "x")
    assert caught.value.filename == str(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_a_socket_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative name: socket paths are limited to ~100 bytes
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.sock")
        with pytest.raises(OSError, match="is a socket"):
            write_text_atomic("s.sock", "x")
    assert stat.S_ISSOCK(os.lstat(tmp_path / "s.sock").st_mode)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="Linux /proc")
def test_a_descriptor_path_is_appended_to_like_a_redirection(tmp_path: Path) -> None:
    # ``conflictmodels ... -o /dev/stdout >> log``: what was in the log stays.
    log = tmp_path / "log.txt"
    log.write_text("before\n", encoding="utf-8")
    with open(log, "ab") as opened:
        write_text_atomic(f"/proc/self/fd/{opened.fileno()}", "after\n")
    assert log.read_text(encoding="utf-8") == "before\nafter\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="Linux /proc")
def test_a_descriptor_path_of_a_pipe_is_written_straight() -> None:
    read_end, write_end = os.pipe()
    try:
        write_text_atomic(f"/proc/self/fd/{write_end}", "through\n")
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 100) == b"through\n"
    finally:
        os.close(read_end)
        if write_end != -1:
            os.close(write_end)
