"""Reading and writing dumps on disk: ``load``, ``dump`` and atomic writes."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Final

from ..model.document import NewsDump
from ..model.errors import ParseError
from ..syntax.parser import loads
from ..syntax.writer import dumps

__all__ = [
    "LinkOutsideTreeError",
    "RefusedWriteError",
    "Stamp",
    "atomic_write",
    "dump",
    "file_stamp",
    "load",
    "write_target",
]

StrPath = str | os.PathLike[str]


def load(source: StrPath | BinaryIO) -> NewsDump:
    """Parse a news dump from a path or a file opened in binary mode.

    A :class:`ParseError` raised for a path carries it in ``path``.
    """
    if isinstance(source, (str, os.PathLike)):
        data = Path(source).read_bytes()
        try:
            return loads(data)
        except ParseError as error:
            error.path = os.fspath(source)
            raise
    given: object = source  # what callers may pass, whatever the annotation says
    if isinstance(given, (bytes, bytearray, memoryview)):
        raise TypeError("load() reads a path or a binary file; for bytes, use loads()")
    read = getattr(given, "read", None)
    if read is None:
        raise TypeError(
            f"load() needs a path or a file opened in binary mode, not {type(source).__name__}"
        )
    data = read()
    if not isinstance(data, bytes):
        raise TypeError("load() needs a file opened in binary mode ('rb'), or a path")
    return loads(data)


def dump(document: NewsDump, target: StrPath | IO[bytes], *, canonical: bool = False) -> None:
    """Write ``document`` as UTF-8 to a path (atomically) or a binary file."""
    data = dumps(document, canonical=canonical).encode("utf-8")
    if not isinstance(target, (str, os.PathLike)) and not hasattr(target, "write"):
        raise TypeError(f"dump() needs a path or a binary file, not {type(target).__name__}")
    if isinstance(target, (str, os.PathLike)):
        with atomic_write(target) as file:
            file.write(data)
    else:
        target.write(data)


class LinkOutsideTreeError(OSError):
    """Writing ``path`` would follow a symbolic link out of the working folder."""


def write_target(path: StrPath, tree: StrPath | None = None) -> Path:
    """The file a write to ``path`` must replace.

    A symbolic link is not replaced by a regular file: its target is written
    instead, so the link stays a link.  A link whose target lies outside
    ``tree`` (default: the current folder) is refused with
    :class:`LinkOutsideTreeError`, so a link in a corpus cannot make newsdoc
    overwrite a file elsewhere on the system.
    """
    target = Path(path)
    if not target.is_symlink():
        return target
    resolved = target.resolve()
    root = Path(tree if tree is not None else os.getcwd()).resolve()
    if not resolved.is_relative_to(root):
        raise LinkOutsideTreeError(
            0,
            f"it is a symbolic link to {resolved}, outside {root}; not followed "
            "(write the target itself if you mean to)",
            os.fspath(path),
        )
    return resolved


class RefusedWriteError(OSError):
    """A write newsdoc will not make: the message says why, and nothing was changed."""

    def __init__(self, path: StrPath, reason: str) -> None:
        super().__init__(0, reason, os.fspath(path))


Stamp = tuple[int, int, int, int, int]
"""What identifies a file's version: device, inode, size, mtime and ctime (ns)."""


def file_stamp(path: StrPath) -> Stamp | None:
    """The stamp of the file at ``path`` (links followed), or None when there is none.

    Take it before reading a file that will be written back, and give it to
    :func:`atomic_write` as ``expect``: a file changed in between is not
    overwritten.
    """
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(info: os.stat_result) -> Stamp:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _refusal(target: Path, info: os.stat_result) -> str | None:
    """Why an existing file must not be replaced, or None."""
    if _read_only(target, info):
        return "it is read-only; not written (make it writable to change it)"
    if info.st_nlink > 1:
        return (
            f"it has {info.st_nlink} hard links, and the other names would keep the old "
            "text; not written (give it a copy of its own to change it)"
        )
    return None


def _read_only(target: Path, info: os.stat_result) -> bool:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return not info.st_mode & 0o222  # root may write anything: go by the bits
    return not os.access(target, os.W_OK)


def _keep_owner(temporary: str, target: Path, info: os.stat_result) -> None:
    """Give the new file the old one's owner, group and mode (never setuid, setgid or sticky)."""
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(temporary, info.st_uid, info.st_gid)
        except OSError:
            raise RefusedWriteError(
                target,
                f"it belongs to user {info.st_uid} and group {info.st_gid}, which the "
                "new file could not be given; not written",
            ) from None
    os.chmod(temporary, info.st_mode & 0o777)


_pending: set[str] = set()
"""The temporary files of the writes in progress (removed if a signal ends the process)."""
_previous: dict[int, Any] = {}


def _on_signal(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP during a write: remove its temporary file, then end as the signal would."""
    import signal

    for temporary in list(_pending):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    signal.signal(signum, _previous.get(signum, signal.SIG_DFL))
    os.kill(os.getpid(), signum)


def _watch(temporary: str) -> None:
    """Remember a temporary file; while any is pending, SIGTERM and SIGHUP remove them first.

    (Only where they would end the process anyway, in the main thread; SIGINT
    raises KeyboardInterrupt, which removes it on the way out.)
    """
    import signal

    _pending.add(temporary)
    if len(_pending) > 1 or threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
            _previous[signum] = signal.signal(signum, _on_signal)


def _unwatch(temporary: str) -> None:
    import signal

    _pending.discard(temporary)
    if _pending:
        return
    for signum, previous in list(_previous.items()):
        with contextlib.suppress(ValueError):  # not the main thread: leave it
            if signal.getsignal(signum) is _on_signal:
                signal.signal(signum, previous)
        del _previous[signum]


def _sync_folder(folder: Path) -> None:
    """Fsync a folder, so that a rename in it survives a crash (POSIX; a no-op elsewhere)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(
    path: StrPath, tree: StrPath | None = None, *, expect: Stamp | None = None
) -> Iterator[BinaryIO]:
    """Write a file so that it is either wholly replaced or left untouched.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and then renamed over the file, and the folder is synced; on any
    error the temporary file is removed and the original stays as it was,
    and SIGTERM or SIGHUP during the write remove it before the process
    ends.  An existing file keeps its owner, group and permission bits
    (never setuid, setgid or sticky); it is not replaced (:class:`RefusedWriteError`)
    when it is read-only, when it has several hard links (the others would
    keep the old text), when its owner cannot be kept, or when it is no longer
    what ``expect`` (:func:`file_stamp`, taken before reading it) says:
    another program changed it meanwhile.  A symbolic link is written
    through to its target, only when that lies inside ``tree``
    (see :func:`write_target`), so every name sees the new text.
    """
    import tempfile  # not needed to read files, so kept off the start-up path

    target = write_target(path, tree)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        refusal = _refusal(target, info)
        if refusal is not None:
            raise RefusedWriteError(path, refusal)
    if expect is not None and (info is None or _stamp(info) != expect):
        raise RefusedWriteError(path, _CHANGED)
    fd, temporary = tempfile.mkstemp(
        dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    _watch(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        if info is not None:
            _keep_owner(temporary, target, info)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if expect is not None and file_stamp(target) != expect:
            raise RefusedWriteError(path, _CHANGED)
        os.replace(temporary, target)
        _sync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    finally:
        _unwatch(temporary)


_CHANGED: Final = "it changed since it was read; not overwritten (run again)"
