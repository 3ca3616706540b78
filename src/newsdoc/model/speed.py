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
from collections.abc import Callable
from functools import update_wrapper
from typing import Any, Final, Generic, TypeVar

__all__ = ["LAZY_IMPORTS", "LazyPattern", "builder", "once"]

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
    "gc": "only to pause the collector for very large dumps, or to freeze at start",
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
            self._compiled = re.compile(self._source, self._flags)
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
    for index, field in enumerate(fields):
        owner = next(k for k in cls.__mro__ if field in vars(k))
        namespace[f"_set{index}"] = vars(owner)[field].__set__
        lines.append(f"    _set{index}(instance, {field})")
    lines.append("    return instance")
    exec("\n".join(lines), namespace)
    build: Callable[..., T] = namespace[name]
    build.__module__ = sys._getframe(1).f_globals["__name__"]
    build.__doc__ = f"``{cls.__name__}({', '.join(fields)})``, built by setting its slots."
    return build
