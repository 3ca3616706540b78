"""Archives as corpora: the members of a tar or Zip archive, read one at a time.

A tar archive (plain, or compressed with gzip, bzip2, xz or zstd, whatever
its name says: the compression is read from its first bytes) is read as a
stream, member after member, and what it has read is let go: an archive of a
million members never sits in memory.  A Zip archive is read through its
central directory (Python's ``zipfile`` holds that list, about a hundred
bytes a member); each member is decompressed when its turn comes.

Each member is named ``archive.tar.gz:path/inside.txt``.  For the include
and exclude globs (and per-file ignores) an archive is a folder: a member's
path is the archive's, ``/``, and its path inside, so ``*.txt`` takes the
dumps and ``drafts`` leaves out a folder of the archive.  Folders, links and
other special members are passed over.  Archives are read-only: ``format``
and ``check --fix`` refuse them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

from .content import compression, decompressing, too_big
from .errors import InputError

S = TypeVar("S")

__all__ = ["iter_members"]

Opener = Callable[[], IO[bytes]]
"""Opens the archive for reading (a local file or a remote one)."""


class _Prefixed:
    """A stream read from its start again after its first bytes were looked at."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        if size < 0:
            data = self.head + self.stream.read()
            self.head = b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        if len(data) < size:
            data += self.stream.read(size - len(data))
        return data


def _member_path(name: str) -> str:
    """A member's path as shown: normalised, without ``./`` or a leading ``/``."""
    return posixpath.normpath(name).lstrip("/")


def iter_members(
    open_archive: Opener,
    kind: str,
    name: str,
    relative: str,
    kept: Callable[[str], bool],
    max_bytes: int | None,
    make: Callable[..., S],
) -> Iterator[S | InputError]:
    """Yield each member of an archive that ``kept`` wants, with its bytes, or the errors.

    ``kind`` is ``tar`` or ``zip``; ``name`` and ``relative`` are the
    archive's name and relative path; ``kept`` is given a member's relative
    path; ``make`` builds a :class:`~newsdoc.io.finder.Source`.  A member
    over ``max_bytes`` is an error and the next one is read; an archive that
    cannot be read is one error after the members read so far.
    """
    try:
        stream = open_archive()
    except OSError as error:
        yield InputError(name, f"cannot read: {error.strerror or error}")
        return
    try:
        reader = _tar_members if kind == "tar" else _zip_members
        for member, size, read in reader(stream, name):
            path = _member_path(member)
            member_relative = f"{relative}/{path}"
            if not kept(member_relative):
                continue
            shown = f"{name}:{path}"
            if max_bytes is not None and size > max_bytes:
                yield InputError(shown, too_big(max_bytes))
                continue
            try:
                data = read()
            except _StreamError as error:
                raise _ReadError(f"{error} (in {path})") from None
            except _ReadError as error:
                yield InputError(shown, str(error))
                continue
            yield make(None, shown, member_relative, data=data, archive=name)
    except _ReadError as error:
        yield InputError(name, str(error))
    finally:
        stream.close()


class _ReadError(Exception):
    """The archive, or one member, cannot be read."""


class _StreamError(_ReadError):
    """A member cannot be read, and neither can what follows it (a damaged tar stream)."""


_ERRORS = (OSError, EOFError, ValueError, RuntimeError, NotImplementedError)
"""What reading a damaged archive raises: tarfile's and zipfile's errors
(subclasses of these), zlib's, lzma's, bz2's and a truncated stream's."""


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return re.sub(r"\s+", " ", text)


def _tar_members(stream: IO[bytes], name: str) -> Iterator[tuple[str, int, Callable[[], bytes]]]:
    import tarfile

    head = stream.read(10)
    kind = compression(head)
    raw: Any = _Prefixed(head, stream)
    if kind is not None:
        try:
            raw = decompressing(raw, kind, name)
        except InputError as error:
            raise _ReadError(error.reason) from None
    try:
        tar = tarfile.open(fileobj=raw, mode="r|")  # noqa: SIM115 - read as it streams
    except tarfile.ReadError as error:
        raise _ReadError(f"not a readable tar archive: {_describe(error)}") from None
    except Exception as error:  # noqa: BLE001 - zstandard's ZstdError among them
        raise _ReadError(f"cannot read the archive: {_describe(error)}") from None
    while True:
        try:
            info = tar.next()
        except Exception as error:  # noqa: BLE001 - tarfile, zlib, lzma, zstandard errors
            raise _ReadError(f"cannot read the archive: {_describe(error)}") from None
        if info is None:
            return
        # A stream's TarFile remembers every member it has read: let them go.
        tar.members.clear()  # type: ignore[attr-defined]
        if not info.isfile():
            continue

        def read(info: tarfile.TarInfo = info) -> bytes:
            member = tar.extractfile(info)
            assert member is not None  # a regular file's member
            try:
                return member.read()
            except Exception as error:  # noqa: BLE001 - a truncated or damaged stream
                raise _StreamError(f"cannot read the archive: {_describe(error)}") from None

        yield info.name, info.size, read


def _zip_members(stream: IO[bytes], name: str) -> Iterator[tuple[str, int, Callable[[], bytes]]]:
    import zipfile

    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, *_ERRORS) as error:
        raise _ReadError(f"not a readable Zip archive: {_describe(error)}") from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue

            def read(info: zipfile.ZipInfo = info) -> bytes:
                try:
                    return archive.read(info)
                except (zipfile.BadZipFile, *_ERRORS) as error:
                    raise _ReadError(f"cannot read the member: {_describe(error)}") from None

            yield info.filename, info.file_size, read
