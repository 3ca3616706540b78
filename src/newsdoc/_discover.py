"""Which files ``newsdoc check`` reads: paths, folders, stdin, include and exclude."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from ._config import Config
from ._globs import any_glob
from ._paths import InputError

__all__ = ["STDIN", "Source", "SourceError", "iter_sources", "relative_to", "shown"]

STDIN = "-"


class SourceError(InputError):
    """An input that cannot be read; ``name`` is the path, ``reason`` what went wrong."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@attrs.frozen
class Source:
    """One input to check."""

    path: Path | None
    """The file, or None for standard input."""

    name: str
    """The name shown in output: the path as found, or the stdin file name."""

    relative: str
    """The path relative to the configuration's folder, with ``/`` (for globs)."""


def shown(name: str) -> str:
    r"""A path as it can be printed: undecodable bytes in it written as ``\udcXX``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


def relative_to(root: Path, path: Path | str) -> str:
    """``path`` relative to ``root`` with ``/``; unchanged when it is outside."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(absolute).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


def iter_sources(
    paths: Sequence[str],
    config: Config,
    *,
    force_exclude: bool = False,
    stdin_filename: str | None = None,
) -> Iterator[Source | SourceError]:
    """Yield the inputs named by ``paths``, or a SourceError for each bad path.

    Folders are searched recursively, in sorted order, for files that match
    an ``include`` glob and no ``exclude``/``extend-exclude`` glob; excluded
    folders are not entered.  A file named on the command line is checked
    even when excluded, unless ``force_exclude`` (as pre-commit needs, since
    it names every file).  ``-`` is standard input.  Each file is yielded once.
    """
    root = config.root or Path.cwd()
    exclude = any_glob((*config.exclude, *config.extend_exclude))
    seen: set[str] = set()
    for name in paths:
        if name == STDIN:
            name = shown(stdin_filename) if stdin_filename else STDIN
            relative = relative_to(root, stdin_filename) if stdin_filename else STDIN
            yield Source(None, name, relative)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, root, config.include, exclude, seen)
        elif path.exists() or path.is_symlink():
            relative = relative_to(root, path)
            if force_exclude and exclude.fullmatch(relative):
                continue
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                yield Source(path, shown(str(path)), relative)
        else:
            yield SourceError(shown(name), "no such file or folder")


def _walk(
    top: Path, root: Path, include: Sequence[str], exclude: re.Pattern[str], seen: set[str]
) -> Iterator[Source | SourceError]:
    included = any_glob(tuple(include), folders=False)
    errors: list[OSError] = []
    for folder, folders, files in os.walk(top, onerror=errors.append):
        base = Path(folder)
        prefix = relative_to(root, base)
        prefix = "" if prefix == "." else prefix + "/"
        folders[:] = [child for child in sorted(folders) if not exclude.fullmatch(prefix + child)]
        for file in sorted(files):
            relative = prefix + file
            if not included.fullmatch(relative) or exclude.fullmatch(relative):
                continue
            path = base / file
            if not path.is_file():
                continue
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                yield Source(path, shown(str(path)), relative)
        while errors:
            error = errors.pop(0)
            yield SourceError(
                shown(str(error.filename)), f"cannot read folder: {error.strerror or error}"
            )
