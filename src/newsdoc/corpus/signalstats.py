"""The quality signals of a corpus, summarised for ``newsdoc report --signals``.

Each parsed document's signals (:mod:`newsdoc.rules.signals`) are added one
at a time; only their count, sum, minimum and maximum are kept, so memory
stays flat however many documents there are.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..rules.signals import NAMES

__all__ = ["NAMES", "SignalStats"]


class SignalStats:
    """Count, sum, minimum and maximum of each signal over the documents added."""

    __slots__ = ("count", "highs", "lows", "sums")

    def __init__(self) -> None:
        self.count = 0
        self.sums = [0.0] * len(NAMES)
        self.lows = [float("inf")] * len(NAMES)
        self.highs = [float("-inf")] * len(NAMES)

    def add(self, values: Sequence[float]) -> None:
        """Add one document's signals, in the order of :data:`NAMES`."""
        self.count += 1
        for index, value in enumerate(values):
            self.sums[index] += value
            self.lows[index] = min(self.lows[index], value)
            self.highs[index] = max(self.highs[index], value)

    def rows(self) -> list[tuple[str, float, float, float]]:
        """Each signal's name, mean, minimum and maximum (none without documents)."""
        if not self.count:
            return []
        return [
            (name, self.sums[index] / self.count, self.lows[index], self.highs[index])
            for index, name in enumerate(NAMES)
        ]
