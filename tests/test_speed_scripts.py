"""ND224's quick filter (``scripts.may_hold_other``) never hides a Cyrillic or Greek letter.

The plain way is the search for the letters themselves (``_ANY_OTHER``);
the filter looks for their first bytes in UTF-8 and must say "maybe"
whenever the search finds one.
"""

from __future__ import annotations

import sys

from hypothesis import example, given
from hypothesis import strategies as st

from newsdoc.rules.scripts import _ANY_OTHER, may_hold_other


def test_every_cyrillic_and_greek_letter_passes_the_filter() -> None:
    """Each code point the search finds, alone or inside other text, passes the filter."""
    letters = [chr(code) for code in range(sys.maxunicode + 1) if _ANY_OTHER.search(chr(code))]
    assert len(letters) > 500  # (Cyrillic, Greek and the polytonic letters)
    assert [letter for letter in letters if not may_hold_other(f"“a{letter}b” é")] == []


@given(
    st.text(
        alphabet=st.sampled_from(
            "aé“”—\u00a0ñÅÿ\udc80\u1ec7\u0370\u03a9\u0416\u0501\u1f00\u1fbc ."
        ),
        max_size=20,
    )
)
@example("Vi\u1ec7t Nam")  # Latin Extended Additional: a lead byte 0xE1, no Greek
@example("\udc80 “quoted”")  # a lone surrogate (undecodable byte)
def test_the_filter_lets_through_whatever_the_search_finds(text: str) -> None:
    """Never false where the plain search finds a letter (and false on text without leads)."""
    if _ANY_OTHER.search(text):
        assert may_hold_other(text)
    if not any("\u0340" <= char <= "\u053f" or "\u1000" <= char <= "\u1fff" for char in text):
        assert not may_hold_other(text)
