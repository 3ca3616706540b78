"""The validator's speed tricks agree with the plain way of doing the same.

- a position placed by counting line breaks (``Structure.position``,
  ``span`` and ``line_start`` on a short text, before :meth:`Structure.starts`)
  is the one the list of line starts gives;
- ND220's lower-case filter of the navigation kind lets every ASCII item
  the kind's pattern matches through.
"""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

from newsdoc.rules import headlist
from newsdoc.rules.phrasebook import Phrasebook, default_phrasebook
from newsdoc.syntax import reader
from newsdoc.syntax.reader import Structure, read

_TEXTS = st.text(alphabet="ab \t\r\n\ufeff\u2028", max_size=60)


def _plain_position(structure: Structure, offset: int) -> tuple[int, int]:
    """The line and column of ``offset`` from the list of line starts (the plain way)."""
    starts = structure.starts()
    count = len(structure.lines)
    if offset >= starts[count] and structure.final_newline:
        return count + 1, 1
    index = max(i for i in range(count) if starts[i] <= offset)
    return index + 1, offset - starts[index] + 1


@given(_TEXTS, st.data())
def test_counted_positions_are_those_of_the_line_starts(text: str, data: st.DataObject) -> None:
    """position, span and line_start give, counted, what the list of line starts gives."""
    size = len(text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    index = data.draw(st.integers(0, len(read(text).lines)))
    counted = read(text)  # a fresh structure: no line starts listed yet
    got = (counted.position(start), counted.span(start, end), counted.line_start(index))
    assert counted._starts is None  # counted, not listed
    plain = read(text)
    starts = plain.starts()
    expected = (
        _plain_position(plain, start),
        (*_plain_position(plain, start), *_plain_position(plain, end)),
        starts[index],
    )
    assert got == expected


def test_a_long_text_or_many_positions_list_the_line_starts() -> None:
    """Past a size, or a number of positions asked, the line starts are listed (and agree)."""
    long = read("a\n" * (reader._COUNTED_SIZE // 2 + 1))
    assert long.position(5) == (3, 2)
    assert long._starts is not None
    short = read("ab\ncd\n")
    places = [short.position(offset) for offset in range(reader._COUNTED + 2)]
    assert short._starts is not None
    assert places == [_plain_position(read("ab\ncd\n"), offset) for offset in range(10)]


def _navigation_samples() -> list[str]:
    """A text each shipped `navigation` phrase matches: its wildcards filled in."""
    samples = []
    for phrase in default_phrasebook().phrases("navigation"):
        text = phrase.rstrip("$").replace("\\", "").replace("*", "x y")
        text = text.replace("{name}", "Jane Doe").replace("{number}", "12")
        samples.append(text)
    return samples


@given(st.sampled_from(_navigation_samples()), st.randoms(use_true_random=False), st.text())
def test_the_ascii_filter_lets_every_navigation_item_through(
    sample: str, random: Random, tail: str
) -> None:
    """ND220's lower-case filter matches every ASCII item the navigation pattern matches."""
    book = default_phrasebook()
    cheap = headlist._ascii_filter(book)
    assert cheap is not None
    for text in (sample, sample + tail, "".join(random.choice((c.upper(), c)) for c in sample)):
        if text.isascii() and book.match("navigation", text):
            assert cheap(text.lower())


def test_the_ascii_filter_is_not_used_for_letters_of_another_case() -> None:
    """A navigation phrase with "ſ", "ı" or "İ" (matching an ASCII letter in another case) turns it off."""
    assert headlist._ascii_filter(Phrasebook({"navigation": ["Subſcribe now"]})) is None
    assert headlist._ascii_filter(Phrasebook({"navigation": ["Subscribe now"]})) is not None
