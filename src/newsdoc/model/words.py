"""Words in messages: the one plural helper (``1 file``, ``2 files``, ``1,234 files``)."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, *, thousands: bool = False) -> str:
    """``count`` and ``noun``, with an ``s`` unless the count is one.

    ``plural(2, "file")`` is ``"2 files"``; with ``thousands``, the count is
    written with thousands separators: ``plural(1234, "file", thousands=True)``
    is ``"1,234 files"``.
    """
    number = f"{count:,}" if thousands else str(count)
    return f"{number} {noun}" if count == 1 else f"{number} {noun}s"
