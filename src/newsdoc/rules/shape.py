"""Shape rules (ND221, ND225): text cut off, and dumps that are not articles.

ND221 reads the end of each line only (its last word, an ellipsis); ND225
reads the body's lines' lengths and ends once per file.  The words a line
does not end with are data (``rules/data/dangling.txt``, by language), read
the first time a rule needs them.

ND221's speed tricks (docs/architecture.md, "Speed tricks") keep the plain
way callable (:func:`_plain_truncated_text`), and ``tests/test_speed_shape.py``
checks that both find the same: a headline is read closely only when its last
word is one of the "never" words or it ends in an ellipsis, and a word is
looked for in a text with only its ASCII letters lowered when the word is
ASCII (:func:`_lowered`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from ..model.chars import CYRILLIC_LETTERS, GREEK_LETTERS, LATIN_LETTERS, UNSPACED, charset
from ..model.speed import LazyPattern, once
from .base import Context, Option, rule
from .examples import GOOD, HEADS, dump
from .headlines import CLOSERS, SENTENCE_END

__all__ = ["not_an_article", "truncated_text", "word_count"]

DATA: Final = Path(__file__).with_name("data")
_ELLIPSES: Final = ("...", "…")
_PUNCTUATION: Final = ".!?…:;,"
_SENTENCE_STOPS: Final = ".!?。！？"
_ENDS_WELL: Final = frozenset(_PUNCTUATION + CLOSERS + "0123456789")
"""Last characters of lines that need no closer look (unless an ellipsis ends them)."""
_NOT_A_WORD_START: Final = frozenset("#@./-_")
"""What a word cut in the middle is never preceded by (hashtags, handles, addresses)."""
_WORD_EDGES: Final = "\"'“”‘’«»()[]{}*_"
_UNSPACED: Final = LazyPattern(f"[{UNSPACED}]")


@once
def _alphabetic() -> frozenset[str]:
    """The letters of the scripts whose words ND221 reads for a cut (Latin, Cyrillic, Greek)."""
    return charset(LATIN_LETTERS + CYRILLIC_LETTERS + GREEK_LETTERS)


@once
def dangling_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words no line ends with ("never"), and those that end none before an ellipsis ("weak").

    Read from ``data/dangling.txt``: sections ``[LANGUAGE.never]`` and
    ``[LANGUAGE.weak]``, words separated by whitespace, ``#`` comments.
    """
    never: set[str] = set()
    weak: set[str] = set()
    kind: set[str] | None = None
    for raw in (DATA / "dangling.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            kind = never if line.endswith(".never]") else weak
            continue
        assert kind is not None, "dangling.txt: words before the first section"
        kind.update(line.split())
    return frozenset(never), frozenset(weak - never)


def _last_word(text: str) -> str:
    """The last word of a line, without ellipsis, quotes or brackets around it."""
    trimmed = text.rstrip(CLOSERS).rstrip(".…").rstrip(CLOSERS)
    cut = max(trimmed.rfind(" "), trimmed.rfind("\t"))
    return trimmed[cut + 1 :].strip(_WORD_EDGES)


def _is_one_of(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is in ``words``, ignoring case (a one-letter word must be lower case)."""
    if len(word) == 1:
        return word in words
    return word.lower() in words


def _ellipsis(text: str) -> bool:
    """Whether a line ends in an ellipsis (``...`` or ``…``).

    Not one before a closing quote or bracket (``"a start, but..."``, ``(of
    sorts...)``): a quotation or an aside trailing off is not cut text.
    """
    return text.endswith(_ELLIPSES)


def _cut_off(text: str, last: bool, weak: frozenset[str], never: frozenset[str]) -> bool:
    """Whether a paragraph that ends in an ellipsis shows that it was cut off.

    It does when the ellipsis ends the article, has four dots, follows a full
    sentence (``Know."...``) or a word that cannot end one (``you need to...``).
    """
    if last or text.endswith("...."):
        return True
    stem = text.rstrip(CLOSERS)
    stem = stem[:-3] if stem.endswith("...") else stem[:-1]
    stem = stem.rstrip(CLOSERS + " ")
    if stem[-1:] in ".!?":
        return True
    word = _last_word(stem)
    return _is_one_of(word, never) or _is_one_of(word, weak)


def _lowered(ctx: Context, ascii_word: bool) -> str:
    """The file's text lower-cased, to look for a word in (made once per file).

    For an ASCII word, the text with only its ASCII letters lowered (through
    its UTF-8 bytes) is enough, at about half the cost of ``str.lower`` when
    the text is not all ASCII (curly quotes): it holds the word at the same
    places, with letters and digits at the same places around it, unless it
    holds İ or the Kelvin sign, the only characters ``str.lower`` turns into
    ASCII letters (or into two characters); ``tests/test_speed_shape.py``
    checks these facts on every code point.
    """
    cache = ctx.cache
    if ascii_word:
        folded = cache.get("ascii-lowered")
        if not isinstance(folded, str):
            text = ctx.text
            if "\u0130" in text or "\u212a" in text:
                folded = _lowered(ctx, False)
            else:
                raw = text.encode("utf-8", "surrogatepass").lower()
                folded = raw.decode("utf-8", "surrogatepass")
            cache["ascii-lowered"] = folded
        return folded
    lowered = cache.get("lowered")
    if not isinstance(lowered, str):
        lowered = cache["lowered"] = ctx.text.lower()
    return lowered


def _fragment(ctx: Context, line: str, plain: bool = False) -> str | None:
    """The last word of ``line`` if it is a word cut in the middle, else None.

    Without a dictionary, the file is the lexicon: the word is cut when it
    occurs nowhere else in the file on its own, and a longer word of the file
    starts with it (``termin``, and ``terminal`` elsewhere). Hashtags, handles,
    addresses, words with digits and words in capitals (``APP``) are not read;
    nor are scripts whose words grow by suffixes written together (Korean,
    Japanese): only Latin, Cyrillic and Greek words are.
    """
    cut = line.rfind(" ")
    word = line[cut + 1 :]
    if cut < 0 or len(word) < 2 or word[1:] != word[1:].lower():
        return None
    if not (word.isalpha() if word.isascii() and not plain else _alphabetic().issuperset(word)):
        return None  # (the ASCII letters of the three scripts are A-Z and a-z)
    key = word.lower()
    lowered = _lowered(ctx, key.isascii() and not plain)
    size = len(key)
    alone = 0
    longer = False
    at = lowered.find(key)
    while at >= 0:
        before = lowered[at - 1 : at] if at else ""
        if not (before.isalnum() or before in _NOT_A_WORD_START):
            after = lowered[at + size : at + size + 2]
            if len(after) == 2 and after.isalnum():
                longer = True
            elif not (after[:1].isalnum() or after[:1] == "_"):
                alone += 1
                if alone > 1:
                    return None
        at = lowered.find(key, at + 1)
    return word if longer else None


def _ending(
    ctx: Context,
    index: int,
    last: int,
    headlines: bool,
    words: tuple[frozenset[str], ...],
    plain: bool = False,
) -> str | None:
    """What is wrong with the end of line ``index`` (the message), or None.

    (``plain``: look for a word cut in the middle in the text lowered whole.)
    """
    never, weak = words
    text = ctx.stripped[index]
    end = text[-1]
    if end in CLOSERS or end in ".…":
        if not _ellipsis(text):
            return None
        if headlines:
            return "headline ends in an ellipsis: the page or the scraper shortened it (a teaser?)"
        if _cut_off(text, index == last, weak, never):
            return "paragraph ends in an ellipsis: cut off (a teaser or a paywall?)"
        return (
            "paragraph ends in an ellipsis: cut off, or a prompt or teaser of the page "
            "('Tell us what you think...')"
        )
    if end in _PUNCTUATION or not end.isalpha():
        return None
    word = text.rsplit(None, 1)[-1].lstrip(_WORD_EDGES)  # (it ends in a letter)
    if _is_one_of(word, never) and len(text.split(None, 3)) >= 3:
        if headlines:
            return f"headline ends in {word!r}: cut off mid-sentence"
        if index < last and ctx.stripped[index + 1][:1].islower():
            return (
                f"paragraph ends in {word!r} and the sentence goes on in the next line: "
                "a line break inside a paragraph"
            )
        return (
            f"paragraph ends in {word!r}: cut off mid-sentence, or a line break inside a paragraph"
        )
    if headlines or len(text.split(None, 4)) < 4:
        return None
    fragment = _fragment(ctx, text, plain)
    if fragment is None:
        return None
    return (
        f"paragraph ends in {fragment!r}, the start of a longer word of this file and no "
        "word on its own: cut off mid-word"
    )


@rule(
    code="ND221",
    name="truncated-text",
    severity="warning",
    fix=None,
    bad=dump(
        heads="Council Approves Budget After Long Debate Over the…\nVote Splits Along Party Lines\n"
    ),
    good=GOOD,
)
def truncated_text(ctx: Context) -> None:
    """A headline or paragraph that was cut off: it ends in an ellipsis, mid-sentence or mid-word.

    Pages shorten headlines in lists and teasers to fit a box (`Beijing warns US
    diplomat over Hong Kong rights bill...`, `students trapped in vi...`), paywalls cut
    articles (`may receive further discipline....`), and scrapers cut lines at a fixed
    length; the text that is left is not the headline or paragraph the page meant.
    Reported: a headline that ends in `...` or `…`; a line that ends in a word no
    sentence ends with (`and`, `the`, `with`; German `und`, `der`; French `et`, `les`;
    see `rules/data/dangling.txt`), which is cut text or a paragraph broken across lines;
    a paragraph that ends in an ellipsis; and a paragraph whose last word occurs nowhere
    else in the file on its own while a longer word of the file starts with it
    (`...iOS 12 or late` beside `later`): a word cut in the middle, the file being the
    dictionary.

    Not reported: an ellipsis before a closing quote or bracket (`"a start, but..."`):
    the quotation trails off. On the 131 real dumps of the shared corpus, 11 paragraphs
    end in an ellipsis: 7 are cut text (the article's last line, a teaser), 3 are prompts
    or widget titles the scraper kept (`Tell us what YOU think...`, `You may also
    like...`, labelled page furniture in the corpus), and 1 introduces a quotation on
    the next line (`Google confirmed this in a statement…`), the rule's false alarm; no
    paragraph ends in an ellipsis inside a quotation. A paragraph that opens a quotation
    and ends in an ellipsis without closing it is reported: news paragraphs are often
    quotations, and a cut one ends so. The message says which: "cut off"
    when the ellipsis ends the article, has four dots, follows a full sentence or a word
    such as `to`; "cut off, or a prompt or teaser of the page" otherwise. A word cut in
    the middle that the file does not show whole (`...a cup of cucu`) is not found.

    Measured on the 131 real dumps of the shared corpus: 60 findings in 29 files, 57
    judged right (cut headlines and teasers, paywalled last paragraphs, prompts,
    paragraphs broken across lines, a word cut in the middle; 10 of the headlines end in
    a teaser's `…` mark after a whole headline), 3 false (two headlines whose ellipsis is
    meant, `And the Grammy nomination could go to...`, and the quotation above).
    """
    runs = ctx.runs
    if not runs:
        return
    words = dangling_words()
    stripped = ctx.stripped
    first, last = runs[0]
    for index in range(first, last + 1):
        text = stripped[index]
        if text[-1] in _ENDS_WELL and not text.endswith(_ELLIPSES):
            continue  # (most lines: a full stop, a quote, a question...)
        _report(ctx, index, _ending(ctx, index, last, False, words))
    if len(runs) < 2:
        return
    never = words[0]
    first, last = runs[1]
    for index in range(first, last + 1):
        # A headline is reported only when it ends in an ellipsis or in a "never" word:
        # its last word, lower-cased, must be one (the one-letter words are lower case).
        text = stripped[index]
        if text.endswith(_ELLIPSES) or (
            text[-1].isalpha() and text.rsplit(None, 1)[-1].lstrip(_WORD_EDGES).lower() in never
        ):
            _report(ctx, index, _ending(ctx, index, last, True, words))


def _plain_truncated_text(ctx: Context) -> None:
    """ND221 the plain way: each line's end read, words looked for in the text lowered whole.

    (The reference of ``tests/test_speed_shape.py``.)
    """
    words = dangling_words()
    for number, (first, last) in enumerate(ctx.runs[:2]):
        for index in range(first, last + 1):
            _report(ctx, index, _ending(ctx, index, last, number == 1, words, plain=True))


def _report(ctx: Context, index: int, message: str | None) -> None:
    """Report line ``index``'s text with ``message``, if there is one."""
    if message is not None:
        start = ctx.text_start(index)
        ctx.report(start, start + len(ctx.stripped[index]), message)


def word_count(text: str, limit: int) -> int:
    """How many words a line has, up to ``limit + 1``.

    A line in a script written without spaces (Japanese, Chinese, Thai)
    counts one word for two characters.
    """
    count = len(text.split(None, limit))
    if not text.isascii() and _UNSPACED.search(text):
        count = max(count, len(text) // 2)
    return count


def _sentence_like(text: str, min_words: int) -> bool:
    """Whether a line reads as prose.

    It does with at least ``min_words`` words and a sentence end inside or at
    its end, or with three words or more ending in a full stop, question or
    exclamation mark (a short sentence: menus, shop items and page chrome do
    not end in one).
    """
    count = len(text.split(None, min_words))
    if count <= min_words or count < 3:  # (else enough words, however the script counts them)
        count = word_count(text, min_words)
    if count < 3:
        return False
    stem = text.rstrip(CLOSERS)
    if stem[-1:] in _SENTENCE_STOPS and not stem.endswith(_ELLIPSES):
        return True
    if count < min_words:
        return False
    if stem[-1:] in SENTENCE_END:
        return True
    return any(f"{mark} " in text for mark in ".!?") or "。" in stem


@rule(
    code="ND225",
    name="not-an-article",
    severity="warning",
    fix=None,
    options=(
        Option("min-words", 8, "a line of fewer words is never prose"),
        Option("short-words", 4, "a line of at most this many words is short"),
        Option("min-lines", 3, "bodies of fewer lines are not reported"),
    ),
    bad=dump("Home\nShop\nCart (0)\nSize: M\nAdd to basket\nPrice: $19.99\n", HEADS),
    good=GOOD,
)
def not_an_article(ctx: Context) -> None:
    """A dump whose body is probably not an article: no line of prose, mostly short lines.

    An article has sentences. A body in which no line of at least `min-words` words
    ends in sentence punctuation or holds a sentence end, no line of three words or
    more ends in a full stop, question or exclamation mark, and at least half of whose
    lines have at most `short-words` words, is a page of another kind: a shop page, a
    menu, a wiki's chrome, a list of links. It is
    reported once, at the first line, so that a whole file can be dropped or sent back.
    Bodies of fewer than `min-lines` lines are not reported (examples and tests are
    often that small).
    On the 131 real article pages of the shared corpus the rule reports nothing (a race
    calendar and a hard-wrapped article, its nearest pages, each have a line of prose).
    """
    if not ctx.runs:
        return
    first, last = ctx.runs[0]
    body = ctx.stripped[first : last + 1]
    if len(body) < ctx.option("min-lines"):
        return
    min_words = ctx.option("min-words")
    if any(_sentence_like(text, min_words) for text in body):
        return
    limit = ctx.option("short-words")
    short = sum(word_count(text, limit) <= limit for text in body)
    if short * 2 < len(body):
        return
    start = ctx.text_start(first)
    ctx.report(
        start,
        start + len(body[0]),
        f"probably not an article: no line of the body reads as prose, and {short} of its "
        f"{len(body)} lines are short (a shop, menu or wiki page, an error page?)",
    )
