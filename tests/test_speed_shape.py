"""ND221's and ND225's speed tricks (rules/shape.py) find what the plain way finds.

- the headlines read closely (a last word that is a "never" word, or an
  ellipsis) are every headline the plain way reports;
- a word is looked for in the text with only its ASCII letters lowered when
  the word is ASCII (``_lowered``): the facts about ``str.lower`` this rests
  on hold on every code point, and both ways give the same findings on
  generated dumps (Hypothesis), the seeds and the benchmark's dumps;
- ND225 reads a line's script for its count of words only when its spaces
  give too few words to decide (``_sentence_like``): the same answer.
"""

from __future__ import annotations

import importlib.util
import string
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc.rules import engine, shape
from newsdoc.rules.base import Context
from newsdoc.rules.headlines import CLOSERS, SENTENCE_END
from newsdoc.syntax.reader import read
from tests.conftest import ROOT

_SETTINGS = engine.default_settings()
_RULE = next(rule for rule in engine._active(_SETTINGS.checked) if rule.code == "ND221")


def _findings(text: str, check: object) -> list[object]:
    """What ``check`` (ND221's or the plain way) reports of ``text``."""
    ctx = Context(text, read(text), _SETTINGS)
    ctx.rule = _RULE
    ctx.first = 0
    check(ctx)  # type: ignore[operator]
    return list(ctx.found)


def _agree(text: str) -> None:
    """ND221 and its plain way report the same of ``text``."""
    assert _findings(text, _RULE.check) == _findings(text, shape._plain_truncated_text), text


def test_lower_turns_only_two_characters_into_ascii_letters_or_two_characters() -> None:
    """The facts `_lowered` rests on, checked on every code point.

    ``str.lower`` gives one character for every character but İ, gives an
    ASCII character for a non-ASCII one only for İ and the Kelvin sign, keeps
    whether a character is a letter or digit (İ aside), and turns no other
    character into one of ``#@./-_``: so, in a text holding neither, the text
    with its ASCII letters lowered holds an ASCII word where the text lowered
    whole does, with letters, digits and those marks at the same places around.
    """
    odd = {"\u0130", "\u212a"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lowered = char.lower()
        if char in odd:
            continue
        assert len(lowered) == 1, hex(code)
        assert char.isascii() or not lowered.isascii(), hex(code)
        assert char.isalnum() == lowered.isalnum(), hex(code)
        assert (char in "#@./-_") == (lowered in "#@./-_"), hex(code)
    assert "\u0130".lower() != "\u0130" and "\u212a".lower() == "k"


def test_the_ascii_letters_read_for_a_cut_word_are_a_to_z() -> None:
    """`_fragment` reads an ASCII word's letters with ``isalpha``: the same ASCII letters."""
    assert {char for char in shape._alphabetic() if char.isascii()} == set(string.ascii_letters)


def test_the_never_words_are_lower_case() -> None:
    """A headline's last word, lower-cased, is a "never" word whenever the plain way says so."""
    never, weak = shape.dangling_words()
    assert all(word == word.lower() for word in never | weak)


_SAMPLE_WORDS = (
    "The AND Und ThE terminal termin Termin TERMINAL tERmin late later A Über über "
    "Σ ΟΔΟΣ οδος кот Кот kit \u212aITCHEN bi bikes B\u0130 日本語 한국"
)
_PIECES = (
    # Words the rule reads: dangling words, a word and its start, other cases and scripts.
    *sorted(shape.dangling_words()[0])[:12],
    *sorted(shape.dangling_words()[1])[:6],
    *_SAMPLE_WORDS.split(),
    # What the search looks at around a word: marks, digits, edges, spaces, odd letters.
    "...",
    "....",
    *"….,!?:\"'’“”()[]*_#@/-12éß",
    *"\u0130\u0131\u017f\u212a\u212b\ud800\udc00\u0307",
    *"   \t\u00a0\u3000",
)
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join)
_LINES = st.lists(_WORDS, min_size=1, max_size=7).map(" ".join).filter(str.strip)
_DUMPS = st.builds(
    lambda body, heads, crlf: ("\r\n" if crlf else "\n").join([*body, "", "", *heads, ""]),
    st.lists(_LINES, min_size=1, max_size=6),
    st.lists(_LINES, min_size=1, max_size=8),
    st.booleans(),
)


@given(_DUMPS)
def test_generated_dumps_get_the_plain_findings(text: str) -> None:
    """On dumps made of dangling words, cut words, marks and unusual letters, both agree."""
    _agree(text)


def test_a_text_with_dotted_capital_i_or_kelvin_sign_lowers_whole() -> None:
    """İ and the Kelvin sign lower into ASCII letters: a text holding one is lowered whole.

    ``\u212aITCHEN`` lowers to ``kitchen``, a longer word starting with ``kit``; ``Bİ``
    lowers to ``bi`` and a dot above, a second ``bi`` on its own.
    """
    kit = "We packed the kit\nIt was fine.\n\n\nNew \u212aITCHEN opens\nOther news\n"
    bike = "They rode the same bi\nIt was B\u0130.\n\n\nNew bikes arrive\nOther news\n"
    for text in (kit, bike, kit.replace("\u212a", "K"), bike.replace("B\u0130", "B")):
        _agree(text)
    assert _findings(kit, _RULE.check)  # (kit is cut: kitchen)
    assert not _findings(bike, _RULE.check)  # (bi is on its own twice)
    assert _findings(bike.replace("B\u0130", "B"), _RULE.check)


def test_the_seeds_and_the_benchmark_dumps_get_the_plain_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the seeds and on the benchmark's seed-sized dumps, both agree."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        _agree(path.read_text(encoding="utf-8"))
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    for text in corpus.small_dumps(600, corpus.Pools()):
        _agree(text)


def test_the_shared_real_dumps_get_the_plain_findings() -> None:
    """On the real dumps of ../shared/corpora/real-en (when present, as for tools/findings.py)."""
    for path in sorted((ROOT.parent / "shared" / "corpora" / "real-en").glob("*.txt")):
        _agree(path.read_text(encoding="utf-8"))


def _plain_sentence_like(text: str, min_words: int) -> bool:
    """ND225's test of a line the plain way: its words counted with its script read first."""
    count = shape.word_count(text, min_words)
    if count < 3:
        return False
    stem = text.rstrip(CLOSERS)
    if stem[-1:] in shape._SENTENCE_STOPS and not stem.endswith(shape._ELLIPSES):
        return True
    if count < min_words:
        return False
    if stem[-1:] in SENTENCE_END:
        return True
    return any(f"{mark} " in text for mark in ".!?") or "。" in stem


_PROSE = st.lists(
    st.sampled_from(
        ["word", "日本語の文章です", "ไทย", "。", ".", "!", "…", "...", '"', " ", "\t"]
    ),
    max_size=30,
).map("".join)


@given(_PROSE, st.integers(1, 12))
def test_a_line_reads_as_prose_as_the_plain_way_says(text: str, min_words: int) -> None:
    """ND225 reads a line's script only when its spaces give few words: the same answer."""
    assert shape._sentence_like(text, min_words) == _plain_sentence_like(text, min_words)
