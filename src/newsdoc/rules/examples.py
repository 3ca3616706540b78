"""The dump the rules' documented examples are variations of (one article, two headlines)."""

from __future__ import annotations

from typing import Final

__all__ = ["BODY", "GOOD", "HEADS", "dump"]

BODY: Final = "The council approved the budget on Monday.\nThe vote was 7 to 2.\n"
HEADS: Final = "Council Approves Budget\nVote Splits Along Party Lines\n"
GOOD: Final = BODY + "\n\n" + HEADS
"""The example dump, clean: no rule reports anything in it."""


def dump(body: str = BODY, heads: str = HEADS, separator: str = "\n\n") -> str:
    """The example dump with another body, headline list or separator."""
    return body + separator + heads
