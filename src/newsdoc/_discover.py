"""Which files ``newsdoc check`` reads: paths, folders, stdin, include and exclude."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from ._config import Config
from ._globs import any_glob
from ._paths import InputError, expand_glob, explicit, walk

__all__ = ["STDIN", "Source", "SourceError", "iter_sources", "relative_to", "shown"]

STDIN = "-"


SourceError = InputError
"""An input that cannot be read; ``name`` is the path, ``reason`` what went wrong."""


@attrs.frozen
class Source:
    """One input to check."""

    path: Path | None
    """The file, or None for standard input."""

    name: str
    """The name shown in output: the path as found, or the stdin file name."""

    relative: str
    """The path relative to the configuration's folder, with ``/`` (for globs)."""

    tree: str | None = None
    """The folder argument the file was found in; None for a file named
    directly, a glob's match or stdin.  A write (``format``, ``check --fix``)
    follows a symbolic link only to a file inside it (see ``atomic_write``)."""


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
    folders are not entered.  A path that does not exist but holds ``*``,
    ``?`` or ``[`` is a glob (quoted, so that the shell leaves it): its
    files, sorted, are searched like a folder's but without ``include``.  A file named on the command line is checked
    even when excluded, unless ``force_exclude`` (as pre-commit needs, since
    it names every file).  ``-`` is standard input.  Each file is yielded once
    (with several paths, a set of the files seen is kept for that; with one,
    none is needed, so memory stays flat however many files a folder holds).
    """
    root = config.root or Path.cwd()
    exclude = any_glob((*config.exclude, *config.extend_exclude))
    included = any_glob(tuple(config.include), folders=False)
    seen: set[str] = set()
    kept: dict[Path, str] = {}  # the file a walk just kept, with its relative path

    def new(path: Path) -> bool:
        if len(paths) == 1:
            return True
        key = os.path.abspath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for name in paths:
        if name == STDIN:
            name = shown(stdin_filename) if stdin_filename else STDIN
            relative = relative_to(root, stdin_filename) if stdin_filename else STDIN
            yield Source(None, name, relative)
            continue
        found = explicit(name)
        matches = expand_glob(name) if isinstance(found, InputError) else None
        if matches is not None:
            if not matches:
                yield InputError(shown(name), "no files match")
            for path in matches:
                relative = relative_to(root, path)
                if not exclude.fullmatch(relative) and new(path):
                    yield Source(path, shown(str(path)), relative)
        elif isinstance(found, InputError):
            yield found
        elif found is not None:
            relative = relative_to(root, found)
            if force_exclude and exclude.fullmatch(relative):
                continue
            if new(found):
                yield Source(found, shown(str(found)), relative)
        else:

            def keep_file(path: Path) -> bool:
                relative = relative_to(root, path)
                kept.clear()
                kept[path] = relative
                return bool(included.fullmatch(relative) and not exclude.fullmatch(relative))

            def keep_folder(path: Path) -> bool:
                return not exclude.fullmatch(relative_to(root, path))

            for item in walk(Path(name), keep_file, keep_folder):
                if isinstance(item, InputError):
                    yield item
                elif new(item):
                    relative = kept.get(item) or relative_to(root, item)
                    yield Source(item, shown(str(item)), relative, name)
