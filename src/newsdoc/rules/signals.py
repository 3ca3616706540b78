"""Quality signals of a dump's body: the numbers published web-text filters decide on.

:func:`signals` measures a body (its paragraphs, one per line) the way
Gopher, C4 and FineWeb measure a web page, so that a data team can filter a
converted corpus in DuckDB or pandas (``newsdoc convert --signals``), and the
opt-in rules ND304-ND306 (:mod:`.quality`) apply each filter's published
thresholds.  Only the body is measured: the headline list is a list of
short lines without full stops by design, and would trip every filter.

The signals (shares are between 0 and 1; an empty body gives zeros):

* ``lines``: body lines; ``words``: words (runs of non-space characters);
* ``mean_word_length``: their mean length in characters;
* ``alpha_words``: the share of words holding a letter (Gopher: >= 0.8);
* ``symbol_ratio``: ``#`` and ellipses per word (Gopher: <= 0.1);
* ``terminal_punctuation``: the share of lines ending in ``. ! ? …`` or a
  closing quote (before closing quotes and brackets; C4 keeps only such
  lines, FineWeb drops a page where at most 12% are);
* ``ellipsis_lines``: the share of lines ending in ``...`` or ``…``
  (Gopher: <= 0.3);
* ``bullet_lines``: the share of lines starting with a bullet (Gopher: <= 0.9);
* ``short_lines``: the share of lines under 30 characters (FineWeb: < 0.67);
* ``duplicate_lines``: the share of lines that repeat an earlier one
  (Gopher: <= 0.3), and ``duplicate_line_chars``: the share of characters in
  such lines (FineWeb: < 0.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..model.speed import LazyPattern
from .headlines import CLOSERS, SENTENCE_END

__all__ = ["NAMES", "SHORT_LINE", "signals"]

SHORT_LINE: Final = 30
"""Lines shorter than this many characters are short (FineWeb's threshold)."""
BULLETS: Final = "•‣◦⁃∙·*-–—▪►"
"""Characters that start a bulleted line."""
NAMES: Final = (
    "lines",
    "words",
    "mean_word_length",
    "alpha_words",
    "symbol_ratio",
    "terminal_punctuation",
    "ellipsis_lines",
    "bullet_lines",
    "short_lines",
    "duplicate_lines",
    "duplicate_line_chars",
)
"""The signals, in the order they are written."""
_TERMINAL: Final = SENTENCE_END + '"”’»'
_LETTER: Final = LazyPattern(r"[^\W\d_]")


def signals(paragraphs: Sequence[str]) -> dict[str, float]:
    """The quality signals of a body (see the module's documentation), by name."""
    lines = [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]
    count = len(lines)
    if not count:
        return {**dict.fromkeys(NAMES, 0.0), "lines": 0, "words": 0}
    words = " ".join(lines).split()
    letters = _LETTER.search
    word_count = len(words)
    seen: set[str] = set()
    duplicates = duplicate_chars = 0
    terminal = ellipsis = bullets = short = 0
    for line in lines:
        if line in seen:
            duplicates += 1
            duplicate_chars += len(line)
        seen.add(line)
        end = line.rstrip(CLOSERS) or line
        terminal += end.endswith(tuple(_TERMINAL)) or line[-1] in '"”’»'
        ellipsis += line.endswith(("...", "…"))
        bullets += line[0] in BULLETS
        short += len(line) < SHORT_LINE
    symbols = sum(word.count("#") + word.count("...") + word.count("…") for word in words)
    characters = sum(map(len, lines))
    return {
        "lines": count,
        "words": word_count,
        "mean_word_length": sum(map(len, words)) / word_count if word_count else 0.0,
        "alpha_words": sum(1 for word in words if letters(word)) / word_count
        if word_count
        else 0.0,
        "symbol_ratio": symbols / word_count if word_count else 0.0,
        "terminal_punctuation": terminal / count,
        "ellipsis_lines": ellipsis / count,
        "bullet_lines": bullets / count,
        "short_lines": short / count,
        "duplicate_lines": duplicates / count,
        "duplicate_line_chars": duplicate_chars / characters if characters else 0.0,
    }
