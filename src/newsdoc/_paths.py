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

import argparse
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Final

__all__ = [
    "DEFAULT_MAX_BYTES",
    "InputError",
    "add_max_bytes_argument",
    "display",
    "iter_files",
    "read_bytes",
]

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
"""The default size limit of one input file: 64 MiB (a news dump is a few KB)."""


class InputError(Exception):
    """A path that cannot be used: the command reports it and exits with 2."""


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


def _check_name(path: Path) -> InputError | None:
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return InputError(f"{display(path)}: the file name is not valid UTF-8; skipped")
    return None


def _explicit(name: str, pattern: str) -> Iterator[Path | InputError]:
    path = Path(name)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            yield InputError(f"{display(name)}: broken symbolic link to {display(target)}")
        else:
            yield InputError(f"{display(name)}: no such file or folder")
        return
    except OSError as error:
        if error.errno == errno.ELOOP:
            yield InputError(f"{display(name)}: symbolic link loop")
        else:
            yield InputError(f"{display(name)}: cannot access: {error.strerror or error}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, pattern)
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:
        yield InputError(f"{display(name)}: {_kind(info.st_mode)}, not a file; skipped")


def _walk(folder: Path, pattern: str) -> Iterator[Path | InputError]:
    """Files under ``folder`` matching ``pattern``, sorted, without following folder links."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield InputError(f"{display(folder)}: cannot list folder: {error.strerror or error}")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, pattern)
                continue
            if not fnmatchcase(entry.name, pattern):
                continue
            bad_name = _check_name(path)
            if bad_name is not None:
                yield bad_name
            elif entry.is_symlink() and not path.exists():
                target = os.readlink(path)
                yield InputError(f"{display(path)}: broken symbolic link to {display(target)}")
            elif entry.is_file():
                yield path
            elif entry.is_symlink() and path.is_dir():
                continue  # a link to a folder: not followed
            else:
                yield InputError(
                    f"{display(path)}: {_kind(path.stat().st_mode)}, not a file; skipped"
                )
        except OSError as error:
            yield InputError(f"{display(path)}: cannot access: {error.strerror or error}")


def iter_files(paths: Sequence[str], pattern: str = "*.txt") -> Iterator[Path | InputError]:
    """Yield the files named by ``paths``, or an InputError for each bad path.

    Files are yielded as given (whatever their name); folders are searched
    recursively for ``pattern``, in sorted order.  Errors are yielded, not
    raised, so one bad path does not stop the others.
    """
    for name in paths:
        yield from _explicit(name, pattern)


def read_bytes(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file of at most ``max_bytes`` bytes (None: no limit).

    Raises InputError naming the file when it cannot be read, is not a
    regular file, or is too large; the limit is checked without reading
    more than ``max_bytes + 1`` bytes, so ``/dev/zero`` or a huge file cannot
    exhaust memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise InputError(f"{display(path)}: is a folder, not a file") from None
    except OSError as error:
        raise InputError(f"{display(path)}: cannot read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as file:
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise InputError(f"{display(path)}: is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{display(path)}: {_kind(info.st_mode)}, not a file; skipped")
            if max_bytes is not None and info.st_size > max_bytes:
                raise InputError(_too_big(path, max_bytes))
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
        except OSError as error:
            raise InputError(f"{display(path)}: cannot read: {error.strerror or error}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(_too_big(path, max_bytes))
    return data


def _too_big(path: Path, max_bytes: int) -> str:
    return (
        f"{display(path)}: larger than the limit of {max_bytes:,} bytes; "
        "skipped (raise it with --max-bytes, or 0 for no limit)"
    )


_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(text: str) -> int | None:
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = value[-1:] if value[-1:] in _UNITS else ""
    number = value[: len(value) - len(unit)]
    if not number.isdigit():
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or K, M, G)")
    size = int(number) * _UNITS[unit]
    return size or None


def add_max_bytes_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes`` (the size limit of one input file) to a command."""
    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip (and report) input files larger than SIZE bytes; K, M and G suffixes "
        "are allowed; 0 means no limit (default: 64M)",
    )
