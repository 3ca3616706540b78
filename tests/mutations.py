"""Mutated news dumps for the formatter and fixer properties.

A generated dump (``newsdoc.strategies.dump_texts``) or the real sample,
then a few mutations of the kinds scrapers produce: whitespace and line
breaks in odd places, quotes of the other style, invisible and look-alike
characters, mojibake, a final period, a line repeated.  Most results still
parse; some do not (a line break in a text, a NUL), which the properties
must handle too.
"""

from __future__ import annotations

from hypothesis import strategies as st

from newsdoc.strategies import dump_texts
from tests.conftest import SEED

SAMPLE = SEED.read_text(encoding="utf-8")

NOISE = [
    " ",
    "  ",
    "\t",
    " \t ",
    "\r\n",
    "\n",
    "\n\n",
    "\ufeff",
    "'",
    '"',
    "‘",
    "’",
    "“",
    "”",
    "\u00a0",
    "\u2009",
    "\u200b",
    "\u00ad",
    "\x92",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u0085",
    "Ã©",
    "â€™",
    "Ã¼ber",
    ".",
    "\ufffd",
    "\x00",
]
"""What a mutation inserts (``\\x00`` and some line breaks break the dump)."""


@st.composite
def mutated_dumps(draw: st.DrawFn) -> str:
    """A generated dump or the sample, with one to six mutations."""
    text = draw(st.one_of(dump_texts(), dump_texts(), st.just(SAMPLE)))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["insert", "insert", "insert", "delete", "repeat", "crlf"]))
        at = draw(st.integers(0, len(text)))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
        elif action == "repeat":  # a line written twice
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start : len(text) if end < 0 else end + 1]
            if line.endswith("\n"):
                text = text[:start] + line + text[start:]
        else:  # a line break turned into CRLF, or back
            newline = text.find("\n", at)
            if newline > 0 and text[newline - 1] == "\r":
                text = text[: newline - 1] + text[newline:]
            elif newline >= 0:
                text = text[:newline] + "\r" + text[newline:]
    return text
