"""Attack class: hostile paths and interrupted writes (issue #19, items 15 and 18; #16).

- item 15: every file function raises the documented ``OSError`` for a file-system
  problem (a symlink loop, a NUL in the path), and a ``ConflictModelsError`` naming the
  argument for a wrong argument (a path that is no path, ``resolve_relative(None)``);
- item 18: a write killed midway leaves a temporary file beside the target; the next
  write into that folder removes it, and only it: never a file that merely looks like
  one, nor one whose writer is still alive;
- #16: a write (and the command line's ``-o``) writes what the shell's ``>`` would
  write and refuses what it refuses, run as a user without root's power over files.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conflictmodels import ConflictModelsError, FieldTypeError, Point, files
from conflictmodels.examples import kursk_dossier
from conflictmodels.files import dump_file, dump_lines_file, load_file, load_lines_file, write_text_atomic
from conflictmodels.timespans import resolve_relative

POINT = Point(lat=1, lon=2)
WRITERS: dict[str, Callable[[Any], None]] = {
    "dump_file": lambda path: dump_file(POINT, path),
    "dump_lines_file": lambda path: dump_lines_file([POINT], path),
    "write_text_atomic": lambda path: write_text_atomic(path, "x\n"),
}
READERS: dict[str, Callable[[Any], Any]] = {
    "load_file": lambda path: load_file(path, Point),
    "load_lines_file": lambda path: load_lines_file(path, Point),
}
ALL = {**WRITERS, **READERS}


# --------------------------------------------------------------- item 15: hostile paths


@pytest.mark.parametrize("use", list(ALL.values()), ids=list(ALL))
def test_a_symlink_loop_is_an_oserror(tmp_path: Path, use: Callable[[Any], Any]) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    (tmp_path / "self.json").symlink_to(tmp_path / "self.json")
    for path in (a, tmp_path / "self.json", str(a)):
        with pytest.raises(OSError, match="symbolic links") as caught:
            use(path)
        assert caught.value.errno == errno.ELOOP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json", "self.json"]
    assert a.is_symlink()
    assert b.is_symlink()


@pytest.mark.parametrize("use", list(ALL.values()), ids=list(ALL))
def test_a_nul_in_the_path_is_an_oserror(tmp_path: Path, use: Callable[[Any], Any]) -> None:
    for path in (str(tmp_path / "a\0b.json"), tmp_path / "a\0b.jsonl"):
        with pytest.raises(OSError, match="NUL") as caught:
            use(path)
        assert caught.value.errno == errno.EINVAL
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("use", list(ALL.values()), ids=list(ALL))
@pytest.mark.parametrize("path", [None, 987_654, 1.5, b"bytes.json", ["a.json"]])
def test_a_path_that_is_no_path_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use: Callable[[Any], Any], path: object
) -> None:
    monkeypatch.chdir(tmp_path)  # an int would be a file descriptor to open(): never read one
    with pytest.raises(FieldTypeError) as caught:
        use(path)
    assert caught.value.field == "path"
    assert "must be a str or os.PathLike" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_write_text_atomic_names_text_that_is_not_str(tmp_path: Path) -> None:
    with pytest.raises(FieldTypeError) as caught:
        write_text_atomic(tmp_path / "x.txt", b"bytes")  # type: ignore[arg-type]
    assert caught.value.field == "text"
    assert list(tmp_path.iterdir()) == []


def test_a_directory_as_target_is_an_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    for use in WRITERS.values():
        with pytest.raises(IsADirectoryError):
            use(tmp_path / "dir.json")
    assert [p.name for p in tmp_path.iterdir()] == ["dir.json"]


def test_a_dangling_symlink_is_written_through(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "real.json")
    dump_file(POINT, link)
    assert link.is_symlink()
    assert load_file(tmp_path / "real.json", Point) == POINT


@pytest.mark.parametrize("expression", [None, 3, b"yesterday", ["yesterday"]])
def test_resolve_relative_names_an_expression_that_is_not_text(expression: object) -> None:
    published = datetime(2025, 3, 9, 18, tzinfo=UTC)
    with pytest.raises(ConflictModelsError) as caught:
        resolve_relative(expression, published)  # type: ignore[arg-type]
    assert isinstance(caught.value, FieldTypeError)
    assert caught.value.field == "expression"
    assert "must be a string" in str(caught.value)


# -------------------------------------------------- item 18: temporaries of killed writes


def _temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(files.TEMPORARY_SUFFIX))


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


@pytest.fixture
def sweep_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget when folders were last swept in this process, so that the next write sweeps."""
    monkeypatch.setattr(files, "_SWEPT", {})


_WRITER = """
import sys, time
from conflictmodels.examples import kursk_dossier
from conflictmodels.files import dump_lines_file

def claims():
    yield from kursk_dossier().claims[:3]
    print("writing", flush=True)
    time.sleep(600)  # killed here, in the middle of the write
    yield from kursk_dossier().claims[3:]

dump_lines_file(claims(), sys.argv[1])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and kill -9")
def test_a_killed_write_is_cleaned_up_by_the_next_write(tmp_path: Path, sweep_now: None) -> None:
    target = tmp_path / "claims.jsonl"
    dump_lines_file(kursk_dossier().claims[:1], target)
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_WRITER), str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "writing\n"
        (temporary,) = _temporaries(tmp_path)
        assert temporary.name.startswith(".claims.jsonl.")
        _age(temporary, 3 * files.STALE_AFTER)
        dump_lines_file(kursk_dossier().claims[:2], target)  # the writer is alive: its file stays
        assert _temporaries(tmp_path) == [temporary]
    finally:
        writer.kill()  # kill -9: no cleanup in the writer
        writer.wait(timeout=60)
        if writer.stdout is not None:
            writer.stdout.close()
    assert _temporaries(tmp_path) == [temporary]  # what the issue saw: left behind
    files._SWEPT.clear()
    dump_lines_file(kursk_dossier().claims[:2], target)
    assert _temporaries(tmp_path) == []
    assert len(load_lines_file(target)) == 2


def test_stale_temporaries_of_any_target_in_the_folder_are_removed(tmp_path: Path, sweep_now: None) -> None:
    stale = [tmp_path / f".{name}.abcdefgh{files.TEMPORARY_SUFFIX}" for name in ("a.json", "b.jsonl", "c")]
    for path in stale:
        path.write_text("half a file", encoding="utf-8")
        _age(path, 2 * files.STALE_AFTER)
    dump_file(POINT, tmp_path / "a.json")
    assert _temporaries(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_only_provably_ours_is_removed(tmp_path: Path, sweep_now: None) -> None:
    old = 2 * files.STALE_AFTER
    keep = {
        "young": f".a.json.abcdefgh{files.TEMPORARY_SUFFIX}",  # maybe a write just starting
        "other tool": ".a.json.abcdefgh.tmp",  # what this library wrote before, or another tool
        "longer": f".a.json.abcdefgh{files.TEMPORARY_SUFFIX}.bak",
        "not hidden": f"a.json.abcdefgh{files.TEMPORARY_SUFFIX}",
        "odd random part": f".a.json.ABCDEFGH{files.TEMPORARY_SUFFIX}",
        "user file": "a.json.tmp",
    }
    for label, name in keep.items():
        (tmp_path / name).write_text(label, encoding="utf-8")
        if label != "young":
            _age(tmp_path / name, old)
    link = tmp_path / f".b.json.abcdefgh{files.TEMPORARY_SUFFIX}"  # a symlink is never ours
    link.symlink_to(tmp_path / "a.json.tmp")
    _age(link, old)
    folder = tmp_path / f".c.json.abcdefgh{files.TEMPORARY_SUFFIX}"  # nor a folder
    folder.mkdir()
    _age(folder, old)
    before = sorted(p.name for p in tmp_path.iterdir())
    dump_file(POINT, tmp_path / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "a.json"])
    assert (tmp_path / "a.json.tmp").read_text(encoding="utf-8") == "user file"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_a_locked_temporary_is_in_use_and_stays(tmp_path: Path, sweep_now: None) -> None:
    import fcntl

    busy = tmp_path / f".a.json.abcdefgh{files.TEMPORARY_SUFFIX}"
    busy.write_text("being written", encoding="utf-8")
    _age(busy, 2 * files.STALE_AFTER)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\nf = open(sys.argv[1], 'rb')\nfcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\ntime.sleep(600)",
            str(busy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        dump_file(POINT, tmp_path / "a.json")
        assert busy.exists()
    finally:
        holder.kill()
        holder.wait(timeout=60)
        if holder.stdout is not None:
            holder.stdout.close()
    with open(busy, "rb") as f:  # the lock went with the holder
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_folder_is_swept_at_most_once_a_minute(tmp_path: Path, sweep_now: None) -> None:
    dump_file(POINT, tmp_path / "a.json")  # sweeps the folder
    stale = tmp_path / f".a.json.abcdefgh{files.TEMPORARY_SUFFIX}"
    stale.write_text("half", encoding="utf-8")
    _age(stale, 2 * files.STALE_AFTER)
    dump_file(POINT, tmp_path / "a.json")  # too soon: no second listing of the folder
    assert stale.exists()
    files._SWEPT.clear()
    dump_file(POINT, tmp_path / "a.json")
    assert not stale.exists()


def test_a_write_names_its_temporary_with_the_pattern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        seen.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    dump_file(POINT, tmp_path / "a.json")
    (name,) = seen
    assert files._TEMPORARY.fullmatch(name), name
    assert name.startswith(".a.json.")


# ----------------------------- #16: what the shell's > would write, as a plain user


@pytest.mark.parametrize("use", list(ALL.values()), ids=list(ALL))
def test_an_empty_path_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use: Callable[[Any], Any]
) -> None:
    monkeypatch.chdir(tmp_path)  # Path("") is "."; it must not be read as the current directory
    with pytest.raises(FileNotFoundError, match="the path is empty"):
        use("")
    assert list(tmp_path.iterdir()) == []


def _plain_prefix() -> list[str] | None:
    """A command prefix that runs without root's power over files: nothing for a user
    who is not root, ``setpriv`` dropping every capability for root (None without it)."""
    if not hasattr(os, "geteuid") or sys.platform == "win32":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return None if setpriv is None else [setpriv, "--inh-caps=-all", "--bounding-set=-all"]


Run = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def plain(tmp_path: Path) -> Run:
    """Run ``python ARGS`` in ``tmp_path`` as a plain user (skipped where there is none)."""
    prefix = _plain_prefix()
    if prefix is None:
        pytest.skip("no way to run without root's power over files")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*prefix, sys.executable, *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)

    if run("-c", "pass").returncode != 0:  # setpriv may not drop capabilities in a container
        pytest.skip("no way to run without root's power over files")
    probe = tmp_path / "probe"
    probe.write_text("", encoding="utf-8")
    probe.chmod(0o444)
    if run("-c", "open('probe', 'a')").returncode == 0:
        pytest.skip("this user may write a read-only file")
    probe.unlink()
    return run


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="another user's file is made by root"
)
NOBODY = 65534
WRITE = """
import sys
from conflictmodels.files import write_text_atomic
try:
    write_text_atomic(sys.argv[1], "new\\n")
except OSError as err:
    print(type(err).__name__, err.filename, err.strerror, sep=" | ")
"""


def _old(path: Path, mode: int, owner: int | None = None) -> int:
    path.write_text("old\n", encoding="utf-8")
    path.chmod(mode)
    if owner is not None:
        os.chown(path, owner, owner)
    return path.stat().st_ino


def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path, plain: Run) -> None:
    _old(tmp_path / "ro.csv", 0o444)
    assert plain("-c", WRITE, "ro.csv").stdout == "PermissionError | ro.csv | Permission denied\n"
    assert (tmp_path / "ro.csv").read_text(encoding="utf-8") == "old\n"
    assert stat.S_IMODE((tmp_path / "ro.csv").stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["ro.csv"]


@needs_root
def test_another_users_file_is_refused_and_keeps_its_owner(tmp_path: Path, plain: Run) -> None:
    _old(tmp_path / "theirs.csv", 0o644, NOBODY)
    assert plain("-c", WRITE, "theirs.csv").stdout == "PermissionError | theirs.csv | Permission denied\n"
    assert (tmp_path / "theirs.csv").read_text(encoding="utf-8") == "old\n"
    assert (tmp_path / "theirs.csv").stat().st_uid == NOBODY


def test_a_writable_file_in_a_read_only_directory_is_written_in_place(tmp_path: Path, plain: Run) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    inode = _old(folder / "x.csv", 0o666)
    folder.chmod(0o555)
    try:
        assert plain("-c", WRITE, "ro/x.csv").stdout == ""  # `>` writes it: so does the library
        assert plain("-c", WRITE, "ro/new.csv").stdout == (
            "PermissionError | ro/new.csv | Permission denied: cannot create a file in ro/\n"
        )
    finally:
        folder.chmod(0o755)
    assert (folder / "x.csv").read_text(encoding="utf-8") == "new\n"
    assert (folder / "x.csv").stat().st_ino == inode
    assert [p.name for p in folder.iterdir()] == ["x.csv"]


@needs_root
def test_another_users_file_in_a_sticky_directory_is_written_in_place(tmp_path: Path, plain: Run) -> None:
    # /tmp: anyone may create files, nobody may move a file over another user's.
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chown(folder, NOBODY, NOBODY)
    folder.chmod(0o1777)
    inode = _old(folder / "shared.csv", 0o666, NOBODY)
    assert plain("-c", WRITE, "shared/shared.csv").stdout == ""
    now = (folder / "shared.csv").stat()
    assert (now.st_ino, now.st_uid, stat.S_IMODE(now.st_mode)) == (inode, NOBODY, 0o666)
    assert (folder / "shared.csv").read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in folder.iterdir()] == ["shared.csv"]


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("ro.json", "ro.json: cannot write: Permission denied"),
        ("newname/", "newname/: cannot write: Is a directory: a path ending in / names a directory, not a file"),
        ("ro.json/", "ro.json/: cannot write: Not a directory"),
        ("", "-o '': cannot write: the path is empty"),
    ],
)
def test_the_command_line_refuses_what_the_shell_refuses(tmp_path: Path, plain: Run, output: str, said: str) -> None:
    _old(tmp_path / "ro.json", 0o444)
    done = plain("-m", "conflictmodels", "export", "--to", "jsonschema", "--type", "point", "-o", output)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"conflictmodels: {said}\n")
    assert (tmp_path / "ro.json").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ro.json"]
