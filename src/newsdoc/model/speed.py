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
    Attribute access (``.search``, ``.sub``...) goes to the compiled pattern;
    each attribute is then kept, so later uses cost no more than on the
    pattern itself.
    """

    def __init__(self, source: str | bytes, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value
