"""Reading and writing dumps on disk: ``load``, ``dump`` and atomic writes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from ._errors import ParseError
from ._model import NewsDump
from ._parser import loads
from ._writer import dumps

__all__ = ["atomic_write", "dump", "load"]

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
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError("load() needs a file opened in binary mode ('rb'), or a path")
    return loads(data)


def dump(document: NewsDump, target: StrPath | IO[bytes], *, canonical: bool = False) -> None:
    """Write ``document`` as UTF-8 to a path (atomically) or a binary file."""
    data = dumps(document, canonical=canonical).encode("utf-8")
    if isinstance(target, (str, os.PathLike)):
        with atomic_write(target) as file:
            file.write(data)
    else:
        target.write(data)


@contextlib.contextmanager
def atomic_write(path: StrPath) -> Iterator[BinaryIO]:
    """Write a file so that it is either wholly replaced or left untouched.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and then renamed over ``path``; an existing file's permission
    bits are kept.  On any error the temporary file is removed and the
    original stays as it was.
    """
    import tempfile  # not needed to read files, so kept off the start-up path

    target = Path(path)
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
