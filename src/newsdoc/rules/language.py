"""The language of a dump, for the rules whose judgement depends on it (typography).

The language is taken from the configuration (``language``, or
``per-file-language`` for the files a glob matches) when it is set there;
otherwise it is guessed cheaply from the text: the most common short
function words of English, German, French, Spanish, Polish and Czech are
counted in the first few thousand characters, and the language with the
most of them wins, when it has enough of them and clearly more than the
next.  No model, no dependency; the guess is made once per file, and only
when a rule asks for it.
"""

from __future__ import annotations

from typing import Final

from ..model.speed import LazyPattern, once
from .base import Context

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "detect", "language"]

LANGUAGES: Final = ("cs", "de", "en", "es", "fr", "pl")
"""The languages that can be detected or configured (ISO 639-1 codes)."""

LANGUAGE_NAMES: Final = {
    "cs": "Czech typography",
    "de": "German typography",
    "en": "English typography",
    "es": "Spanish typography",
    "fr": "French typography",
    "pl": "Polish typography",
    "": "the typography of no language",
}
"""How messages name each language's typography ("" for an unknown language)."""

# Function words frequent in news text and rare in the other five languages.
_STOPWORDS: Final = {
    "en": "the and of to is that for it with was on are be by this have from at were has",
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch wird",
    "fr": "le les et des est une du que dans pour qui pas sur au avec il sont aux ont été",
    "es": "el los las y que del en una es por con para se al lo como más pero su fue",
    "pl": "i w nie na się że do jest jak ale po co tak za od przez są może już oraz",
    "cs": "a v se na je že to s z do jako ale by pro jsou už tak při podle které byl",
}
_SAMPLE: Final = 4000
"""How many characters of the text are read."""
_MINIMUM: Final = 8
"""How many function words the winner needs."""
_WORD: Final = LazyPattern(r"[^\W\d_]+")


@once
def _table() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it belongs to."""
    table: dict[str, tuple[str, ...]] = {}
    for code, words in _STOPWORDS.items():
        for word in words.split():
            table[word] = (*table.get(word, ()), code)
    return table


def detect(text: str) -> str | None:
    """The language of ``text`` (one of :data:`LANGUAGES`), or None when unsure."""
    table = _table()
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text[:_SAMPLE].lower()):
        for code in table.get(word, ()):
            counts[code] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, most), (_, second) = ranked[0], ranked[1]
    if most < _MINIMUM or most < 1.5 * second:
        return None
    return best


def language(ctx: Context) -> str | None:
    """The language of the context's text: configured, or detected once per file."""
    if "language" not in ctx.cache:
        configured = ctx.language
        ctx.cache["language"] = configured if configured is not None else detect(ctx.text)
    found = ctx.cache["language"]
    return found if isinstance(found, str) else None
