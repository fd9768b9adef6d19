"""Files without data loss: atomic writes, and loading with limits.

A write goes to a temporary file in the target's directory, is flushed and ``fsync``-ed,
then moved over the target with :func:`os.replace` (atomic on POSIX and Windows). If
anything fails on the way (an invalid object, a full disk, an interrupt), the temporary
file is removed and the old file is left exactly as it was: readers see either the old
content or the new, never half a file.

A write writes what the shell's ``>`` would write, and refuses what it refuses:

- a regular file, or nothing (a new file): atomically, as above. The new file keeps the
  old one's permissions, owner and group; a new file gets the usual permissions
  (``0666`` less the umask), as ``open`` would give it.
- an existing file is first opened for writing (not truncated), as ``>`` opens it: a
  file the user could not write is refused with a :class:`PermissionError` naming it
  (a read-only file, another user's file), never replaced. Root, who may write any
  file, writes a read-only file as ``>`` does, and its mode stays read-only.
- where replacing the file would change more than its content, the file is written in
  place instead, as ``>`` writes it: when it has other hard links (they would keep the
  old content), when its owner or group cannot be given to a new file (another user's
  file the user may write, a group the user is not in), when the directory cannot take
  a new file (a writable file in a read-only directory) or refuses the move (another
  user's file in a sticky directory such as ``/tmp``). The content is complete (in a
  temporary file) before the file is touched, so an invalid object or a generator
  failing midway still leaves it as it was; but the write itself is not atomic: a
  full disk or a kill while copying leaves the file partly written. (The rule of Vim's
  ``backupcopy=auto``.)
- a symlink: followed (through any chain) to the file it points to, which is written as
  above; the link stays a link. A dangling link creates the file it points to.
- a FIFO (named pipe) or a character device (a terminal, ``/dev/null``): written
  straight, never replaced. Opening a FIFO waits for a reader, as a shell's ``>`` does.
  There is no old content to keep: a write that fails midway has sent what it sent.
- a path that names an open file descriptor (``/dev/stdout``, ``/dev/stderr``,
  ``/dev/fd/N``, ``/proc/self/fd/N``): written straight, appending, whatever it is
  open on, so that ``> file`` and ``>> file`` of the shell keep their meaning.
- anything else (a directory, a socket, a block device): an :class:`OSError` that
  says what is there; nothing is written. A path that can only name a directory
  (``out/``, ``out/.``) is an :class:`IsADirectoryError` (or a
  :class:`NotADirectoryError` when a file stands before the ``/``), never a file
  ``out``; an empty path is a :class:`FileNotFoundError`. A new file in a directory
  the user cannot write is a :class:`PermissionError` naming the directory.

A process killed during a write (``kill -9``, a power cut) cannot remove its temporary
file. Temporary files are named ``.<target name>.<8 random characters>.conflictmodels-tmp``
(:data:`TEMPORARY_SUFFIX`) and their writer holds an exclusive ``flock`` on them while it
writes. On POSIX, a write into a directory first removes the temporary files left there
by dead writers (of any target): a file is removed only when its name has exactly that
pattern, it is a regular file (not a symlink) owned by the current user, it is older
than :data:`STALE_AFTER` seconds, and its lock can be taken (its writer is gone). A
directory is looked at at most once a minute per process. On Windows nothing is removed.

Paths are ``str`` or ``os.PathLike`` objects; a file-system problem (a missing
directory, a symlink loop, a NUL character in the path) is an :class:`OSError`, a path
of another type a :class:`~conflictmodels.FieldTypeError`.

Example:
    >>> import pathlib, tempfile
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.files import dump_file, load_file
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kursk.json"
    >>> dump_file(kursk_dossier(), path)
    >>> load_file(path) == kursk_dossier()
    True
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from .claim import Claim
from .dossier import Dossier
from .errors import FieldTypeError
from .limits import DEFAULT_LIMITS, Limits
from .serialization import dumps, dumps_lines, loads, loads_lines

try:  # POSIX: a writer's lock tells a live write from a dead one
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "STALE_AFTER",
    "TEMPORARY_SUFFIX",
    "dump_file",
    "dump_lines_file",
    "load_file",
    "load_lines_file",
    "write_text_atomic",
]

T = TypeVar("T")

StrPath = str | os.PathLike[str]

_LINES_SUFFIXES = (".jsonl", ".ndjson")

TEMPORARY_SUFFIX = ".conflictmodels-tmp"
"""The end of the name of every temporary file a write makes beside its target."""
STALE_AFTER = 3600
"""Seconds after which a temporary file whose writer is gone may be removed."""
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX), re.DOTALL)
_SWEEP_EVERY = 60.0
_SWEPT: dict[str, float] = {}  # directory -> time.monotonic() of its last sweep


def _path(path: Any, owner: str) -> Path:
    """``path`` as a :class:`Path`: a NUL in it is an ``OSError`` like any other bad path."""
    try:
        text = os.fspath(path)
    except TypeError:
        text = None
    if not isinstance(text, str):
        raise FieldTypeError(owner, "path", "must be a str or os.PathLike path", path)
    if "\0" in text:
        raise OSError(errno.EINVAL, "the path holds a NUL character", text)
    if not text:  # Path("") is the current directory: say what was given, as open("") does
        raise FileNotFoundError(errno.ENOENT, "No such file or directory: the path is empty", text)
    return Path(text)


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would race with other threads)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


_DESCRIPTOR = re.compile(r"/dev/(?:stdout|stderr|fd/[0-9]+)|/proc/(?:self|thread-self|[0-9]+)/fd/[0-9]+")
"""Paths that name an open file descriptor: written straight, appending, as a shell's
redirection already opened them (replacing the file would drop what ``>>`` kept)."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _write_atomic(path: StrPath, chunks: Iterable[bytes], owner: str) -> None:
    """Write ``chunks`` to ``path``: atomically to a regular file or a new path (through
    a symlink, to the file it points to), straight to a FIFO, a character device or a
    file descriptor's path. See :func:`write_text_atomic` and the module's documentation."""
    target = _path(path, owner)
    _refuse_directory_syntax(os.fspath(path))
    try:
        found: os.stat_result | None = os.stat(target)  # follows symlinks; a loop is an OSError
    except FileNotFoundError:
        found = None  # a new file, or the file a dangling link points to
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
            _write_through(target, chunks)
            return
        kind = next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")
        code = errno.EISDIR if stat.S_ISDIR(found.st_mode) else errno.EINVAL
        raise OSError(code, f"is {kind}: only a file, a FIFO or a character device can be written", str(target))
    if found is not None and _DESCRIPTOR.fullmatch(os.path.abspath(target)):
        _write_through(target, chunks)
        return
    if target.is_symlink():  # replace the file the link points to, not the link
        try:
            target = Path(os.path.realpath(target, strict=True))
        except FileNotFoundError:  # a dangling link: create the file it points to
            target = Path(os.path.realpath(target))
    # An existing file is opened for writing first, as the shell's ``>`` opens it: a file
    # the user may not write (read-only, another user's) is refused, never replaced.
    writer = None if found is None else _open_for_writing(target)
    try:
        _write_file(target, found, writer, chunks)
    finally:
        if writer is not None:
            os.close(writer)


def _refuse_directory_syntax(text: str) -> None:
    """Refuse a path that can only name a directory (``out/``, ``out/.``) as the shell's
    ``>`` does: "Is a directory", or "Not a directory" when a file stands before the ``/``
    (an existing directory is refused later, naming what it is)."""
    separators = "".join(sep for sep in (os.sep, os.altsep) if sep)
    if not text.endswith(tuple(separators)) and os.path.basename(text) not in (".", ".."):
        return
    try:
        os.stat(text)  # "file/" is a NotADirectoryError, "missing/x/" a FileNotFoundError
    except FileNotFoundError:
        if not os.path.isdir(os.path.dirname(text.rstrip(separators)) or "."):
            raise
        raise IsADirectoryError(
            errno.EISDIR, "Is a directory: a path ending in / names a directory, not a file", text
        ) from None


def _open_for_writing(target: Path) -> int:
    """Open the existing regular file ``target`` for writing without changing it (no
    truncation): a ``PermissionError`` when the user could not write it with ``>``."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by something else meanwhile
        os.close(fd)
        raise OSError(errno.EINVAL, "changed while being written: no longer a regular file", str(target))
    return fd


def _write_file(target: Path, old: os.stat_result | None, writer: int | None, chunks: Iterable[bytes]) -> None:
    """Stage ``chunks`` in a temporary file beside ``target``, then move it over ``target``
    (atomic) when that changes nothing but the content; else copy it into ``writer``, the
    open old file (in place, as ``>`` writes)."""
    directory = target.parent
    _sweep(directory)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name[:100]}.", suffix=TEMPORARY_SUFFIX)
    except PermissionError as err:  # a directory the user cannot write: no file can be created in it
        if writer is None:
            where = f"{directory}{os.sep}" if str(directory) != "." else "the current directory"
            raise PermissionError(err.errno, f"{err.strerror}: cannot create a file in {where}", str(target)) from None
        with tempfile.TemporaryFile() as staged:  # elsewhere: the content is complete before the file is touched
            for chunk in chunks:
                staged.write(chunk)
            _copy_in_place(writer, staged)
        return
    moved = False
    try:
        if fcntl is not None:  # held until the file is closed: the writer is alive
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with os.fdopen(fd, "w+b") as staged:
            for chunk in chunks:
                staged.write(chunk)
            if writer is not None and old is not None and not _only_content_changes(tmp, old):
                _copy_in_place(writer, staged)
                return
            staged.flush()
            os.fsync(staged.fileno())
            os.chmod(tmp, 0o666 & ~_umask() if old is None else stat.S_IMODE(old.st_mode))  # after chown
            try:
                os.replace(tmp, target)
                moved = True
            except PermissionError:  # another user's file in a sticky directory (/tmp), say
                if writer is None:
                    raise
                _copy_in_place(writer, staged)
                return
    finally:
        if not moved:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    _sync_directory(directory)


def _only_content_changes(tmp: str, old: os.stat_result) -> bool:
    """Whether moving ``tmp`` over the file ``old`` changes nothing but its content: the
    old file has no other (hard) link, and ``tmp`` could be given its owner and group
    (root may give any; other users their own user and a group they belong to)."""
    if old.st_nlink > 1:  # the other links would keep the old content
        return False
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return True
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return True
    try:
        os.chown(tmp, old.st_uid, old.st_gid)  # chown clears set-id bits: the mode is set after it
    except OSError:  # another user's file, or a group the user is not in
        return False
    return True


def _copy_in_place(writer: int, staged: Any) -> None:
    """Truncate the open file ``writer`` and copy the binary file ``staged`` into it, as
    ``>`` writes: the file stays the same file (its links, owner, group and mode), but a
    failure from here on (a full disk, a kill) leaves it partly written."""
    staged.flush()
    staged.seek(0)
    os.ftruncate(writer, 0)
    os.lseek(writer, 0, os.SEEK_SET)
    while block := staged.read(1 << 20):
        view = memoryview(block)
        while view:
            view = view[os.write(writer, view) :]
    os.fsync(writer)


def _write_through(target: Path, chunks: Iterable[bytes]) -> None:
    """Write straight to a FIFO, a character device or a file descriptor's path: there
    is no old content to keep, and replacing it would break what reads it. A FIFO
    blocks until a reader opens it."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags)  # never created nor truncated
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
        out.flush()


def _sweep(directory: Path) -> None:
    """Remove the temporary files that dead writes left in ``directory`` (best effort:
    nothing here makes a write fail). See the module's documentation for the rules."""
    if fcntl is None:  # pragma: no cover - Windows
        return
    key, now = os.path.abspath(directory), time.monotonic()
    last = _SWEPT.get(key)
    if last is not None and now - last < _SWEEP_EVERY:
        return
    if len(_SWEPT) >= 4096:
        _SWEPT.clear()
    _SWEPT[key] = now
    with contextlib.suppress(OSError):
        with os.scandir(directory) as entries:
            stale = [e.path for e in entries if e.name.endswith(TEMPORARY_SUFFIX) and _TEMPORARY.fullmatch(e.name)]
        for candidate in stale:
            with contextlib.suppress(OSError):
                _remove_if_stale(candidate)


def _remove_if_stale(path: str) -> None:
    """Remove ``path`` if it is provably a temporary file of a dead write of ours."""
    assert fcntl is not None
    before = os.lstat(path)
    if not stat.S_ISREG(before.st_mode) or before.st_uid != os.geteuid() or time.time() - before.st_mtime < STALE_AFTER:
        return
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            return  # replaced meanwhile
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # locked: its writer is alive (or locks do not work here: keep it)
            return
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino):
            os.unlink(path)
    finally:
        os.close(fd)


def _sync_directory(directory: Path) -> None:
    # Make the rename itself durable; not possible (nor needed) on every platform.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: StrPath, text: str) -> None:
    """Write ``text`` (as UTF-8) to ``path`` atomically: all of it, or nothing changes.

    It writes what the shell's ``>`` would write. An existing file keeps its
    permissions, owner and group; a new file gets the usual permissions (0666 less the
    umask). A file that has other hard links, whose owner or group the user cannot give
    a new file, or whose directory cannot take one, is written in place (not
    atomically: a failure while copying leaves it partly written). A symlink is
    followed and the file it points to is written, the link kept; a FIFO, a character
    device or a file descriptor's path (``/dev/stdout``) is written straight, never
    replaced. A directory, a socket or a block device is refused (see
    :mod:`conflictmodels.files`).

    Raises:
        PermissionError: The user could not write the existing file (read-only, another
            user's), or create one in its directory; nothing is changed.
        OSError: The disk is full, the path holds a NUL or a symlink loop, names a
            directory (or ends with ``/``), is empty, ... (``path`` is then unchanged,
            but for a failure while writing in place, and no temporary file is left).
            Its ``filename`` is the path.
        FieldTypeError: ``path`` is not a ``str`` or ``os.PathLike``, or ``text`` is
            not a ``str``.
        UnicodeEncodeError: ``text`` holds a lone surrogate (nothing is written).

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels.files import write_text_atomic
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
        >>> write_text_atomic(path, "Суджа\\n")
        >>> path.read_text(encoding="utf-8")
        'Суджа\\n'
    """
    if not isinstance(text, str):
        raise FieldTypeError("write_text_atomic", "text", "must be a str", text)
    data = text.encode("utf-8")
    _write_atomic(path, [data], "write_text_atomic")


def dump_file(obj: Any, path: StrPath, *, indent: int | None = None) -> None:
    """Write a model's JSON (as :func:`~conflictmodels.dumps` gives it) to ``path`` atomically.

    The JSON is built before the file is touched, so an invalid object leaves the old
    file intact.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels import Point
        >>> from conflictmodels.files import dump_file
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "point.json"
        >>> dump_file(Point(lat=51.5, lon=35.1), path)
        >>> path.read_text(encoding="utf-8")
        '{"schema_version": 3, "lat": 51.5, "lon": 35.1}\\n'
    """
    _path(path, "dump_file")
    write_text_atomic(path, dumps(obj, indent=indent) + "\n")


def dump_lines_file(objs: Iterable[Any], path: StrPath) -> None:
    """Write models as JSON Lines to ``path`` atomically, one payload per line.

    ``objs`` may be a generator: lines are written as they come, and if it (or any
    object) fails midway, the old file is left intact.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.files import dump_lines_file, load_lines_file
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.jsonl"
        >>> claims = kursk_dossier().claims
        >>> dump_lines_file(claims, path)
        >>> tuple(load_lines_file(path)) == claims
        True
    """
    _write_atomic(path, (dumps_lines([obj]).encode("utf-8") for obj in objs), "dump_lines_file")


def load_file(
    path: StrPath,
    cls: type[T] = Dossier,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> Any:
    """Read a ``.json`` file into one model, or a ``.jsonl`` / ``.ndjson`` file into a list.

    Files are read as UTF-8 bytes (a byte order mark is ignored) and never beyond
    ``limits.max_bytes`` (per line for JSON Lines). For a typed list of lines use
    :func:`load_lines_file`.

    Args:
        path: The file.
        cls: The model type of the document (or of each line); a
            :class:`~conflictmodels.Dossier` by default.
        keep_unknown: Keep unknown keys in ``extra`` instead of rejecting them.
        limits: Resource limits; the defaults when ``None``.

    Returns:
        A ``cls`` for a JSON file, a ``list`` of ``cls`` for a JSON Lines file.

    Raises:
        ValidationError: The content is not a valid payload (every problem with its
            path, and line for JSON Lines).
        OSError: The file cannot be read (missing, a symlink loop, a NUL in the path, ...).
        FieldTypeError: ``path`` is not a ``str`` or ``os.PathLike``.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels import Claim
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.files import dump_lines_file, load_file
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.jsonl"
        >>> dump_lines_file(kursk_dossier().claims[:2], path)
        >>> [c.id for c in load_file(path, Claim)] == [c.id for c in kursk_dossier().claims[:2]]
        True
    """
    file = _path(path, "load_file")
    if file.suffix.lower() in _LINES_SUFFIXES:
        return load_lines_file(file, cls, keep_unknown=keep_unknown, limits=limits)
    lim = DEFAULT_LIMITS if limits is None else limits
    with open(file, "rb") as f:
        data = f.read(lim.max_bytes + 4)  # room for a byte order mark: the parser counts
    return loads(data, cls, keep_unknown=keep_unknown, limits=lim)


def load_lines_file(
    path: StrPath,
    cls: type[T] = Claim,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> list[T]:
    """Read a JSON Lines file (claims by default), all or nothing like :func:`~conflictmodels.loads_lines`.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels import Point
        >>> from conflictmodels.files import load_lines_file
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "points.jsonl"
        >>> _ = path.write_bytes(b'{"schema_version": 1, "lat": 1, "lon": 2}\\n')
        >>> load_lines_file(path, Point)
        [Point(lat=1, lon=2, precision_m=None, precision=None)]
    """
    with open(_path(path, "load_lines_file"), "rb") as f:
        return loads_lines(f, cls, keep_unknown=keep_unknown, limits=limits)
