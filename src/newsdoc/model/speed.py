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
- :mod:`newsdoc.model.compiled` (its own module): the per-user cache folder,
  and the compiled code of the builders and the programs of the
  :class:`LazyPattern` expressions kept there, so that a start compiles
  none of them.
- :data:`LAZY_IMPORTS`: the modules that are imported inside functions,
  on first use, because importing them costs start-up time most runs do
  not need.  ``tests/test_architecture.py`` checks that no other module is
  imported inside a function, and ``tests/test_startup.py`` that checking
  a valid file imports none of them.
"""

from __future__ import annotations

import re
import sys
import threading
from _thread import allocate_lock
from collections.abc import Callable
from functools import update_wrapper
from typing import Any, Final, Generic, TypeVar

from .compiled import CODE_CACHE

__all__ = [
    "LAZY_IMPORTS",
    "Deferred",
    "DeferredField",
    "LazyPattern",
    "builder",
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
    "html.entities": "HTML's entity names, only for a text holding a character reference",
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
    "newsdoc.rules.sketch": "the corpus rules' signatures (hashlib), only when one is selected",
    "newsdoc.rules.merge": "comparing files for the corpus rules, only when one is selected",
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
