"""Compiled code and programs kept per user, so that a start compiles none of newsdoc's own.

One of the speed tricks listed in :mod:`newsdoc.model.speed` (and in
docs/architecture.md); docs/performance.md gives the figures.

- :func:`cache_dir`: the per-user cache folder (``$NEWSDOC_CACHE_DIR``,
  else ``$XDG_CACHE_HOME/newsdoc``, else ``~/.cache/newsdoc``; an empty
  ``NEWSDOC_CACHE_DIR`` turns every cache off), which holds the parser
  (:mod:`newsdoc.syntax.grammar`) and the file of :class:`CodeCache`.
- :class:`CodeCache`: the compiled code of the builders' generated
  functions (:func:`newsdoc.model.speed.builder`) and the programs of the
  ``LazyPattern`` expressions, kept per user by the exact source they come
  from and the version of Python, so that a start compiles neither.  The
  plain way is compiling (the cache turned off), and ``tests/test_speed.py``
  checks that both give the same code and the same matches.  (attrs'
  own generated methods are compiled by attrs as usual: newsdoc changes
  nothing of attrs.)
- :func:`compiled_program` and :func:`from_program`: what ``re.compile``
  hands its C engine, kept, and given back to it (the fast path's program
  is kept in the parser cache's header).

It imports nothing of newsdoc: the model's modules are made with it.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any, Final

__all__ = [
    "CODE_CACHE",
    "CodeCache",
    "cache_dir",
    "checksum",
    "compiled_program",
    "engine_tag",
    "from_program",
]


def cache_dir() -> Path | None:
    """The per-user cache folder, or None when caching is turned off (``NEWSDOC_CACHE_DIR=""``)."""
    configured = os.environ.get("NEWSDOC_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsdoc"


def checksum(data: bytes) -> str:
    """Two 32-bit checksums of ``data``, as 16 hex digits.

    Not a cryptographic hash, on purpose: hashlib's import (OpenSSL) alone
    costs about 4 ms of every start, and a key only has to tell apart the
    few versions of the code one user has installed.  (A cache file is
    trusted the way any file in the user's own 0700 cache folder is.)
    """
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


class CodeCache:
    """Compiled code and regular-expression programs of newsdoc, kept in one file per Python.

    The file is written at exit when something was compiled, or when it has
    grown past :attr:`LARGEST` bytes.
    """

    __slots__ = ("compiled", "entries", "path", "saving", "used")

    MOST: Final = 2000
    """Past this many entries (versions of the code come and go), the file starts afresh."""

    LARGEST: Final = 2_000_000
    """Past this many bytes, the file keeps only what the process that writes it used.

    Every start reads the whole file: the entries of other versions of the
    code (each version's expressions, another branch's, an older release's)
    would otherwise pile up, and reading 10 MB of them cost 35 ms a start.
    One version's entries take about 0.3 MB.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Any] | None = None
        self.compiled: dict[str, Any] = {}
        self.used: set[str] = set()
        self.saving = False

    def _entry(self, key: str) -> Any:
        if self.entries is None:
            self.entries, size = self._read()
            if size > self.LARGEST:
                self._save_at_exit()  # to leave out what no start of this version uses
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def _save_at_exit(self) -> None:
        if not self.saving:
            self.saving = True
            atexit.register(self.save)

    def _keep(self, key: str, value: Any) -> None:
        self._save_at_exit()
        assert self.entries is not None
        self.compiled[key] = self.entries[key] = value

    def code(self, source: str, filename: str) -> CodeType:
        """``compile(source, filename, "exec")``, from the cache when it is there."""
        key = checksum(f"code\0{filename}\0{source}".encode("utf-8", "surrogatepass"))
        code = self._entry(key)
        if not isinstance(code, CodeType):
            code = compile(source, filename, "exec")
            self._keep(key, code)
        return code

    def text(self, key: str, make: Callable[[], str]) -> str:
        """``make()``, a text that ``key`` alone determines, from the cache when it is there.

        For the sources of expressions that take long to build (the
        phrasebook's, from its files): ``key`` must name everything the text
        is made from, files and code included.
        """
        entry = checksum(f"text\0{key}".encode("utf-8", "surrogatepass"))
        value = self._entry(entry)
        if not isinstance(value, str):
            value = make()
            self._keep(entry, value)
        return value

    def pattern(self, source: str | bytes, flags: int = 0) -> re.Pattern[Any]:
        """``re.compile(source, flags)``, from the compiled program when it is cached."""
        key = checksum(f"pattern\0{flags}\0{source!r}".encode("utf-8", "surrogatepass"))
        program = self._entry(key)
        compiled = None
        if isinstance(program, bytes):
            compiled = from_program(source, program)
        if compiled is None:
            compiled = re.compile(source, flags)
            program = compiled_program(source, flags)
            if program:
                self._keep(key, program)
        return compiled

    def _read(self) -> tuple[dict[str, Any], int]:
        """The file's entries and its size in bytes (none and 0 when it cannot be read)."""
        try:
            data = self.path.read_bytes()
            code = marshal.loads(data)
        except (OSError, ValueError, EOFError, TypeError):
            return {}, 0
        return (code, len(data)) if isinstance(code, dict) else ({}, 0)

    def save(self) -> None:
        """Write what is cached, with what this process compiled; failing to is not an error.

        A file grown past :attr:`MOST` entries or :attr:`LARGEST` bytes keeps
        only what this process used and compiled.
        """
        import tempfile

        merged, size = self._read()
        if len(merged) + len(self.compiled) > self.MOST or size > self.LARGEST:
            merged = {key: merged[key] for key in self.used if key in merged}
        merged.update(self.compiled)
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".attrs-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(marshal.dumps(merged))
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


# The program of a regular expression: the codes ``re`` hands its C engine
# (re's compiler and engine are reached through re's own modules, which
# ``import re`` has loaded: nothing is imported for this).


def engine_tag() -> str:
    """The versions a compiled program belongs to: Python's and its regular expression engine's."""
    compiler: Any = getattr(re, "_compiler", None)
    magic = getattr(getattr(compiler, "_sre", None), "MAGIC", None)
    if magic is None:
        return "none"
    return f"{sys.implementation.cache_tag}:{magic}:{sys.byteorder}"


def compiled_program(source: str | bytes, flags: int = 0) -> bytes:
    """The program Python's engine runs for ``source``, as ASCII text (empty when unknown).

    Two lines of text, the flags and the number of groups, then the group
    names with their numbers, and then the codes as unsigned 32-bit numbers
    in this machine's byte order (the engine's own unit).  What
    ``re.compile`` computes in Python before it hands the codes to its
    engine, which is most of the time it takes.
    """
    compiler: Any = getattr(re, "_compiler", None)
    parser: Any = getattr(re, "_parser", None)
    if engine_tag() == "none" or parser is None:
        return b""
    try:
        parsed = parser.parse(source, flags)
        codes = compiler._code(parsed, flags)
        state = parsed.state
        names = " ".join(f"{name}={number}" for name, number in state.groupdict.items())
        head = f"{int(flags | state.flags)} {state.groups}\n{names}\n".encode("ascii")
        return head + b"".join(int(c).to_bytes(4, sys.byteorder) for c in codes)
    except Exception:  # noqa: BLE001 - another Python's internals: compile the source
        return b""


def from_program(source: str | bytes, program: bytes) -> re.Pattern[Any] | None:
    """The expression ``source`` made from its compiled ``program`` (see :func:`compiled_program`).

    None when the program cannot be read or the engine refuses it (it
    checks every program it is given).  The caller makes sure that the
    program is of this Python (:func:`engine_tag`) and of this source.
    """
    compiler: Any = getattr(re, "_compiler", None)
    try:
        head, names, codes = program.split(b"\n", 2)
        flags, groups = map(int, head.split())
        index = {
            name: int(number) for name, number in (n.split("=") for n in names.decode().split())
        }
        by_number: list[str | None] = [None] * groups
        for name, number in index.items():
            by_number[number] = name
        compiled = compiler._sre.compile(
            source, flags, memoryview(codes).cast("I").tolist(), groups - 1, index, tuple(by_number)
        )
    except Exception:  # noqa: BLE001 - a damaged or foreign program: compile the source
        return None
    return compiled if isinstance(compiled, re.Pattern) else None


def _code_cache() -> CodeCache | None:
    """The cache in use, or None when caching is turned off."""
    folder = cache_dir()
    if folder is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"  # the engine's too
    return CodeCache(folder / f"code-{tag}.marshal")


CODE_CACHE: Final = _code_cache()
"""The cache of compiled code in use, or None."""
