"""Finding input files and reading them, with errors that name the file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["InputError", "iter_files", "read_bytes"]


class InputError(Exception):
    """A path that cannot be used: the command reports it and exits with 2."""


def iter_files(paths: Sequence[str], pattern: str = "*.txt") -> Iterator[Path | InputError]:
    """Yield the files named by ``paths``, or an InputError for each bad path.

    Files are yielded as given; folders are searched recursively for
    ``pattern``, in sorted order.  Errors are yielded, not raised, so one bad
    path does not stop the others.
    """
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob(pattern) if p.is_file())
        elif path.exists():
            yield path
        else:
            yield InputError(f"{name}: no such file or folder")


def read_bytes(path: Path) -> bytes:
    """Read a whole file; raise InputError naming it when that fails."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
