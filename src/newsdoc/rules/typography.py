"""Where the typography of a language puts a no-break space between two words (ND212).

Each language keeps some words together with a no-break space (U+00A0):
French before ``;`` ``:`` ``!`` ``?`` ``»`` and after ``«``; Polish, Czech
and Slovak after one-letter words (``w``, ``z``, ``v``, ``a``...); most
languages between a number and its unit, inside a number's groups of
digits, after a short abbreviation (``Dr.``, ``z. B.``, ``p.``) and before a
dash.  :func:`typographic` says whether a no-break space is one of those.
"""

from __future__ import annotations

from typing import Final

__all__ = ["typographic"]

_FRENCH_BEFORE: Final = frozenset(";:!?»›%")
_FRENCH_AFTER: Final = frozenset("«‹")
_ONE_LETTER: Final = frozenset({"cs", "pl", "sk"})
_DASHES: Final = frozenset("–—")
_UNIT_SIGNS: Final = frozenset("%‰°€$£¥₽₹")


def _word_before(text: str, position: int) -> str:
    """The word that ends at ``position`` (the characters back to a space)."""
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:position]


def typographic(text: str, position: int, language: str | None) -> bool:
    """Whether the no-break space at ``text[position]`` is where typography puts one.

    ``language`` is an ISO 639-1 code, or None when it is not known: then
    the uses of every language are allowed.
    """
    before = text[position - 1]
    after = text[position + 1]
    if before.isdigit() and (after.isdigit() or after.isalpha() or after in _UNIT_SIGNS):
        return True  # 10 000, 10 km, 5 %
    if after in _DASHES or before in _DASHES:
        return True
    word = _word_before(text, position)
    if word.endswith(".") and 1 < len(word) <= 4 and word[0].isalpha():
        return True  # Dr. Smith, z. B., p. 12
    if language in (None, "fr") and (after in _FRENCH_BEFORE or before in _FRENCH_AFTER):
        return True
    return (language is None or language in _ONE_LETTER) and len(word) == 1 and word.isalpha()
