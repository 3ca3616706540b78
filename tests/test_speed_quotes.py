"""ND208's and the furniture pass's speed tricks agree with the plain way.

- ND208 passes over a line whose brackets and quotes are only simple pairs
  (``quotes._PAIRED``): :func:`quotes.unbalanced`, the plain way, finds
  nothing in any such line, whatever the next line is;
- the furniture pass (``furniture_scan.furniture``) tests the whole text for
  the letters that ``str.lower`` writes apart, and a tweet's marks one
  character first: it finds what the pass that tests each line finds.
"""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdoc.model.chars import CASE_FOLDED_APART
from newsdoc.rules import engine, furniture_scan, quotes
from newsdoc.rules.base import Context
from newsdoc.rules.furniture_scan import KINDS, MAX_CHARS, SHORT_CHARS, Found
from newsdoc.syntax.reader import read

# Brackets, quotes, what the exceptions look at (emoticons, digits, list
# markers, edges), letters and digits of other scripts (², ٣, é).
_DELIMITED = st.text(alphabet='()[]{}«»"“”„:;=-1a ²٣é.\t', max_size=24)


@given(_DELIMITED, st.sampled_from([None, "", '"x', "“x", "„x", "«x", "»x", "x"]))
@example('a "b" c', None)
@example("5 (a) “b” [c] {d}", "x")
@example(":(a)", None)
@example(";(a)", None)
@example("=(a)", None)
@example(":-(a)", None)
@example(";-(a)", None)
@example('6" long"', None)
@example('²"a"', None)
def test_a_line_of_simple_pairs_is_balanced(text: str, following: str | None) -> None:
    """Whatever the line that follows, unbalanced() finds nothing in a line _PAIRED matches."""
    if quotes._PAIRED.fullmatch(text):
        assert quotes.unbalanced(text, following) == []


def test_every_digit_is_a_word_character() -> None:
    r"""_PAIRED's "not after a digit" rests on str.isdigit's characters all being \w."""
    word = re.compile(r"\w")
    digits = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isdigit()]
    assert digits and all(word.match(char) for char in digits)


def test_common_lines_are_told_at_once() -> None:
    """The trick is worth having: the usual lines of a paragraph are passed over."""
    for text in ('He said "yes" (twice) on [Monday].', "“We won,” she said.", "Ages 5 (and up)"):
        assert quotes._PAIRED.fullmatch(text)
    for text in ("(a", 'a 34" screen', "a :(", "“a (b)”", "«a»"):
        assert not quotes._PAIRED.fullmatch(text)


# --- the furniture pass -------------------------------------------------------------


def _plain_furniture(ctx: Context) -> Found:
    """The pass as it was before its speed tricks: each line tested on its own."""
    found: Found = {}
    first, last = ctx.runs[0]
    phrases = ctx.phrases
    for index in range(first, last + 1):
        text = ctx.stripped[index]
        size = len(text)
        if "pic.twitter.com/" in text or ("(@" in text and furniture_scan._TWEET.search(text)):
            found[index] = ("tweet", "")
            continue
        if size > MAX_CHARS:
            continue
        short = size <= SHORT_CHARS
        hit = None
        union = phrases.union(KINDS, starting=not short)
        if union.match(text.lower()) or not (text.isascii() or CASE_FOLDED_APART.isdisjoint(text)):
            hit = phrases.classify(KINDS, text, starting=not short)
        if hit is not None:
            found[index] = (hit[0], hit[1].group())
        elif text[-1] in "]|" and (tag := furniture_scan._tag(phrases, text)):
            found[index] = ("related", tag)
        elif text[-1] in ")]." and ("(" in text or "[" in text):
            if furniture_scan._bracketed_credit(phrases).search(text):
                found[index] = ("caption", "")
        elif (
            size <= SHORT_CHARS
            and "." in text
            and furniture_scan._trailing_credit(phrases).search(text)
        ):
            found[index] = ("caption", "")
        elif (
            "©" in text[1:]
            and furniture_scan.few_words(text, 25)
            and furniture_scan._COPYRIGHT.search(text, 1)
        ):
            found[index] = ("copyright", "")
    return found


_PIECES = [
    "Related: Council delays vote",
    "SİGN UP FOR OUR NEWSLETTER",
    "sıgn up for our newsletter",
    "Sign up for our newsletter",
    "The mayor said the vote was final.",
    "Big win pic.twitter.com/AbC123 — Jane Doe (@janedoe) January 5, 2020",
    "— Jane Doe (@janedoe) January 5, 2020",
    "a/b @ c",
    "Fans queue at the gate. (AP Photo/Jane Doe)",
    "Fans queue at the gate. Photograph: Jane Doe/Reuters",
    "Photos © Inexhibit, 2018",
    "Watch the match [VIDEO]",
    "ſhare this article",
    "\u212a\u212b",
    "x" * 130,
    "y" * 310,
]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6), st.sampled_from(["", "İ", "é"]))
def test_the_furniture_pass_finds_what_the_plain_pass_finds(lines: list[str], head: str) -> None:
    """The same kinds on the same lines, whichever letters the text holds and where."""
    text = "\n".join(lines) + "\n\n\n" + f"A headline{head}\n"
    ctx = Context(text, read(text), engine.default_settings())
    assert furniture_scan.furniture(ctx) == _plain_furniture(ctx)
