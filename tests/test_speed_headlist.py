"""The headline-list rules' speed tricks find what the plain way finds.

- ND220's scans of the whole list (``headlist._furniture``: the list's
  block, its ASCII letters lower-cased, scanned by the two filters of
  ``_block_filters``) report exactly the items that looking at each item
  in turn (``_plain_furniture``) reports: on the benchmark's corpus, the
  seeds, the rule case files, the real dumps when present, and on made-up
  lists full of what could trip them (phrases in any letter case, arrows,
  odd spaces, letters past ASCII, line breaks of both kinds);
- the characters the filters take as caseless (``_UNCASED``) are: an
  ignore-case pattern matches each of them only as itself, and lowering
  leaves them;
- ND226's letter cases in bytes (``_glue_lines``) find every line the
  plain scan for a glue point (``_plain_glue_lines``) finds.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.model.chars import CAPITALS, SMALL_LETTERS, charset
from newsdoc.rules import engine, headlist
from newsdoc.rules.base import Context
from newsdoc.rules.phrasebook import default_phrasebook
from newsdoc.syntax.reader import read
from tests.conftest import DATA, ROOT

_REAL = ROOT.parent / "shared" / "corpora" / "real-en"


def _bench_dumps(count: int) -> list[str]:
    """``count`` dumps of the benchmark's corpus (bench/corpus.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
        assert spec is not None and spec.loader is not None
        corpus = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(corpus)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return list(corpus.small_dumps(count, corpus.Pools()))


def _files() -> Iterator[str]:
    """The seeds, the rule case files and the real dumps (when present)."""
    folders = [ROOT / "seeds", DATA / "rules", _REAL]
    for folder in folders:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            yield path.read_bytes().decode("utf-8", "surrogateescape")


_Items = list[tuple[int, str]]


def _both_ways(
    text: str, config: newsdoc.Config | None = None
) -> Iterator[tuple[_Items | None, _Items]]:
    """ND220's items the fast way and the plain way, for a few ``min-words``."""
    context = Context(text, read(text), engine.settings_for(config))
    if len(context.runs) < 2:
        return
    first, last = context.runs[1]
    for min_words in (1, 2, 3, 5):
        fast = headlist._furniture(context, first, last, min_words)
        yield fast, headlist._plain_furniture(context, first, last, min_words)


def test_the_list_scans_find_what_the_plain_way_finds_on_the_corpora() -> None:
    """On the benchmark's dumps, the seeds, the case files and the real dumps: the same items."""
    compared = found = plain_only = 0
    for text in [*_bench_dumps(400), *_files()]:
        for fast, plain in _both_ways(text):
            if fast is None:  # (a list with a tab or another odd space: the plain way)
                plain_only += 1
                continue
            assert fast == plain, text
            compared += 1
            found += len(plain)
    assert compared > 1000
    assert plain_only < compared / 50
    assert found > 0


_PIECES = st.sampled_from(
    [
        "Privacy Policy",
        "privacy POLICY",
        "Sign in",
        "Home",
        "News",
        "Next Local News »",
        "« Older posts",
        "Previous Auto News -",
        "All rights reserved",
        "may receive a commission",
        "Comments powered by Disqus",
        "John commented on",
        "RSS feed",
        "free for 30 days",
        "© 2024",
        "Council Approves Budget",
        "Mayor Says",
        "Ünïcödé Wörds",
        "Снова новости",
        "Ελληνικά Νέα",
        "İstanbul",
        "ſubscribe",
        "ıi",
        "KELVIN",
        "“Quoted” it’s",
        "word\u00a0space",
        "a\u2028b",
        "»",
        "-",
        "—",
        ">",
        ":",
        "x",
    ]
)
_ANY = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())
_SPACES = st.sampled_from([" "] * 6 + ["  ", "", "\u00a0", "\u3000"])
_ODD_SPACES = st.sampled_from([" ", "\t", "\x0b", "\x1f", "\r"])


@st.composite
def _item(draw: st.DrawFn, odd: bool) -> str:
    """A headline-list item: pieces of phrases, headlines and odd characters, spaced oddly."""
    spaces = st.one_of(_SPACES, _ODD_SPACES) if odd else _SPACES
    parts = draw(st.lists(st.tuples(spaces, _PIECES), min_size=1, max_size=4))
    text = "".join(space + piece for space, piece in parts)
    if draw(st.booleans()):
        alphabet = _ANY if odd else _PIECES
        text += "".join(draw(st.lists(alphabet, max_size=3)))
    return text.replace("\n", " ") + draw(st.sampled_from(["", "", " ", "\t" if odd else " "]))


@st.composite
def _dump(draw: st.DrawFn) -> str:
    """A dump of a body paragraph and a list of items, with LF or CRLF breaks.

    Half have odd spaces (a tab, a lone CR...) in their list, which leave
    it to the plain way.
    """
    items = draw(st.lists(_item(draw(st.booleans())), min_size=1, max_size=12))
    items = [item for item in items if item.strip(" \t")] or ["Council Approves Budget"]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(["A body paragraph that says something.", "", *items])
    return text + draw(st.sampled_from(["", newline, "\r"]))


@given(_dump())
def test_the_list_scans_find_what_the_plain_way_finds(text: str) -> None:
    """On made-up lists: the same items (or the plain way is used)."""
    for fast, plain in _both_ways(text):
        if fast is not None:
            assert fast == plain


@given(_dump())
def test_with_added_phrases_the_same_items_are_found(text: str) -> None:
    """Phrases the configuration adds (starting with ``*``, whole lines) are found as well."""
    added = ["* receive a commission", "Older posts$", "Mayor *", "* {number} days", "X"]
    config = newsdoc.Config.from_mapping({"phrases": {"navigation": added}})
    for fast, plain in _both_ways(text, config):
        if fast is not None:
            assert fast == plain


@pytest.mark.parametrize("phrase", ["*Subscribe", "Subſcribe now", "İstanbul news"])
def test_phrases_the_scans_cannot_vouch_for_leave_it_to_the_plain_way(phrase: str) -> None:
    """A phrase starting with ``*`` inside a word, or with ``ſ``, ``ı``, ``İ``: the plain way."""
    config = newsdoc.Config.from_mapping({"phrases": {"navigation": [phrase]}})
    assert headlist._block_filters(config.phrasebook, 2) is None
    text = "Body text here.\n\nCouncil Approves Budget\nSubscribe\n"
    assert [fast for fast, _ in _both_ways(text, config)] == [None] * 4
    assert headlist._block_filters(default_phrasebook(), 2) is not None


def test_the_caseless_characters_match_only_themselves() -> None:
    """Each of ``_UNCASED``: no space, lowered as itself, matched ignoring case only by itself."""
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    caseless = re.findall(f"[{headlist._UNCASED}]", every)
    assert len(caseless) > 100
    for char in caseless:
        assert not char.isspace()
        assert char.lower() == char == char.upper()
        assert re.findall(re.escape(char), every, re.IGNORECASE) == [char]


def test_the_wide_letters_are_the_first_bytes_of_the_letters_past_ascii() -> None:
    """Every letter of the glue point's classes past ASCII is two bytes, led by one of them."""
    letters = charset(SMALL_LETTERS) | charset(CAPITALS)
    wide = {letter.encode() for letter in letters if not letter.isascii()}
    assert {len(code) for code in wide} == {2}
    assert {code[0] for code in wide} == set(headlist._WIDE_LETTERS)
    assert {letter for letter in letters if letter.isascii()} == set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )


_GLUE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("aAzZßÀÖ×ØÞÿĀāſŽžаАяЯёЁαΑωΩςµ’“” \n\t-»"),
        _ANY,
    ),
    max_size=80,
)


@given(_GLUE_TEXT, st.integers(0, 5))
def test_the_letter_cases_find_every_glue_point(text: str, first: int) -> None:
    """Every line the plain scan finds a glue point on is found in the letter cases."""
    found = headlist._glue_lines(text.encode("utf-8", "surrogatepass"), first)
    assert found >= headlist._plain_glue_lines(text, first)
    assert all(first <= index <= first + text.count("\n") for index in found)


def test_the_letter_cases_on_the_corpora() -> None:
    """On the benchmark's dumps and the files: every glued line is found, and few more."""
    plain_count = extra = 0
    for text in [*_bench_dumps(400), *_files()]:
        structure = read(text)
        if len(structure.runs) < 2:
            continue
        first, last = structure.runs[1]
        starts = structure.starts()
        block = text[starts[first] : starts[last + 1]]
        fast = headlist._glue_lines(block.encode("utf-8", "surrogatepass"), first)
        plain = headlist._plain_glue_lines(block, first)
        assert fast >= plain
        plain_count += len(plain)
        extra += len(fast - plain)
    assert plain_count > 0
    assert extra <= plain_count
