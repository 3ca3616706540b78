"""newsdoc's speed tricks that other modules share, in one documented place.

Each trick here has a plain equivalent and a test that the two agree
(``tests/test_speed.py``); docs/performance.md says what each one saves.

- :class:`LazyPattern`: a regular expression compiled on first use, not at
  import (a class with a range past U+00FF costs about half a millisecond
  to compile, on every start of the command line).
- :func:`builder`: a function that builds an attrs instance by setting its
  slots, skipping ``__init__``'s validators and converters, for objects
  made by the thousand from values already checked (the parser's items,
  the validator's diagnostics).  The plain way is calling the class.
- :func:`once`: ``functools.cache`` for the lazily built parts (the parser,
  its label table, the converters), made safe under concurrent first use:
  a function runs once per key even when threads call it at once, so that
  every thread gets the same parser (a check-then-act on a plain cache
  could build two, and the label table of one would not know the states
  of the other).  The plain way is ``functools.cache``.
- :func:`defer`: fields of a slotted attrs class whose value may be made
  on first read: a field that holds a :class:`Deferred` when the instance
  is built gets the value its ``build()`` makes the first time it is read,
  and keeps it.  The parser leaves a document's items to be made so (see
  :mod:`newsdoc.syntax.parser`).  The plain way is making the value first.
- :func:`cache_dir`: the per-user cache folder (``$NEWSDOC_CACHE_DIR``,
  else ``$XDG_CACHE_HOME/newsdoc``, else ``~/.cache/newsdoc``; an empty
  ``NEWSDOC_CACHE_DIR`` turns every cache off), which holds the parser
  (:mod:`newsdoc.syntax.grammar`) and:
- the compiled methods of newsdoc's attrs classes (:class:`CodeCache`).
  attrs writes each class's ``__init__``, ``__eq__``, ``__repr__``... as
  Python source and compiles it when the class is created: for the classes
  a run of ``newsdoc check`` creates, about 7 ms of compiling on every
  start.  The compiled code is kept per user, by the exact source it came
  from and the version of Python; a class is then made from it without
  compiling.  (A hashable class's source holds a number attrs derives from
  a string hash, which differs from process to process: it is left out of
  the key and put in the cached code.)  The builders' functions and the
  programs of the :class:`LazyPattern` expressions are kept in the same
  file.  The plain way is compiling (the cache turned off), and
  ``tests/test_speed.py`` checks that both give every class the same code.
- :data:`LAZY_IMPORTS`: the modules that are imported inside functions,
  on first use, because importing them costs start-up time most runs do
  not need.  ``tests/test_architecture.py`` checks that no other module is
  imported inside a function, and ``tests/test_startup.py`` that checking
  a valid file imports none of them.
"""

from __future__ import annotations
import __future__

import atexit
import contextlib
import marshal
import os
import re
import sys
import threading
import zlib
from _thread import allocate_lock
from collections.abc import Callable
from functools import update_wrapper
from pathlib import Path
from types import CodeType
from typing import Any, Final, Generic, TypeVar

import attrs  # noqa: F401 - attrs' module is set up before the cache stands in for its compiler

__all__ = [
    "LAZY_IMPORTS",
    "CodeCache",
    "Deferred",
    "DeferredField",
    "LazyPattern",
    "builder",
    "cache_dir",
    "checksum",
    "defer",
    "once",
]

T = TypeVar("T")
R = TypeVar("R")

LAZY_IMPORTS: Final = {
    # Optional or heavy third-party packages.
    "lark": "the parser: about 45 ms to import; a valid file never needs it (the fast path)",
    "cattrs": "the rich JSON forms and reading JSON: about 45 ms",
    "pyarrow": "Parquet output (optional extra)",
    "hypothesis": "registering newsdoc's strategies, when Hypothesis asks (its entry point)",
    "fsspec": "URLs and object storage (optional extra newsdoc[remote]), only for a URL",
    "zstandard": "zstd-compressed files (optional extra newsdoc[zstd]), only for one",
    "dask": "newsdoc.dask, the Dask helpers (optional extra newsdoc[dask])",
    # The standard library: what one run of the common commands does not need.
    "multiprocessing": "worker processes, only for many files",
    "signal": "only in worker processes and while a file is being written",
    "tomllib": "configuration files, parsed only when they may hold newsdoc's table",
    "tempfile": "only to write files",
    "importlib.metadata": "the version (package metadata): about 15 ms",
    "importlib.resources": "the grammar of a package inside a zip file",
    "json": "the JSON outputs and reading JSON",
    "hashlib": "fingerprints of the baseline and the machine formats (OpenSSL: about 4 ms)",
    "glob": "only for paths that are glob patterns",
    "datetime": "the JUnit report's timestamp",
    "shtab": "shell completion scripts, only when asked for (newsdoc completion SHELL)",
    "gzip": "only for gzip-compressed files and archives (and naming damaged ones)",
    "bz2": "only for bzip2-compressed files and archives",
    "lzma": "only for xz-compressed files and archives",
    "compression": "zstd from the standard library (Python 3.14), only for zstd files",
    "tarfile": "only for tar archives",
    "zipfile": "only for Zip archives",
    # newsdoc's own modules that most runs do not need.
    "newsdoc.cli": "each command's module, and --fix's, imported when it runs",
    "newsdoc.output.machine": "the machine formats (json, sarif, junit, gitlab)",
    "newsdoc.output.diff": "only for --diff",
    "newsdoc.output.jobsummary": "only on GitHub Actions, for $GITHUB_STEP_SUMMARY",
    "newsdoc.corpus": "the report's statistics and renderers",
    "newsdoc.convert": "the conversion engine and sinks",
    "newsdoc.config.baseline": "only with --baseline or --write-baseline",
    "newsdoc.io.pool": "worker processes, only for many files",
    "newsdoc.io.archives": "only for archives",
    "newsdoc.io.ignore": "only when a folder is searched",
    "newsdoc.io.progress": "only on a terminal",
    "newsdoc.strategies": "Hypothesis' strategies, when Hypothesis first draws a newsdoc type",
}
"""Every module that may be imported inside a function, and why it is deferred.

A name stands for the module and the modules inside it."""


class _Once(Generic[R]):
    """A function's results by arguments, each computed once even under concurrent calls."""

    def __init__(self, function: Callable[..., R]) -> None:
        self._function = function
        self._results: dict[tuple[Any, ...], R] = {}
        self._lock = threading.RLock()
        update_wrapper(self, function)

    def __call__(self, *args: Any) -> R:
        try:
            return self._results[args]  # the common case: one dict look-up, no lock
        except KeyError:
            pass
        with self._lock:
            try:
                return self._results[args]
            except KeyError:
                value = self._function(*args)
                self._results[args] = value
                return value

    def cache_clear(self) -> None:
        """Forget the results (tests use it to start cold)."""
        with self._lock:
            self._results.clear()


ONCE: Final[list[_Once[Any]]] = []
"""Every function made with :func:`once`, so that a test can make them all cold again."""


def once(function: Callable[..., R]) -> _Once[R]:
    """``functools.cache`` that runs ``function`` once per arguments, however many threads call it.

    Reading a computed result takes no lock; the first calls with given
    arguments are serialised by a per-function lock (re-entrant, and the
    functions call one another only downwards, so no two locks are ever
    taken in opposite orders).
    """
    made = _Once(function)
    ONCE.append(made)
    return made


class LazyPattern:
    """A regular expression that is compiled the first time it is used.

    Attribute access (``.search``, ``.sub``...) goes to the compiled pattern;
    each attribute is then kept, so later uses cost no more than on the
    pattern itself.
    """

    def __init__(self, source: str | bytes, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        # Two threads may both compile on first use: the patterns are equal,
        # and either is kept, so that race is harmless.
        if self._compiled is None:
            cache = CODE_CACHE
            self._compiled = (
                re.compile(self._source, self._flags)
                if cache is None
                else cache.pattern(self._source, self._flags)
            )
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value


def builder(name: str, cls: type[T], *fields: str) -> Callable[..., T]:
    """A function ``name(*values)`` that makes an instance of ``cls`` with those fields set.

    The instance is made with ``object.__new__`` and each slot is set through
    its descriptor, which is how past "frozen" costs least (about a third
    less than ``object.__setattr__``); ``__init__``, its validators and its
    converters do not run, so the values must be what they would have made.
    The function is generated (as attrs generates ``__init__``), so it costs
    one call, not one per field.  It belongs to the calling module, which
    must bind it to ``name``, so that pickle can find it by reference.
    """
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def {name}({', '.join(fields)}):", "    instance = _new(_cls)"]
    module = sys._getframe(1).f_globals["__name__"]
    for index, field in enumerate(fields):
        owner = next(k for k in cls.__mro__ if field in vars(k))
        descriptor = vars(owner)[field]
        slot = descriptor.slot if isinstance(descriptor, DeferredField) else descriptor
        namespace[f"_set{index}"] = slot.__set__
        lines.append(f"    _set{index}(instance, {field})")
    lines.append("    return instance")
    source = "\n".join(lines)
    filename = f"<builder {module}.{name}>"
    code = (
        compile(source, filename, "exec")
        if CODE_CACHE is None
        else CODE_CACHE.code(source, filename)
    )
    exec(code, namespace)
    build: Callable[..., T] = namespace[name]
    build.__module__ = module
    build.__doc__ = f"``{cls.__name__}({', '.join(fields)})``, built by setting its slots."
    return build


class Deferred:
    """What a deferred field holds until it is first read: :meth:`build` makes its value.

    Subclasses hold what the value is made from; ``build`` is called once
    (under a lock), and its result replaces the deferred value in the field.
    """

    __slots__ = ()

    def build(self) -> Any:
        """Make the field's value."""
        raise NotImplementedError


# One lock for every deferred field: it is taken only to build a value, once per field.
_BUILDING: Final = allocate_lock()


class DeferredField:
    """The descriptor of a deferred field, in place of the slot's own (see :func:`defer`).

    Reading the field gives the slot's value, unless it is a
    :class:`Deferred`: then the value it builds is stored in the slot and
    given, so every later read gives that same object.  Writing and
    deleting go to the slot as before (a frozen class still refuses both).
    """

    __slots__ = ("name", "slot")

    def __init__(self, slot: Any, name: str) -> None:
        self.slot = slot
        """The slot's own member descriptor."""
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.slot.__get__(instance, owner)
        if isinstance(value, Deferred):
            with _BUILDING:
                value = self.slot.__get__(instance, owner)  # another thread may have built it
                if isinstance(value, Deferred):
                    value = value.build()
                    self.slot.__set__(instance, value)
        return value

    def __set__(self, instance: object, value: Any) -> None:
        self.slot.__set__(instance, value)

    def __delete__(self, instance: object) -> None:
        self.slot.__delete__(instance)

    def peek(self, instance: object) -> Any:
        """The slot's value as it is: a :class:`Deferred` if it was not read yet."""
        return self.slot.__get__(instance, type(instance))


def defer(cls: type, *names: str) -> None:
    """Let fields ``names`` of the slotted class ``cls`` hold a :class:`Deferred` until read.

    Each field's member descriptor is wrapped in a :class:`DeferredField`.
    Everything that reads the field, attrs' own ``__eq__``, ``__hash__``,
    ``__repr__`` and pickling included, gets the built value; a value
    given to ``__init__`` is stored as it is, so instances made the plain
    way behave as before.  Only code that puts a :class:`Deferred` in the
    slot itself (a :func:`builder`) makes a field wait.
    """
    for name in names:
        slot = vars(cls)[name]
        if not hasattr(slot, "__set__") or isinstance(slot, DeferredField):
            raise TypeError(f"{cls.__name__}.{name} is not a slot")
        setattr(cls, name, DeferredField(slot, name))


# --- the per-user cache, and the compiled methods of newsdoc's attrs classes ---------


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
    """The compiled methods of newsdoc's attrs classes, kept in one file per version of Python.

    It stands in for attrs' own ``_compile_and_eval`` (compile a generated
    source, run it): for a class of newsdoc (attrs names its source after
    the class's module), the code is looked up by the source's checksum and
    compiled only when missing; the file is written at exit when something
    was compiled.  Any other class goes to attrs' function as before.  The
    code is compiled with the ``__future__`` features of attrs' module, as
    attrs' own ``compile`` call inherits them.
    """

    __slots__ = ("compiled", "entries", "flags", "original", "path")

    MARK: Final = " newsdoc."
    """What the name attrs gives the source of a newsdoc class holds (`` <module>.<class>``)."""
    MOST: Final = 2000
    """Past this many entries (versions of the code come and go), the file starts afresh."""

    def __init__(self, original: Callable[..., None], flags: int, path: Path) -> None:
        self.original = original
        self.flags = flags
        self.path = path
        self.entries: dict[str, Any] | None = None
        self.compiled: dict[str, Any] = {}

    def __call__(
        self,
        script: str,
        globs: dict[str, Any] | None,
        locs: Any = None,
        filename: str = "",
    ) -> None:
        """Run a generated source as attrs does: compiled, or its code from the cache."""
        if self.MARK not in filename:
            self.original(script, globs, locs, filename)
            return
        # A hashable class's source holds a number that differs from process to
        # process (attrs' hash of a name): the key leaves it out, the code is
        # given this process's number.
        salt = hash(filename.replace(" methods ", " hash ", 1))
        text = script.replace(str(salt), "SALT")
        key = checksum(f"{filename}\0{text}".encode("utf-8", "surrogatepass"))
        entry = self._entry(key)
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], CodeType):
            code, cached_salt = entry
            if cached_salt != salt and text != script:
                code = _salted(code, cached_salt, salt)
        else:
            code = compile(script, filename, "exec", self.flags, True)
            self._keep(key, (code, salt))
        eval(code, globs, locs)  # what attrs does with the code it compiles

    def _entry(self, key: str) -> Any:
        if self.entries is None:
            self.entries = self._load()
        return self.entries.get(key)

    def _keep(self, key: str, value: Any) -> None:
        if not self.compiled:
            atexit.register(self.save)
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

    def _load(self) -> dict[str, Any]:
        try:
            data = self.path.read_bytes()
            code = marshal.loads(data)
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return code if isinstance(code, dict) else {}

    def save(self) -> None:
        """Write what is cached, with what this process compiled; failing to is not an error."""
        import tempfile

        merged = self._load()
        if len(merged) + len(self.compiled) > self.MOST:
            merged = {}
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
    return f"{sys.implementation.cache_tag}:{magic}" if magic is not None else "none"


def compiled_program(source: str | bytes, flags: int = 0) -> bytes:
    """The program Python's engine runs for ``source``, as ASCII text (empty when unknown).

    Three lines: the flags and the number of groups; the group names with
    their numbers; the codes.  What ``re.compile`` computes in Python before
    it hands the codes to its engine, which is most of the time it takes.
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
        head = f"{int(flags | state.flags)} {state.groups}"
        return f"{head}\n{names}\n{' '.join(str(int(c)) for c in codes)}".encode("ascii")
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
        head, names, codes = program.decode("ascii").split("\n")
        flags, groups = map(int, head.split())
        index = {name: int(number) for name, number in (n.split("=") for n in names.split())}
        by_number: list[str | None] = [None] * groups
        for name, number in index.items():
            by_number[number] = name
        compiled = compiler._sre.compile(
            source, flags, list(map(int, codes.split())), groups - 1, index, tuple(by_number)
        )
    except Exception:  # noqa: BLE001 - a damaged or foreign program: compile the source
        return None
    return compiled if isinstance(compiled, re.Pattern) else None


def _salted(code: CodeType, old: int, new: int) -> CodeType:
    """``code`` with the constant ``old`` replaced by ``new``, in its functions too."""
    consts = tuple(
        new
        if type(value) is int and value == old
        else _salted(value, old, new)
        if isinstance(value, CodeType)
        else value
        for value in code.co_consts
    )
    return code.replace(co_consts=consts)


def _install_code_cache() -> CodeCache | None:
    """Put a :class:`CodeCache` in place of attrs' ``_compile_and_eval`` (None: not possible).

    Not when caching is turned off, nor with an attrs whose function is not
    the one this was written for (its parameters are checked).
    """
    folder = cache_dir()
    make: Any = sys.modules.get("attr._make")
    original = getattr(make, "_compile_and_eval", None)
    if folder is None or original is None or not callable(original):
        return None
    code = getattr(original, "__code__", None)
    if code is None or code.co_varnames[:4] != ("script", "globs", "locs", "filename"):
        return None
    flags = 0
    for name in __future__.all_feature_names:  # what attrs' module imported from __future__
        feature = getattr(__future__, name)
        if vars(make).get(name) is feature:
            flags |= feature.compiler_flag
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"  # the engine's too
    cache = CodeCache(original, flags, folder / f"attrs-{tag}.marshal")
    make._compile_and_eval = cache
    return cache


CODE_CACHE: Final = _install_code_cache()
"""The cache of compiled attrs methods in use, or None."""
