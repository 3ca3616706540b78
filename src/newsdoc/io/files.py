"""Reading and writing dumps on disk: ``load``, ``dump`` and atomic writes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from ..model.document import NewsDump
from ..model.errors import ParseError
from ..syntax.parser import loads
from ..syntax.writer import dumps

__all__ = ["LinkOutsideTreeError", "atomic_write", "dump", "load", "write_target"]

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


@contextlib.contextmanager
def atomic_write(path: StrPath, tree: StrPath | None = None) -> Iterator[BinaryIO]:
    """Write a file so that it is either wholly replaced or left untouched.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and then renamed over the file; an existing file's permission
    bits are kept.  On any error the temporary file is removed and the
    original stays as it was.  A symbolic link is written through to its
    target, only when that lies inside ``tree`` (see :func:`write_target`).
    """
    import tempfile  # not needed to read files, so kept off the start-up path

    target = write_target(path, tree)
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, temporary = tempfile.mkstemp(
        dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
