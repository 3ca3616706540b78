"""Regular expressions compiled on first use, not at import time."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]


class LazyPattern:
    """A regular expression that is compiled the first time it is used.

    Compiling a character class with a range past U+00FF (the surrogates,
    say) costs about half a millisecond; the patterns that only the error
    path needs would otherwise add that to every start of the command line.
    Attribute access (``.search``, ``.sub``...) goes to the compiled pattern.
    """

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return getattr(self._compiled, name)
