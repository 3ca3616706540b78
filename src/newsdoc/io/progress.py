"""A one-line progress display on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import time
from typing import Final, TextIO

from ..model.chars import escape

__all__ = ["Progress"]

_INTERVAL: Final = 0.1
_CLEAR: Final = "\r\x1b[2K"


class Progress:
    """Counts converted documents and failures; redraws at most ten times a second.

    Messages go through :meth:`say`, which clears the line first so that the
    display never garbles them.  When ``enabled`` is False only the
    messages are printed.  ``words`` name what is counted (``report`` counts
    files checked and unreadable).
    """

    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        prefix: str = "newsdoc: ",
        words: tuple[str, str] = ("converted", "failed"),
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.prefix = prefix
        self.words = words
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.next_draw = self.start + _INTERVAL
        self.drawn = False

    def say(self, message: str) -> None:
        """Print a message on its own line, escaped (:func:`newsdoc.model.chars.escape`)."""
        if self.drawn:
            self.stream.write(_CLEAR)
            self.drawn = False
        self.stream.write(f"{self.prefix}{escape(message)}\n")
        self.stream.flush()

    def count(self, ok: bool) -> None:
        """Count one document (or failed input) and redraw if it is time."""
        if ok:
            self.done += 1
        else:
            self.failed += 1
        if self.enabled:
            now = time.monotonic()
            if now >= self.next_draw:
                self.next_draw = now + _INTERVAL
                self._draw(now)

    def _line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = (self.done + self.failed) / elapsed
        return (
            f"{self.prefix}{self.done:,} {self.words[0]}, {self.failed:,} {self.words[1]}, "
            f"{rate:,.0f}/s, {elapsed:.1f} s"
        )

    def _draw(self, now: float) -> None:
        self.stream.write(_CLEAR + self._line(now))
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """Replace the display by a final summary (on a terminal only)."""
        if not self.enabled:
            return
        self.stream.write(_CLEAR + self._line(time.monotonic()) + "\n")
        self.stream.flush()
        self.drawn = False
