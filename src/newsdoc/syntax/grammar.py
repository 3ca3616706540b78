"""Finding the grammar file, building the Lark parser from it, and caching both.

There is one grammar file, ``grammar/newsdoc.lark`` at the top of the source
tree.  A wheel carries it inside the package (``newsdoc/syntax/newsdoc.lark``); a
source checkout or an editable install reads it from ``grammar/``.

Two things are built from the grammar, never at import time:

- the LALR parser (about 20 ms to build, plus about 45 ms to import lark);
- the fast path's regular expression, composed from the parser's terminals
  by :mod:`newsdoc.syntax.fastpath` (it needs the built parser, so lark too).

Both are kept in one file of a per-user cache folder (``$NEWSDOC_CACHE_DIR``,
else ``$XDG_CACHE_HOME/newsdoc``, else ``~/.cache/newsdoc``; set
``NEWSDOC_CACHE_DIR`` to an empty string to turn the cache off), so that a
later process can check a valid file without importing lark at all.

The cache file, ``parser-<key>.pickle``, is a short text header followed by
the pickled parser::

    newsdoc-cache 2
    lark <version of lark that built the parser>
    fastpath <checksum of the source> <length in bytes>
    <the regular expression's source, UTF-8 with surrogates passed through>
    program <Python and engine versions> <checksum> <length in bytes>
    <the expression compiled by Python's engine, as text>
    <the pickle written by Lark.save>

The key in the file name is a checksum of everything the two depend on that can
be read without importing lark: the grammar text and the source of this
module and of ``fastpath.py`` (which hold the parser options and the
composition rules).  Lark's version is not in the key, since reading it
would cost the import this cache exists to avoid; it is in the header
instead.  When the parser itself is needed (an invalid file, whose errors
lark finds), lark is imported anyway and a header naming another lark
version means the file is rebuilt.  The fast path trusts the cached
expression whatever lark's version: the language each terminal matches is
fixed by the grammar text, which is in the key, and lark only translates
it.  A file that cannot be read, parsed or checked is rebuilt; failing to
write one is never an error.

The compiled program of the expression is cached too: Python's engine
compiles a regular expression in Python code, and this one, with its
classes of most of Unicode (see :mod:`.fastpath`), takes about 13 ms to
compile, more than the rest of checking a file.  The program (the list of
codes ``re`` hands to its C engine, with the group names) is written with the
version of Python and of the engine that made it, and given back to the
engine as it is (``_sre.compile``, which checks it) by a process of the same
versions; any other compiles the source, as does a process that finds no
program or a damaged one (its checksum).  ``tests/test_fastpath.py`` checks
that the two match alike.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from ..model.compiled import cache_dir, checksum, compiled_program, engine_tag, from_program
from ..model.speed import once
from .fastpath import SECTIONS, NotComposableError, compose

if TYPE_CHECKING:
    from lark import Lark

__all__ = ["fast_path_source", "fast_pattern", "grammar_text", "lark_parser"]

GRAMMAR_NAME: Final = "newsdoc.lark"
_MAGIC: Final = b"newsdoc-cache 2\n"
_OPTIONS: Final[dict[str, Any]] = {
    "parser": "lalr",
    "lexer": "contextual",
    "maybe_placeholders": False,
}


@once
def grammar_text() -> str:
    """Return the text of the grammar file, wherever it is installed."""
    packaged = Path(__file__).with_name(GRAMMAR_NAME)
    source = Path(__file__).resolve().parents[3] / "grammar" / GRAMMAR_NAME
    for path in (packaged, source):
        with contextlib.suppress(OSError):
            return path.read_text(encoding="utf-8")
    import importlib.resources as resources  # a package inside a zip file, say

    try:
        return resources.files("newsdoc.syntax").joinpath(GRAMMAR_NAME).read_text(encoding="utf-8")
    except OSError as error:  # pragma: no cover - a broken installation
        raise RuntimeError(
            f"newsdoc cannot find its grammar: neither the package data {GRAMMAR_NAME} "
            f"nor {source} exists ({error.strerror}); reinstall newsdoc"
        ) from None


@once
def _cache_path() -> Path | None:
    """The cache file for this grammar and this code, or None when there is no cache."""
    folder = cache_dir()
    if folder is None:
        return None
    material = [grammar_text().encode("utf-8", "surrogatepass")]
    try:
        for module in (__file__, str(Path(__file__).with_name("fastpath.py"))):
            material.append(Path(module).read_bytes())
    except OSError:  # pragma: no cover - no source to hash: run without a cache
        return None
    key = checksum(b"\0".join(material))
    return folder / f"parser-{key}.pickle"


class _Header:
    """What the text header of a cache file says."""

    __slots__ = ("lark_version", "program", "regex")

    def __init__(self, lark_version: str, regex: str, program: bytes) -> None:
        self.lark_version = lark_version
        self.regex = regex
        self.program = program
        """The compiled program, if this process's Python can run it (else empty)."""


def _read_header(file: IO[bytes]) -> _Header | None:
    """Read the header and leave ``file`` at the pickle; None if it is not a valid header."""
    try:
        if file.readline() != _MAGIC:
            return None
        kind, lark_version = file.readline().decode("ascii").split()
        kind2, regex_sum, size = file.readline().decode("ascii").split()
        raw = file.read(int(size))
        kind3, tag, program_sum, size3 = file.readline().decode("ascii").split()
        program = file.read(int(size3))
        if (
            kind != "lark"
            or kind2 != "fastpath"
            or kind3 != "program"
            or checksum(raw) != regex_sum
            or checksum(program) != program_sum
        ):
            return None
        if tag != engine_tag():
            program = b""
        return _Header(lark_version, raw.decode("utf-8", "surrogatepass"), program)
    except ValueError:  # a garbled line, a bad number or bad UTF-8
        return None


@once
def _cached_header() -> _Header | None:
    path = _cache_path()
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            return _read_header(file)
    except OSError:
        return None


@once
def fast_path_source() -> str | None:
    """The source of the fast path's regular expression (see :mod:`newsdoc.syntax.fastpath`).

    Read from the cache when it is there, without importing lark; otherwise
    composed from the parser (and the cache written).  None when the grammar
    has a shape the fast path cannot express: then the parser does all the work.
    """
    header = _cached_header()
    if header is not None:
        return header.regex or None
    return _compose(lark_parser(None))  # building the parser writes the cache file


def _compose(parser: Lark) -> str | None:
    try:
        return compose(parser)
    except NotComposableError:
        return None


def _build(transformer: Any) -> Lark:
    from lark import Lark

    return Lark(grammar_text(), transformer=transformer, **_OPTIONS)


@once
def lark_parser(transformer: Any = None) -> Lark:
    """Return the LALR parser for the grammar, built or loaded once per process.

    With ``transformer`` the parser transforms at each reduction (no tree is
    built); without, it returns a lark ``Tree``.
    """
    import lark

    path = _cache_path()
    if path is not None:
        try:
            with path.open("rb") as file:
                header = _read_header(file)
                if header is not None and header.lark_version == lark.__version__:
                    return lark.Lark.load(file, transformer=transformer)  # type: ignore[call-arg]
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign cache file is rebuilt
            pass
    parser = _build(transformer)
    if path is not None:
        _save(parser, path)
    return parser


def _save(parser: Lark, path: Path) -> None:
    """Write the cache file atomically; failing to is not an error."""
    import tempfile

    import lark

    source = _compose(parser) or ""
    regex = source.encode("utf-8", "surrogatepass")
    program = compiled_program(source) if source else b""
    header = (
        _MAGIC
        + f"lark {lark.__version__}\n".encode("ascii")
        + f"fastpath {checksum(regex)} {len(regex)}\n".encode("ascii")
        + regex
        + f"program {engine_tag()} {checksum(program)} {len(program)}\n".encode("ascii")
        + program
    )
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parser-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(header)
            parser.save(file, exclude_options=("transformer",))
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@once
def fast_pattern() -> re.Pattern[str] | None:
    """The compiled fast-path expression, or None when there is none.

    None when the grammar cannot be composed, or when the cached source
    does not compile or lacks the groups the model is built from (then the
    Lark parser does all the work, which is slower but as correct).
    """
    source = fast_path_source()
    if source is None:
        return None
    header = _cached_header()
    compiled = None
    if header is not None and header.regex == source and header.program:
        compiled = from_program(source, header.program)
    if compiled is None:
        try:
            compiled = re.compile(source)
        except re.error:  # pragma: no cover - a cache file from a broken release
            return None
    if set(compiled.groupindex) != SECTIONS:  # pragma: no cover - the same
        return None
    return compiled
