"""The validator's speed tricks agree with the plain way of doing the same.

- a position placed by counting line breaks (``Structure.position``,
  ``span`` and ``line_start`` on a short text, before :meth:`Structure.starts`)
  is the one the list of line starts gives;
- the words of a line shared through ``Context.words`` are ``str.split``'s.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdoc.rules.base import Context
from newsdoc.rules.engine import default_settings
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


@given(st.text(alphabet="ab \t\xa0\u2003\n", max_size=40))
def test_shared_words_are_those_of_split(text: str) -> None:
    """Context.words gives each line's stripped text split at whitespace, the same list each time."""
    structure = read(text)
    context = Context(text, structure, default_settings())
    for index, line in enumerate(structure.stripped):
        words = context.words(index)
        assert words == line.split()
        assert context.words(index) is words
