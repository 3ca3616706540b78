"""newsdoc.validate: the library API of the validator."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import dump_texts, invalid_dump_texts
from tests.conftest import SEED

WITH_QUOTES = newsdoc.Config.from_mapping({"extend-select": ["ND207"]})
"""The defaults and the opt-in ND207 (mixed quotes), which the sample trips."""


def _summary(found: list[newsdoc.Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in found]


def test_sample_gives_exactly_its_three_true_warnings() -> None:
    """The sample: no error; the straight apostrophe, the trailing space, the extra blank lines.

    (The apostrophe is ND207's, an opt-in rule: selected here.)
    """
    found = newsdoc.validate(SEED.read_bytes(), WITH_QUOTES)
    assert _summary(found) == [
        (
            "ND207",
            15,
            95,
            "the file mixes quote styles (9 curly, 1 straight; it mostly uses curly quotes): this "
            "straight apostrophe (') is the only straight one",
        ),
        ("ND101", 23, 110, "trailing whitespace: a space after the text"),
        ("ND109", 24, 1, "3 blank lines after the headline list"),
    ]
    assert all(d.severity == "warning" for d in found)
    apostrophe = found[0]
    assert apostrophe.source_line.endswith("Beyond Ukraine's")
    assert apostrophe.source_line[apostrophe.column - 1] == "'"
    assert apostrophe.fix is not None and apostrophe.fix.applicability == "unsafe"
    fixed = apostrophe.fix.apply(SEED.read_text(encoding="utf-8"))
    assert "Beyond Ukraine’s\n" in fixed


def test_sample_safe_fixes_give_the_canonical_form() -> None:
    """Applying the sample's two safe fixes gives exactly its canonical form."""
    text = SEED.read_text(encoding="utf-8")
    for diagnostic in reversed(newsdoc.validate(text, WITH_QUOTES)):
        if diagnostic.fix is not None and diagnostic.fix.applicability == "safe":
            text = diagnostic.fix.apply(text)
    assert text == newsdoc.dumps(newsdoc.loads(text), canonical=True)
    assert [d.code for d in newsdoc.validate(text, WITH_QUOTES)] == ["ND207"]
    assert newsdoc.validate(text) == []


def test_accepts_str_bytes_and_documents() -> None:
    """str, bytes, bytearray, memoryview and a NewsDump (checked as its exact text) agree."""
    data = SEED.read_bytes()
    expected = newsdoc.validate(data)
    assert newsdoc.validate(data.decode("utf-8")) == expected
    assert newsdoc.validate(bytearray(data)) == expected
    assert newsdoc.validate(memoryview(data)) == expected
    assert newsdoc.validate(newsdoc.loads(data)) == expected
    assert newsdoc.validate(newsdoc.NewsDump.from_texts(["Body."], ["Head"])) == []
    with pytest.raises(TypeError, match="expected str, bytes or NewsDump, not int"):
        newsdoc.validate(3)  # type: ignore[arg-type]


def test_structure_errors_come_with_the_other_rules() -> None:
    """A broken file still gets every rule, and every parser error, in one call."""
    found = newsdoc.validate(b"Caf\xe9 owners protest\x00.\nHeadline Without Separator \n")
    assert _summary(found) == [
        (
            "ND001",
            1,
            4,
            "invalid UTF-8: byte 0xE9 at byte offset 3 cannot be decoded; the file looks like Latin-1 or Windows-1252",
        ),
        ("ND002", 1, 20, "control character U+0000 (NUL) is not allowed"),
        ("ND101", 2, 27, "trailing whitespace: a space after the text"),
        ("ND004", 2, 28, "the body is not followed by a blank line and a headline list"),
    ]
    assert [d.severity for d in found] == ["error", "error", "warning", "error"]


def test_empty_input() -> None:
    """An empty input is one error at 1:1, with an empty range."""
    (found,) = newsdoc.validate("")
    assert (found.code, found.line, found.column, found.end_line, found.end_column) == (
        "ND003",
        1,
        1,
        1,
        1,
    )


def test_diagnostic_is_a_frozen_value() -> None:
    """A Diagnostic is frozen, compares by value (position included), and prints its position."""
    first = newsdoc.validate("Body.\n\n\nHead \n")[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.line = 2  # type: ignore[misc]
    assert first == newsdoc.validate("Body.\n\n\nHead \n")[0]
    assert first != newsdoc.validate("Body.\n\n\nHead \nMore \n")[1]
    assert str(first) == "ND101 trailing whitespace: a space after the text (at line 4, column 5)"
    assert first.name == "trailing-whitespace"
    assert first.fix is not None
    (edit,) = first.fix.edits
    assert (edit.start, edit.end, edit.content) == (12, 13, "")
    assert (edit.line, edit.column, edit.end_line, edit.end_column) == (4, 5, 4, 6)


def test_fix_apply_refuses_overlapping_edits() -> None:
    """Fix.apply applies sorted, non-overlapping edits, and refuses overlapping ones."""
    edit = newsdoc.Edit(0, 2, "X", line=1, column=1, end_line=1, end_column=3)
    other = newsdoc.Edit(1, 3, "Y", line=1, column=2, end_line=1, end_column=4)
    assert newsdoc.Fix((edit,), "safe", "m").apply("abcd") == "Xcd"
    with pytest.raises(ValueError, match="overlapping edits"):
        newsdoc.Fix((edit, other), "safe", "m").apply("abcd")


def test_config_selects_ignores_and_sets_severity() -> None:
    """The config chooses the rules and their severity; structure errors stay."""
    text = "Body \n\n\nHead.\n\nMore\n"
    everything = {d.code for d in newsdoc.validate(text)}
    assert everything == {"ND101", "ND006"}
    opted = newsdoc.Config.from_mapping({"extend-select": ["ND205", "ND204"]})
    assert {d.code for d in newsdoc.validate(text, opted)} == everything | {"ND205", "ND204"}
    only = newsdoc.Config.from_mapping({"select": ["ND1", "ND204"], "ignore": ["ND101"]})
    assert {d.code for d in newsdoc.validate(text, only)} == {"ND204", "ND006"}
    severe = newsdoc.Config.from_mapping(
        {"extend-select": ["ND204"], "rules": {"ND204": {"severity": "error"}}}
    )
    assert {d.code: d.severity for d in newsdoc.validate(text, severe)}["ND204"] == "error"


def test_rule_options() -> None:
    """Options change what the content rules report."""
    long = "Body.\n\n\n" + "A" * 20 + "\n"
    assert newsdoc.validate(long) == []
    config = newsdoc.Config.from_mapping({"rules": {"headline-too-long": {"max-length": 10}}})
    (found,) = newsdoc.validate(long, config)
    assert (found.code, found.column, found.end_column) == ("ND203", 11, 21)


@given(dump_texts())
def test_valid_dumps_never_get_errors(text: str) -> None:
    """A valid dump gets no error unless its text is damaged (mojibake, U+FFFD, bidi, markup)."""
    found = newsdoc.validate(text)
    errors = {d.code for d in found if d.severity == "error"}
    assert errors <= {"ND209", "ND210", "ND214", "ND222"}
    assert found == sorted(found, key=lambda d: (d.line, d.column, d.code))


@given(dump_texts())
def test_safe_fixes_never_change_the_texts(text: str) -> None:
    """Each safe fix alone keeps the dump valid and its texts (paragraphs, headlines) equal."""
    document = newsdoc.loads(text)
    for diagnostic in newsdoc.validate(text):
        if diagnostic.fix is not None and diagnostic.fix.applicability == "safe":
            assert newsdoc.loads(diagnostic.fix.apply(text)) == document, diagnostic


@given(
    st.one_of(
        st.binary(max_size=200), st.text(max_size=200), invalid_dump_texts().map(lambda c: c[0])
    )
)
def test_never_raises_and_positions_are_in_the_text(data: bytes | str) -> None:
    """Any input gives sorted diagnostics whose ranges lie within the text."""
    found = newsdoc.validate(data)
    text = data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    for d in found:
        assert 1 <= d.line <= len(lines) + 1
        assert (d.end_line, d.end_column) >= (d.line, d.column)
        if d.line <= len(lines):
            assert d.column <= len(lines[d.line - 1]) + 1
            assert d.source_line == lines[d.line - 1].removesuffix("\r")
        for edit in d.fix.edits if d.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text)
    assert found == sorted(found, key=lambda d: (d.line, d.column, d.code))
    if isinstance(data, str):
        parse_codes = [e.code for e in newsdoc.parse(data).errors]
        assert [d.code for d in found if d.code < "ND100"] == parse_codes


@given(dump_texts())
def test_bytes_and_text_agree(text: str) -> None:
    """Validating the UTF-8 bytes gives the same diagnostics as validating the text."""
    assert newsdoc.validate(text.encode("utf-8")) == newsdoc.validate(text)


_NOISE = st.sampled_from(
    list(" \t\r\n\n\n'\"‘’“”„«»()[]{}.\u00a0\u200b\u202e\u2028\u0085\ufeff\ufffdÃ©â€™\x00\x92")
)


@st.composite
def _mutated_sample(draw: st.DrawFn) -> str:
    text = SEED.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.text(_NOISE, max_size=4)) + text[at + cut :]
    return text


@given(_mutated_sample())
def test_mutated_samples(text: str) -> None:
    """Mutated real text: no exception, every fix applies, safe fixes keep a valid dump's texts."""
    found = newsdoc.validate(text)
    assert found == sorted(found, key=lambda d: (d.line, d.column, d.code))
    before = newsdoc.parse(text)
    for diagnostic in found:
        if diagnostic.fix is None:
            continue
        fixed = diagnostic.fix.apply(text)
        if diagnostic.fix.applicability == "safe" and before.ok:
            assert newsdoc.parse(fixed).document == before.document, diagnostic
