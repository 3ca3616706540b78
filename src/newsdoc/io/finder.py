"""The one finder: which files ``check``, ``format``, ``report`` and ``convert`` read.

:func:`iter_sources` turns the paths of a command line (files, folders,
quoted globs, ``-`` for standard input) into a stream of :class:`Source`,
with the configuration's ``include`` and ``exclude`` globs.  ``convert``
reads inputs of several kinds: a folder search takes the files its kind
names (:data:`KIND_GLOBS`; dumps: the configuration's ``include``), and
each file's kind comes from its name (:func:`input_kind`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

import attrs

from ..config.globs import any_glob, relative_to
from ..config.settings import Config
from .content import archive_format, strip_compression
from .jobs import file_size
from .paths import (
    DEFAULT_MAX_BYTES,
    GLOB_CHARS,
    InputError,
    expand_glob,
    explicit,
    overlapping,
    walk_names,
)
from .remote import is_url, iter_remote, open_url

if TYPE_CHECKING:
    from .ignore import Ignores

__all__ = [
    "DUMP",
    "JSON",
    "JSONL",
    "KIND_GLOBS",
    "PARQUET",
    "STDIN",
    "Source",
    "SourceError",
    "input_kind",
    "iter_sources",
    "relative_to",
    "shown",
    "source_size",
]

STDIN: Final = "-"

DUMP: Final = "dump"
JSON: Final = "json"
JSONL: Final = "jsonl"
PARQUET: Final = "parquet"

KIND_GLOBS: Final = {
    JSON: ("*.json", "*.json.gz"),
    JSONL: ("*.jsonl", "*.ndjson", "*.jsonl.gz", "*.ndjson.gz"),
    PARQUET: ("*.parquet",),
}
"""The files a folder search takes for inputs of a kind other than dumps,
in place of the configuration's ``include`` (which is for dumps)."""


def input_kind(path: str, wanted: str) -> str:
    """The kind of a file: ``wanted``, or with ``auto`` the one its name says.

    ``.json`` is JSON, ``.jsonl`` and ``.ndjson`` JSON Lines, ``.parquet``
    Parquet (in any case, and compressed: ``.jsonl.gz``), anything else a
    dump.
    """
    if wanted != "auto":
        return wanted
    suffix = os.path.splitext(strip_compression(path))[1].lower()
    if suffix == ".json":
        return JSON
    if suffix in (".jsonl", ".ndjson"):
        return JSONL
    if suffix == ".parquet":
        return PARQUET
    return DUMP


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

    url: str | None = None
    """A file in object storage or on the web (``s3://...``, ``https://...``),
    read through fsspec; ``path`` is then None."""

    data: bytes | None = attrs.field(default=None, repr=False)
    """The bytes of an archive's member, read as the archive was streamed;
    ``path`` is then None."""

    archive: str | None = None
    """For an archive's member, the archive's name (members are read-only)."""

    @property
    def stdin(self) -> bool:
        """Whether this is standard input."""
        return self.path is None and self.url is None and self.data is None

    @property
    def read_only(self) -> str | None:
        """Why this input cannot be written back (an archive's member, a URL), or None."""
        if self.archive is not None:
            return f"{self.archive}: an archive is read-only"
        if self.url is not None:
            return f"{self.name}: a remote file is read-only"
        return None


def source_size(source: Source | SourceError) -> int:
    """The bytes an input holds, for deciding on and sizing the workers' tasks.

    An archive's member counts its bytes, read with the archive: the run
    holds them until it has decided how many processes to start, so they
    must count towards that decision (``newsdoc.io.jobs.plan``), or a large
    archive's members would all be read ahead.  A file counts its size on
    disk; standard input, a URL and a bad input count 0.
    """
    if not isinstance(source, Source):
        return 0
    if source.data is not None:
        return len(source.data)
    return file_size(source.path)


def shown(name: str) -> str:
    r"""A path as it can be printed: undecodable bytes in it written as ``\udcXX``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


class _Folder:
    """The paths relative to the root of the files found under one folder, cheaply.

    :func:`walk_names` joins plain names (never ``.``, ``..`` or empty) to
    the folder, so the folder's absolute path and the rest of the file's
    give ``os.path.abspath``; and a path under the root's absolute path is
    relative to it by the rest of the string, which is what
    :func:`relative_to` gives (on POSIX; elsewhere it is called).
    """

    __slots__ = ("absolute_base", "cut", "root", "root_base")

    def __init__(self, root: Path, folder: str) -> None:
        self.root = root
        self.cut = 0 if folder == os.curdir else len(folder) + (not folder.endswith(os.sep))
        self.absolute_base = _with_sep(os.path.abspath(folder))
        self.root_base = _with_sep(os.path.abspath(root))

    def relative(self, path: str) -> str:
        """``relative_to(root, path)`` of a path found under the folder."""
        if os.sep != "/":  # pragma: no cover - not POSIX
            return relative_to(self.root, path)
        absolute = self.absolute_base + path[self.cut :]
        if absolute.startswith(self.root_base):
            return absolute[len(self.root_base) :]
        return absolute


def _with_sep(absolute: str) -> str:
    return absolute if absolute.endswith(os.sep) else absolute + os.sep


def iter_sources(
    paths: Sequence[str],
    config: Config,
    *,
    force_exclude: bool = False,
    stdin_filename: str | None = None,
    skip: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    respect_gitignore: bool = True,
) -> Iterator[Source | SourceError]:
    """Yield the inputs named by ``paths``, or a SourceError for each bad path.

    Folders are searched recursively, in sorted order, for files that match
    an ``include`` glob and no ``exclude``/``extend-exclude`` glob; excluded
    folders are not entered, and neither are files and folders that
    ``.gitignore`` and ``.ignore`` files leave out (unless not
    ``respect_gitignore``; see :mod:`newsdoc.io.ignore`).  A path that does
    not exist but holds ``*``, ``?`` or ``[`` is a glob (quoted, so that the
    shell leaves it): its files, sorted, are searched like a folder's but
    without ``include``.  A file named on the command line is checked even
    when excluded, unless ``force_exclude`` (as pre-commit needs, since it
    names every file).  ``-`` is standard input.  A URL (``s3://...``) is
    searched through fsspec (:mod:`newsdoc.io.remote`).  An archive
    (``*.tar.gz``, ``*.zip``...: :data:`newsdoc.io.content.ARCHIVE_SUFFIXES`)
    gives its members, read here as it streams, each within ``max_bytes``
    (:mod:`newsdoc.io.archives`).  Each file is yielded once (only the files
    of paths that overlap are remembered for that, so memory stays flat
    however many files the folders hold).  ``skip`` is a file never to yield
    when a folder or a glob finds it (``convert -o``'s output); named, it is
    read.
    """
    root = config.root or Path.cwd()
    # The globs are compiled when first needed (about 5 ms): a file named
    # alone, as pre-commit does, needs none.
    excludes = (*config.exclude, *config.extend_exclude)
    # A file found twice has the same absolute path both times.  Only the
    # files of paths that overlap another (the same, above or below it)
    # need remembering: one folder never gives a file twice.
    seen: set[str] = set()
    if len(paths) == 1:
        remembered = [False]
    elif any(GLOB_CHARS.intersection(name) for name in paths):
        remembered = [True] * len(paths)  # a glob's files can be anywhere
    else:
        remembered = overlapping(
            [None if n == STDIN or is_url(n) else os.path.abspath(n) for n in paths]
        )
    skipped = os.path.abspath(skip) if skip else None
    skipped_name = os.path.basename(skipped) if skipped else ""

    def kept(path: str) -> bool:
        """Whether a file a folder or glob found is not the one to skip."""
        return not (
            skipped is not None and path.endswith(skipped_name) and os.path.abspath(path) == skipped
        )

    def new(key: str) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    def member_kept(relative: str) -> bool:
        """Whether an archive's member is one to read: included, and not excluded."""
        return bool(
            any_glob(tuple(config.include), folders=False).fullmatch(relative)
            and not any_glob(excludes).fullmatch(relative)
        )

    def found(
        path: Path | None, name: str, relative: str, tree: str | None = None, url: str | None = None
    ) -> Iterator[Source | SourceError]:
        """The input a file is: itself, or an archive's members."""
        kind = archive_format(name)
        if kind is None:
            yield Source(path, name, relative, tree, url=url)
            return
        from .archives import iter_members

        location = url if url is not None else path
        assert location is not None  # a file found, local or remote
        yield from iter_members(
            functools.partial(_open, location), kind, name, relative, member_kept, max_bytes, Source
        )

    for name, remember in zip(paths, remembered, strict=True):
        if name == STDIN:
            name = shown(stdin_filename) if stdin_filename else STDIN
            relative = relative_to(root, stdin_filename) if stdin_filename else STDIN
            yield Source(None, name, relative)
            continue
        if is_url(name):
            yield from _remote(
                name, config, excludes, force_exclude, found, new if remember else None
            )
            continue
        explicit_file = explicit(name)
        matches = expand_glob(name) if isinstance(explicit_file, InputError) else None
        if matches is not None:
            if not matches:
                yield InputError(shown(name), "no files match", missing=True)
            for match in matches:
                relative = relative_to(root, match)
                if any_glob(excludes).fullmatch(relative) or not kept(str(match)):
                    continue
                if not remember or new(os.path.abspath(match)):
                    yield from found(match, shown(str(match)), relative)
        elif isinstance(explicit_file, InputError):
            yield explicit_file
        elif explicit_file is not None:
            relative = relative_to(root, explicit_file)
            if force_exclude and any_glob(excludes).fullmatch(relative):
                continue
            if not remember or new(os.path.abspath(explicit_file)):
                yield from found(explicit_file, shown(str(explicit_file)), relative)
        else:
            included = any_glob(tuple(config.include), folders=False)
            top = str(Path(name))
            ignores = None
            if respect_gitignore:
                from .ignore import Ignores

                ignores = Ignores(top)
            for item in _walk_folder(root, top, included, any_glob(excludes), ignores):
                if isinstance(item, InputError):
                    yield item
                    continue
                found_path, relative = item
                if not kept(found_path):
                    continue
                if not remember or new(os.path.abspath(found_path)):
                    yield from found(Path(found_path), shown(found_path), relative, name)


def _open(location: Path | str) -> IO[bytes]:
    """Open a local or remote file for reading."""
    if isinstance(location, str):
        return open_url(location)
    return open(location, "rb")


def _remote(
    url: str,
    config: Config,
    excludes: tuple[str, ...],
    force_exclude: bool,
    found: Callable[..., Iterator[Source | SourceError]],
    new: Callable[[str], bool] | None,
) -> Iterator[Source | SourceError]:
    """The inputs a URL names, through fsspec (imported only for a URL)."""
    included = any_glob(tuple(config.include), folders=False)
    excluded = any_glob(excludes)
    for item in iter_remote(
        url,
        lambda relative: bool(included.fullmatch(relative) and not excluded.fullmatch(relative)),
        lambda relative: excluded.fullmatch(relative) is not None,
    ):
        if isinstance(item, InputError):
            yield item
            continue
        location, relative = item
        if force_exclude and location == url and excluded.fullmatch(relative):
            continue
        if new is None or new(location):
            yield from found(None, location, relative, url=location)


def _walk_folder(
    root: Path,
    top: str,
    included: re.Pattern[str],
    exclude: re.Pattern[str],
    ignores: Ignores | None = None,
) -> Iterator[tuple[str, str] | InputError]:
    """The files under ``top`` that the globs (and ignore files) keep, each with its relative path, and the errors."""
    folder = _Folder(root, top)
    kept: dict[str, str] = {}

    def keep_file(path: str) -> bool:
        relative = folder.relative(path)
        if included.fullmatch(relative) and not exclude.fullmatch(relative):
            if ignores is not None and ignores.ignored(path, folder=False):
                return False
            kept[path] = relative
            return True
        return False

    def keep_folder(path: str) -> bool:
        if exclude.fullmatch(folder.relative(path)):
            return False
        return ignores is None or not ignores.ignored(path, folder=True)

    for item in walk_names(top, keep_file, keep_folder):
        if isinstance(item, InputError):
            kept.clear()
            yield item
        else:
            yield item, kept.pop(item)
