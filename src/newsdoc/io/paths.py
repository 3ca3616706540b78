"""Finding input files and reading them, with errors that name the file.

Every problem with a path is an :class:`InputError` (the commands report it
and exit with 2) and never stops the other paths:

- a missing path, a broken symbolic link, a symbolic link loop;
- a folder that cannot be listed, a file that cannot be read;
- something that is not a regular file (a FIFO, a socket, a device such as
  ``/dev/zero``): it is skipped, since reading it could block or never end;
- a file name that is not valid UTF-8 (reported with its bytes escaped);
- a file larger than the size limit (``--max-bytes``).

Folders are searched recursively without following symbolic links to
folders, so a link loop cannot trap the search; symbolic links to files are
read.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final

from .errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "InputError",
    "display",
    "expand_glob",
    "explicit",
    "overlapping",
    "read_bytes",
    "read_stdin",
    "walk_names",
]

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
"""The default size limit of one input file: 64 MiB (a news dump is a few KB)."""


def display(path: str | os.PathLike[str]) -> str:
    """The path as printable text: bytes that are not UTF-8 are shown escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_name(path: str | Path) -> InputError | None:
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return InputError(display(path), "the file name is not valid UTF-8; skipped")
    return None


def explicit(name: str) -> Path | InputError | None:
    """Classify a path named by the user: a file to read, an error, or None for a folder.

    Symbolic links named explicitly are followed; a broken one or a loop is
    an error, and so is anything that is neither a regular file nor a folder.
    """
    path = Path(name)
    bad_name = _check_name(path)
    if bad_name is not None:
        return bad_name
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return InputError(
                display(name), f"broken symbolic link to {display(os.readlink(path))}"
            )
        return InputError(display(name), "no such file or folder", missing=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return InputError(display(name), "symbolic link loop")
        return InputError(display(name), f"cannot access: {error.strerror or error}")
    if stat.S_ISDIR(info.st_mode):
        return None
    if stat.S_ISREG(info.st_mode):
        return path
    return InputError(display(name), f"{_kind(info.st_mode)}, not a file; skipped")


GLOB_CHARS: Final = frozenset("*?[")


def expand_glob(name: str) -> list[Path] | None:
    """The regular files a quoted glob matches (``**`` spans folders), sorted.

    None when ``name`` is not a pattern: it holds none of ``*``, ``?`` and
    ``[``, or it is a symbolic link.  Call it for a path that does not
    exist (see :func:`explicit`), so that a file whose name holds ``*`` is
    still read as named.  Hidden files match only a pattern that names
    them, as in the shell.
    """
    import glob

    if not GLOB_CHARS.intersection(name) or Path(name).is_symlink():
        return None
    return sorted(path for path in map(Path, glob.glob(name, recursive=True)) if path.is_file())


def walk_names(
    folder: str,
    keep_file: Callable[[str], bool],
    keep_folder: Callable[[str], bool] = lambda name: True,
) -> Iterator[str | InputError]:
    """Yield the files under ``folder`` that ``keep_file`` wants, or an InputError for each problem.

    Entries are visited in sorted order of their names, folders where they
    sort, which gives the order of ``sorted(Path(folder).rglob(...))``
    lazily: memory holds one listing per level, never the whole tree.
    Symbolic links to folders are not followed (so no loop can trap the
    walk), and ``keep_folder`` can prune folders.  Links to files are read;
    broken links, FIFOs, sockets, devices, names that are not UTF-8 and
    folders that cannot be listed are reported.

    Paths are strings, with no ``Path`` object per entry: each is
    ``folder``, a separator and the names below it, as ``os.scandir`` joins
    them, except that the entries of ``.`` are named without ``./``; with
    ``folder`` given as ``str(Path(...))``, each path is its own
    ``str(Path(...))``.  (:func:`newsdoc.io.finder.iter_sources`, the one
    finder, walks folders with it.)
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield InputError(display(folder), f"cannot list folder: {error.strerror or error}")
        return
    here = folder == os.curdir
    for entry in entries:
        path = entry.name if here else entry.path
        try:
            if entry.is_dir(follow_symlinks=False):
                if keep_folder(path):
                    yield from walk_names(path, keep_file, keep_folder)
                continue
            if not keep_file(path):
                continue
            if not path.isascii() and _check_name(path) is not None:
                yield InputError(display(path), "the file name is not valid UTF-8; skipped")
            elif entry.is_symlink() and not os.path.exists(path):
                target = os.readlink(path)
                yield InputError(display(path), f"broken symbolic link to {display(target)}")
            elif entry.is_file():
                yield path
            elif entry.is_symlink() and os.path.isdir(path):
                continue  # a link to a folder: not followed
            else:
                yield InputError(
                    display(path), f"{_kind(os.stat(path).st_mode)}, not a file; skipped"
                )
        except OSError as error:
            yield InputError(display(path), f"cannot access: {error.strerror or error}")


def _parents(path: str) -> Iterator[str]:
    """The folders above a normalised path, lexically (``a/b`` gives ``a`` and ``.``)."""
    while path not in (os.curdir, os.sep):
        parent = os.path.dirname(path) or os.curdir
        if parent == path:  # pragma: no cover - a drive or share root elsewhere
            return
        yield parent
        path = parent


def overlapping(roots: Sequence[str | None]) -> list[bool]:
    """For each normalised path, whether another one is the same, above it or below it.

    Files found under two paths that do not overlap can never have the same
    normalised path, so only files under overlapping paths need to be
    remembered to give each file once: memory stays flat for the common
    case of separate folders.  (Lexical, and conservative: ``.`` is taken
    to hold every relative path.)  None stands for a path with no files,
    such as standard input.
    """
    counts: dict[str, int] = {}
    for root in roots:
        if root is not None:
            counts[root] = counts.get(root, 0) + 1
    above = {parent for root in counts for parent in _parents(root)}
    return [
        root is not None
        and (counts[root] > 1 or root in above or any(p in counts for p in _parents(root)))
        for root in roots
    ]


def read_bytes(path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file of at most ``max_bytes`` bytes (None: no limit).

    Raises InputError naming the file when it cannot be read, is not a
    regular file, or is too large; the limit is checked without reading
    more than ``max_bytes + 1`` bytes, so ``/dev/zero`` or a huge file cannot
    exhaust memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise InputError(display(path), "is a folder, not a file") from None
    except OSError as error:
        raise InputError(display(path), f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(display(path), "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(display(path), f"{_kind(info.st_mode)}, not a file; skipped")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(display(path), _too_big(max_bytes))
        data = _read_to_end(fd, info.st_size, max_bytes)
    except OSError as error:
        raise InputError(display(path), f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(display(path), _too_big(max_bytes))
    return data


def _read_to_end(fd: int, size: int, max_bytes: int | None) -> bytes:
    """Read ``fd`` to its end, but never more than ``max_bytes + 1`` bytes.

    The first read asks for the size ``fstat`` gave and one byte more, and
    the next for what is left and one byte (usually: for the end of the
    file); a file that grew since is read on in 64 KiB chunks, within the
    limit.  (Asking for the limit instead would make every read allocate a
    buffer that large.)
    """
    limit = None if max_bytes is None else max_bytes + 1
    chunks: list[bytes] = []
    total = 0
    want = size + 1
    while limit is None or total < limit:
        chunk = os.read(fd, want if limit is None else min(want, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = size + 1 - total if total <= size else 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_big(max_bytes: int) -> str:
    return (
        f"larger than the limit of {max_bytes:,} bytes; "
        "skipped (raise it with --max-bytes, or 0 for no limit)"
    )


def read_stdin(max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read standard input whole, within the size limit; InputError names it ``-``."""
    if sys.stdin is None:
        raise InputError("-", "standard input is closed")
    try:
        stream = sys.stdin.buffer
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError("-", f"cannot read standard input: {error.strerror or error}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError("-", _too_big(max_bytes))
    return data
