"""The full format's source excerpt: its fast path for plain lines agrees with a walk per character."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from newsdoc.output.terminal import _WINDOW, _excerpt, _shown

# Plain letters, and every kind of character the excerpt shows differently:
# a tab, a no-break space, a zero-width space, a combining accent, a wide
# ideograph, a C1 control, a bidi override, a replacement character.
ALPHABET = "ab z’“”é\t\u00a0\u200b\u0301世\x85\u202e\ufffd"


def walk(line: str, column: int, end_column: int) -> tuple[str, int, int]:
    """The excerpt worked out one character at a time (the definition)."""
    start = max(0, min(column - 1, len(line)) - _WINDOW // 3)
    stop = min(len(line), start + _WINDOW)
    shown = ["…"] if start else []
    width = 1 if start else 0
    caret = caret_width = 0
    for index in range(start, stop):
        if index == column - 1:
            caret = width
        text, size = _shown(line[index])
        if column - 1 <= index < max(end_column - 1, column):
            caret_width += size
        shown.append(text)
        width += size
    if column - 1 >= stop:
        caret = width
    if stop < len(line):
        shown.append("…")
    return "".join(shown), caret, max(1, caret_width)


@given(
    st.one_of(st.text("abc xyz.,", max_size=300), st.text(ALPHABET, max_size=300), st.text()),
    st.data(),
)
@example("x" * 250, None)
@example("a\tb", None)
def test_excerpt_matches_the_walk(line: str, data: st.DataObject | None) -> None:
    """Windowing, ellipses, caret start and width are those of the per-character walk."""
    cases = [(1, 2), (len(line) + 1, len(line) + 2), (len(line) // 2 + 1, len(line))]
    if data is not None:
        column = data.draw(st.integers(1, len(line) + 2))
        cases.append((column, data.draw(st.integers(0, len(line) + 3))))
    for column, end_column in cases:
        assert _excerpt(line, column, end_column) == walk(line, column, end_column)


def test_special_characters_are_shown_as_stand_ins() -> None:
    """A line with a tab or an invisible character takes the per-character path."""
    assert _excerpt("a\tb\u200bc", 2, 3) == ("a→b�c", 1, 1)
    assert _excerpt("世界 x", 4, 5) == ("世界 x", 5, 1)


def test_common_plain_characters_are_plain() -> None:
    """Every character the quick pattern takes as plain is shown as itself, one column wide."""
    from newsdoc.output.terminal import _COMMON_PLAIN

    plain = [chr(code) for code in range(0x10000) if _COMMON_PLAIN.fullmatch(chr(code))]
    assert len(plain) == 95 + 94 + 24 + 47
    assert all(_shown(char) == (char, 1) for char in plain)
    assert not _COMMON_PLAIN.fullmatch("\t") and not _COMMON_PLAIN.fullmatch("\u00a0")
