"""The fixer (``newsdoc.fix``): passes to a fixed point, overlaps, refusals and its guarantees."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import newsdoc
from newsdoc.model.chars import INVISIBLE, UNUSUAL_SPACE, charset
from newsdoc.rules.engine import diagnose as diagnose_for_real
from newsdoc.rules.fixer import fix_text
from newsdoc.rules.scan import cp1252_for
from tests.conftest import SEED
from tests.mutations import mutated_dumps

LAYOUT = newsdoc.Config.from_mapping({"select": ["ND1"]})


def only(*codes: str) -> newsdoc.Config:
    """A configuration running only ``codes`` (ND214 stays on unless ignored by name)."""
    ignore = [] if "ND214" in codes else ["ND214"]
    return newsdoc.Config.from_mapping({"select": list(codes), "ignore": ignore})


KEEP_CRLF = newsdoc.Config.from_mapping({"ignore": ["ND104"]})


def _codes(diagnostics: tuple[newsdoc.Diagnostic, ...]) -> list[str]:
    return [d.code for d in diagnostics]


def test_sample_safe_fixes_give_its_canonical_form() -> None:
    """The sample's two safe fixes run; the unsafe quote fix waits for ``unsafe``.

    (The quote fix is ND207's, an opt-in rule: selected here.)
    """
    data = SEED.read_bytes()
    quotes = newsdoc.Config.from_mapping({"extend-select": ["ND207"]})
    result = newsdoc.fix(data, quotes)
    assert _codes(result.fixed) == ["ND101", "ND109"]
    assert _codes(result.remaining) == ["ND207"]
    assert result.text == newsdoc.dumps(newsdoc.loads(data), canonical=True)
    assert result.converged and result.changed and not result.refused
    assert newsdoc.fix(data).remaining == ()
    unsafe = newsdoc.fix(data, quotes, unsafe=True)
    assert _codes(unsafe.fixed) == ["ND101", "ND109", "ND207"]
    assert unsafe.remaining == ()
    assert "Beyond Ukraine’s\n" in unsafe.text


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    """Fixes whose edits overlap or touch are applied over several passes, to the canonical form."""
    text = "\ufeff \n  Body. \r\nMore.\n\n\n\n Head\r\n"
    result = newsdoc.fix(text)
    assert result.text == "Body.\nMore.\n\n\nHead\n"
    assert sorted(_codes(result.fixed)) == [
        "ND101",
        "ND102",
        "ND103",
        "ND103",
        "ND104",
        "ND106",
        "ND107",
        "ND108",
    ]


def test_crlf_wins_over_mixed_line_breaks() -> None:
    """With CRLF the majority, every break still becomes LF: ND104's fix is preferred to ND105's."""
    text = "A\r\nB\r\nC\n\r\n\r\nH\r\n"
    result = newsdoc.fix(text)
    assert result.text == "A\nB\nC\n\n\nH\n"
    assert _codes(result.fixed) == ["ND104"]
    # Without ND104, ND105 makes the breaks consistent the majority's way.
    crlf = newsdoc.Config.from_mapping({"ignore": ["ND104"]})
    assert newsdoc.fix(text, crlf).text == "A\r\nB\r\nC\r\n\r\n\r\nH\r\n"


@pytest.mark.parametrize(
    "text",
    ["Body \nno separator\n", "Body \n\n\n", "Body\x00 \n\nHead\n", ""],
)
def test_a_dump_that_does_not_parse_is_never_fixed(text: str | bytes) -> None:
    """Structure and encoding errors stop every fix: the text comes back as it was."""
    result = newsdoc.fix(text, unsafe=True)
    original = text.decode("utf-8", "surrogateescape") if isinstance(text, bytes) else text
    assert result.text == original
    assert result.fixed == () and not result.changed
    assert any(d.code < "ND100" for d in result.remaining)


def test_unsafe_fix_that_would_empty_a_line_is_refused() -> None:
    """Deleting invisible characters may not blank a line (a paragraph would vanish)."""
    text = "Body.\n\u200b\u200b\nMore.\n\n\nHead\n"
    result = newsdoc.fix(text, unsafe=True)
    assert result.text == "Body.\n\u200b\nMore.\n\n\nHead\n"
    assert _codes(result.fixed) == ["ND211"]
    (refused,) = result.refused
    assert (refused.code, refused.line, refused.column) == ("ND211", 2, 1)
    assert [d for d in result.remaining if d.code == "ND211"] == [refused]
    # A headline that is only a period keeps it: deleting it would leave no headline.
    periods = newsdoc.Config.from_mapping({"extend-select": ["ND204"]})
    alone = newsdoc.fix("Body.\n\n\n.\n", periods, unsafe=True)
    assert alone.text == "Body.\n\n\n.\n"
    assert _codes(alone.refused) == ["ND204"]


PROSE = (
    "The council approved the budget on Monday after a debate that lasted six hours.",
    "Officials said the new bridge would open to traffic next spring, two years late.",
    "“We are confident the bridge will be worth the wait,” the minister told reporters.",
)


def test_duplicate_deletions_remove_exactly_their_lines() -> None:
    """ND201 and ND202 delete later duplicates (adjacent ones too); short lines stay."""
    a, b, _ = PROSE
    text = f"B.\n{a}\nC.\n{a}\n{b}\n{b}\nB.\n\n\nHead\nhead\nOther\nHEAD"
    result = newsdoc.fix(text, unsafe=True)
    assert result.text == f"B.\n{a}\nC.\n{b}\nB.\n\n\nHead\nOther\n"
    assert sorted(_codes(result.fixed)) == ["ND110", "ND201", "ND201", "ND202", "ND202"]


def test_duplicate_teaser_is_the_copy_deleted() -> None:
    """A first paragraph repeated further on is a teaser: ND202 deletes it, not the later copy."""
    a, b, c = PROSE
    result = newsdoc.fix(f"{c}\n{a}\n{b}\n{c}\nThe end.\n\n\nHead\n", only("ND202"), unsafe=True)
    assert result.text == f"{a}\n{b}\n{c}\nThe end.\n\n\nHead\n"
    with_bom = newsdoc.fix(f"\ufeff{c}\n{a}\n{c}\n\n\nHead\n", only("ND202"), unsafe=True)
    assert with_bom.text == f"\ufeff{a}\n{c}\n\n\nHead\n"


def _with_extra(
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[str], newsdoc.Diagnostic | None],
) -> None:
    """Make the fixer's validation report one more problem, built by ``make`` from the text."""
    real = diagnose_for_real

    def diagnose(
        source: str | bytes, config: newsdoc.Config | None = None, *, every_finding: bool = False
    ) -> tuple[list[newsdoc.Diagnostic], newsdoc.ParseResult]:
        found, result = real(source, config, every_finding=every_finding)
        extra = make(source if isinstance(source, str) else source.decode())
        return (found if extra is None else [*found, extra]), result

    monkeypatch.setattr("newsdoc.rules.fixer.diagnose", diagnose)


def _diagnostic(code: str, edit: newsdoc.Edit, applicability: str) -> newsdoc.Diagnostic:
    fix = newsdoc.Fix((edit,), applicability, "do something")  # type: ignore[arg-type]
    return newsdoc.Diagnostic(code, "warning", "injected", 1, 1, 1, 2, fix)


def _edit(start: int, end: int, content: str) -> newsdoc.Edit:
    return newsdoc.Edit(start, end, content, line=1, column=1, end_line=1, end_column=1)


def test_a_safe_fix_that_changes_a_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'safe' fix that would change a text (a rule's bug) is refused; the others still run."""

    def bad(text: str) -> newsdoc.Diagnostic | None:
        at = text.find("Body")
        return None if at < 0 else _diagnostic("ND101", _edit(at, at + 4, "Bod"), "safe")

    _with_extra(monkeypatch, bad)
    result = newsdoc.fix("Body  \n\n\nHead\n")
    assert result.text == "Body\n\n\nHead\n"
    assert _codes(result.refused) == ["ND101"]
    assert result.refused[0].message == "injected"
    assert result.converged


def test_fixes_that_never_settle_stop_after_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix that keeps finding work (a rule's bug) stops after MAX_PASSES, flagged."""

    def toggle(text: str) -> newsdoc.Diagnostic:
        at = text.index("\n")
        content = "" if text[at - 1] == " " else " "
        start = at - 1 if content == "" else at
        return _diagnostic("ND101", _edit(start, at, content), "safe")

    _with_extra(monkeypatch, toggle)
    result = fix_text("Body\n\n\nHead\n", newsdoc.Config(), max_passes=7)
    assert not result.converged
    assert len(result.fixed) == 7
    assert result.text == "Body \n\n\nHead\n"


def test_keep_chooses_what_may_be_fixed() -> None:
    """``keep`` (the baseline's filter) leaves the problems it drops unfixed and reported."""
    text = "Body. \n\n\nHead \n"
    result = fix_text(text, newsdoc.Config(), keep=lambda found: [d for d in found if d.line != 1])
    assert result.text == "Body. \n\n\nHead\n"
    assert _codes(result.remaining) == ["ND101"]


def test_fix_rejects_other_types() -> None:
    """``fix`` takes text or bytes only."""
    with pytest.raises(TypeError, match="expected str or bytes, not int"):
        newsdoc.fix(3)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------


def _settled(result: newsdoc.FixResult, unsafe: bool) -> None:
    """Every remaining problem with a fix that may run is one whose fix was refused."""
    assert set(result.refused) <= set(result.remaining)
    for d in result.remaining:
        if d.fix is not None and (unsafe or d.fix.applicability == "safe"):
            assert d in result.refused, d


@given(mutated_dumps())
@example("Body.\n\u200b\u200b\nMore.\n\n\nHead\n")
@example("\ufeff\u00a0\ufeffBody\u00a0\n\n\n\u00a0.\n")
def test_safe_fixes_keep_the_content_and_give_the_canonical_form(text: str) -> None:
    """Safe fixes keep every text, settle, are idempotent, and give exactly the canonical form.

    A text that does not parse is left exactly as it was.
    """
    before = newsdoc.parse(text)
    result = newsdoc.fix(text)
    if not before.ok:
        assert result.text == text and not result.fixed
        return
    assert result.converged and not result.refused
    assert newsdoc.loads(result.text) == before.document
    assert result.text == newsdoc.dumps(before.document, canonical=True)
    assert newsdoc.fix(result.text, LAYOUT).text == result.text
    assert newsdoc.fix(text, LAYOUT).text == result.text
    assert newsdoc.fix(result.text).fixed == ()
    _settled(result, unsafe=False)
    # Without ND104, ND105 makes the line breaks consistent, whichever way.
    consistent = newsdoc.fix(text, KEEP_CRLF).text
    assert newsdoc.loads(consistent) == before.document
    assert consistent.count("\r\n") in (0, consistent.count("\n"))


@given(mutated_dumps())
def test_unsafe_fixes_settle_and_are_idempotent(text: str) -> None:
    """With unsafe fixes: the result parses, nothing fixable is left, and a second run changes nothing."""
    before = newsdoc.parse(text)
    result = newsdoc.fix(text, unsafe=True)
    if not before.ok:
        assert result.text == text and not result.fixed
        return
    assert result.converged
    assert newsdoc.parse(result.text).ok
    again = newsdoc.fix(result.text, unsafe=True)
    assert again.text == result.text and again.fixed == ()
    _settled(result, unsafe=True)


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
@example("\ufeff")
@example(b"\xef\xbb\xbf \n")
def test_fix_never_raises(source: str | bytes) -> None:
    """Any input: no exception; a text that does not parse comes back unchanged, one that does parses.

    (Bytes that are not UTF-8 raise the ParseError ND001, as loads() does: no
    text could hold them; see tests/test_bad_input.py.)
    """
    if isinstance(source, bytes) and not _utf8(source):
        with pytest.raises(newsdoc.ParseError) as raised:
            newsdoc.fix(source, unsafe=True)
        assert raised.value.code == "ND001"
        return
    result = newsdoc.fix(source, unsafe=True)
    parsed = newsdoc.parse(source)
    if not parsed.ok:
        text = source.decode("utf-8", "surrogateescape") if isinstance(source, bytes) else source
        assert result.text == text and not result.changed
    else:
        assert newsdoc.parse(result.text).ok


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# What each unsafe rule's fixes may change: both sides of a fix look the same
# through the rule's projection.
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_UNUSUAL = f"[{UNUSUAL_SPACE}]"
_INVISIBLE = charset(INVISIBLE)


def _invisible(text: str) -> str:
    out = []
    for char in text:
        meant = cp1252_for(char)
        if meant is not None:
            out.append(meant)
        elif char not in _INVISIBLE:
            out.append(char)
    return "".join(out)


PROJECTIONS: dict[str, Callable[[str], str]] = {
    "ND111": lambda t: re.sub(r"[ \t]*\t[ \t]*", " ", t),
    "ND204": lambda t: re.sub(r"\.(?=[ \t]*(?:\r?\n|\Z))", "", t),
    "ND207": lambda t: t.translate(_QUOTES),
    "ND211": _invisible,
    "ND212": lambda t: re.sub(_UNUSUAL, " ", t),
    "ND213": lambda t: re.sub("[\u0085\u2028\u2029]", " ", t),
    "ND214": lambda t: re.sub("[\u202a-\u202e\u2066-\u2069]", "", t),
    "ND215": lambda t: re.sub(" {2,}", " ", t),
}


@given(mutated_dumps(), st.sampled_from(sorted(PROJECTIONS)))
def test_unsafe_fixes_change_only_what_they_claim(text: str, code: str) -> None:
    """One unsafe rule's fixes, alone, change only its characters (quotes stay quotes...)."""
    result = newsdoc.fix(text, only(code), unsafe=True)
    project = PROJECTIONS[code]
    assert project(result.text) == project(text)
    assert {d.code for d in result.fixed} <= {code}
    if newsdoc.parse(text).ok:
        _settled(result, unsafe=True)
    else:
        assert result.text == text


def _repair(text: str) -> str:
    """Undo one wrong decoding: the characters back to Windows-1252 (or Latin-1) bytes, as UTF-8."""
    data = b"".join(
        char.encode("latin-1") if ord(char) < 0x100 else char.encode("cp1252") for char in text
    )
    return data.decode("utf-8")


@given(mutated_dumps())
@example("Caf\u00c3\u00a9 \u00c3\u0192\u00c2\u00a9.\n\n\nHead\n")
def test_mojibake_fixes_only_redecode(text: str) -> None:
    """Each ND209 fix replaces mojibake by what its bytes decode to, once or repeatedly."""
    for diagnostic in newsdoc.validate(text):
        if diagnostic.code != "ND209" or diagnostic.fix is None:
            continue
        (edit,) = diagnostic.fix.edits
        shown = text[edit.start : edit.end]
        for _ in range(4):
            shown = _repair(shown)
            if shown == edit.content:
                break
        assert shown == edit.content


_PARAGRAPHS = st.lists(st.sampled_from([*PROSE, "Subscribe", "___", "Eat every 2–3 hours"]))


@given(_PARAGRAPHS.filter(bool), st.integers(min_value=2, max_value=3))
def test_duplicate_paragraph_fix_keeps_a_copy_of_everything(body: list[str], times: int) -> None:
    """ND202's fix keeps a copy of everything, in order; a repeated body comes back once."""
    head = "\n\n\nHead\n"
    result = newsdoc.fix("\n".join(body) + head, only("ND202"), unsafe=True)
    after = [p.text for p in newsdoc.loads(result.text).body]
    _no_text_lost(after, body)
    if len(set(body)) == len(body) and len(body) >= 2:
        repeated = newsdoc.fix("\n".join(body * times) + head, only("ND202"), unsafe=True)
        if all(text in PROSE for text in body):
            assert repeated.text == "\n".join(body) + head


def _dedupe(items: list[str], key: Callable[[str], str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


def _kept_in_order(after: list[str], before: list[str]) -> bool:
    """Whether ``after`` is ``before`` with some items deleted (order kept)."""
    remaining = iter(before)
    return all(any(item == other for other in remaining) for item in after)


def _no_text_lost(after: list[str], before: list[str]) -> None:
    """Every paragraph is still there at least once, and only prose paragraphs lost copies."""
    assert _kept_in_order(after, before)
    assert set(after) == set(before)
    for text in set(before):
        if before.count(text) != after.count(text):
            assert len(text.split()) >= 10, text


@given(mutated_dumps())
def test_duplicate_fixes_remove_only_duplicates(text: str) -> None:
    """ND201 keeps the first of repeated headlines; ND202 deletes only copies; nothing else."""
    parsed = newsdoc.parse(text)
    result = newsdoc.fix(text, only("ND201", "ND202"), unsafe=True)
    if not parsed.ok or parsed.document is None:
        assert result.text == text
        return
    before = parsed.document
    after = newsdoc.loads(result.text)
    _no_text_lost([p.text for p in after.body], [p.text for p in before.body])
    headline_key = lambda t: re.sub(r"[ \t]+", " ", t.casefold())  # noqa: E731
    assert [h.text for h in after.headlines] == _dedupe(
        [h.text for h in before.headlines], headline_key
    )
