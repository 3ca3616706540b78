"""Counts in fixed bins: the distributions of ``newsdoc report`` (:mod:`.stats`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

__all__ = ["Histogram"]


class Histogram:
    """Counts in fixed bins, with the count, sum, minimum and maximum of the values.

    ``edges`` are the bins' lower bounds, increasing; the last bin is open
    (``edges[-1]`` and more).  A value below ``edges[0]`` counts in the first.
    """

    __slots__ = ("count", "counts", "edges", "high", "low", "total")

    def __init__(self, edges: Sequence[int]) -> None:
        self.edges = tuple(edges)
        self.counts = [0] * len(self.edges)
        self.count = 0
        self.total = 0
        self.low: int | None = None
        self.high: int | None = None

    def add(self, value: int) -> None:
        """Count one value."""
        self.counts[max(bisect_right(self.edges, value) - 1, 0)] += 1
        self.count += 1
        self.total += value
        if self.low is None or value < self.low:
            self.low = value
        if self.high is None or value > self.high:
            self.high = value

    def merge(self, other: Histogram) -> None:
        """Add the values counted by another histogram with the same bins."""
        if other.edges != self.edges:
            raise ValueError("histograms with different bins cannot be merged")
        if not other.count:
            return
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.count += other.count
        self.total += other.total
        assert other.low is not None
        assert other.high is not None
        self.low = other.low if self.low is None else min(self.low, other.low)
        self.high = other.high if self.high is None else max(self.high, other.high)

    @property
    def mean(self) -> float | None:
        """The mean value, or None when nothing was counted."""
        return self.total / self.count if self.count else None

    def bins(self) -> list[tuple[int, int | None, int]]:
        """Each bin as (lowest value, highest value or None for the open bin, count)."""
        highs: list[int | None] = [edge - 1 for edge in self.edges[1:]]
        highs.append(None)
        return list(zip(self.edges, highs, self.counts, strict=True))

    @staticmethod
    def label(low: int, high: int | None) -> str:
        """A bin's label: ``5``, ``5–9`` or ``100+``."""
        if high is None:
            return f"{low}+"
        return str(low) if high == low else f"{low}–{high}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Histogram):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Histogram(edges={self.edges}, counts={self.counts})"
