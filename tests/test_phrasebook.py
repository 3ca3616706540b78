"""The phrasebook: the shipped phrase files, the phrase syntax, added phrases, threads."""

from __future__ import annotations

import json
import pickle
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from newsdoc import Config
from newsdoc.model.chars import CASE_FOLDED_APART, LINE_DECORATION
from newsdoc.rules.phrasebook import (
    KINDS,
    LANGUAGES,
    Phrasebook,
    PhraseError,
    builtin_phrases,
    default_phrasebook,
    parse_phrases,
    phrase_pattern,
    phrasebook,
)

DATA = Path(__file__).parent / "data" / "phrases"
FOLDER = Path(__file__).parents[1] / "src" / "newsdoc" / "rules" / "phrases"
CASES: list[list[Any]] = json.loads((DATA / "matches.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES)
def test_shipped_phrases_match_what_they_should(kind: str, text: str, expected: str | None) -> None:
    """Each kind's pattern matches the expected start of real furniture lines, and not article text."""
    found = default_phrasebook().match(kind, text)
    assert (found.group() if found else None) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_file_has_every_kind(language: str) -> None:
    """Every shipped file parses and has phrases of every kind but the ones not every language needs."""
    text = (FOLDER / f"{language}.txt").read_text("utf-8")
    found = parse_phrases(text, f"{language}.txt")
    assert set(found) == set(KINDS)
    assert all(found[kind] for kind in KINDS)


def test_the_shipped_files_are_the_languages() -> None:
    """The folder holds exactly one file per language of LANGUAGES."""
    assert sorted(path.stem for path in FOLDER.glob("*.txt")) == sorted(LANGUAGES)
    assert all(builtin_phrases()[kind] for kind in KINDS)


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("Read also", "read  ALSO: x", "read  ALSO"),
        ("Read also", "Read alsow", None),
        ("Related:", "Related : x", "Related :"),
        ("Don't miss", "Don’t miss this", "Don’t miss"),
        ("Next * News$", "Next Auto News", "Next Auto News"),
        ("Next * News$", "Next Auto News today", None),
        ("Home$", "Home »", "Home »"),
        ("By {name}", "By J. R. Smith and Ann O'Neil", "By J. R. Smith and Ann O'Neil"),
        ("{name}, *Reporter$", "Jane Doe, Senior Reporter", "Jane Doe, Senior Reporter"),
        ("{name} |", "Jane Doe | The Herald", "Jane Doe |"),
        ("By {name}", "By van der Berg", None),
        ("Copyright {number}", "Copyright 2019 Foo", "Copyright 2019"),
        ("Price \\$", "Price $5", "Price $"),
        ("2\\*2$", "2*2", "2*2"),
    ],
)
def test_phrase_syntax(phrase: str, text: str, expected: str | None) -> None:
    """Spaces, apostrophes, colons, '*', '$', placeholders and escapes mean what docs/phrases.md says."""
    found = re.compile(phrase_pattern(phrase), re.IGNORECASE).match(text)
    assert (found.group() if found else None) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("related = x", "f.txt:1: a phrase before the first [kind]"),
        ("[relatd]\nx", "f.txt:1: unknown kind [relatd]"),
        ("[related]\n# note\nRead \\", "f.txt:3: phrase 'Read \\\\' ends with a lone backslash"),
        (
            "[byline]\nBy {nom}",
            "f.txt:2: phrase 'By {nom}': unknown '{nom}' (known: {name}, {number})",
        ),
        ("[related]\n* $", "f.txt:2: phrase '* $' has no words"),
    ],
)
def test_bad_phrase_files_name_the_line(text: str, message: str) -> None:
    """A phrase file that breaks the format is an error naming the file, the line and why."""
    with pytest.raises(PhraseError) as raised:
        parse_phrases(text, "f.txt")
    assert str(raised.value) == message


def test_configuration_adds_phrases() -> None:
    """[tool.newsdoc.phrases] adds phrases to a kind; the shipped ones stay, other kinds are shared."""
    config = Config.from_mapping({"phrases": {"related": ["Voir encore"]}})
    book = config.phrasebook
    assert book.match("related", "Voir encore : le film") is not None
    assert book.match("related", "Related: x") is not None
    assert default_phrasebook().match("related", "Voir encore : le film") is None
    assert book.phrases("related")[-1] == "Voir encore"
    assert book.pattern("boilerplate") is default_phrasebook().pattern("boilerplate")
    assert Config().phrasebook is default_phrasebook()


def test_a_phrasebook_pickles_to_the_one_of_its_process() -> None:
    """A configuration sent to a worker brings its phrasebook as the shared one, not a copy."""
    book = phrasebook((("related", ("Voir encore",)),))
    assert pickle.loads(pickle.dumps(book)) is book
    assert book == Phrasebook({"related": ["Voir encore"]})
    assert hash(book) == hash(Phrasebook({"related": ("Voir encore",)}))


def test_threads_get_one_pattern() -> None:
    """Many threads asking for a cold kind at once all get the same compiled pattern."""
    made = Phrasebook({"credit": ["Thread test credit"]})

    def pattern(_: int) -> object:
        return made.pattern("credit")

    with ThreadPoolExecutor(8) as pool:
        found = set(map(id, pool.map(pattern, range(64))))
    assert len(found) == 1
    assert made.match("credit", "Thread test credit: x") is not None


def test_the_documented_configuration_is_accepted() -> None:
    """The TOML example of docs/phrases.md is a configuration whose phrases the rules then match."""
    import tomllib

    text = (Path(__file__).parents[1] / "docs" / "phrases.md").read_text("utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    config = Config.from_mapping(tomllib.loads(block)["tool"]["newsdoc"])
    assert config.phrasebook.match("related", "Dazu passend: x") is not None
    assert config.phrasebook.match("navigation", "Next Auto Deals") is not None


FURNITURE = ("embed", "related", "boilerplate", "credit")
LINES = sorted(
    {text for _, text, _ in CASES}
    | {
        line.strip()
        for path in sorted((Path(__file__).parent / "data" / "rules").glob("*.txt"))
        for line in path.read_text("utf-8", "surrogateescape").splitlines()
        if line.strip()
    }
)


@pytest.mark.parametrize("starting", [False, True])
def test_the_union_filter_lets_every_match_through(starting: bool) -> None:
    """union(kinds) on lower-case text matches every line a kind matches (the filter loses none).

    Except a line with a letter that ``str.lower`` writes apart from its ASCII
    look-alike (``CASE_FOLDED_APART``: "SİGN UP"), which skips the filter; classify
    still finds its kind.
    """
    book = default_phrasebook()
    union = book.union(FURNITURE, starting=starting)
    find = book.starts if starting else book.match
    matched = apart = 0
    for text in LINES:
        if any(find(kind, text) for kind in FURNITURE):
            matched += 1
            if CASE_FOLDED_APART.isdisjoint(text):
                assert union.match(text.lower()), text
            else:
                apart += 1
            assert book.classify(FURNITURE, text, starting=starting) is not None, text
        elif not union.match(text.lower()):
            assert book.classify(FURNITURE, text, starting=starting) is None, text
    assert matched >= 20 and apart >= 1


def test_classify_names_the_first_kind_and_starts_skips_star_phrases() -> None:
    """Phrasebook.classify gives the first kind asked for that starts the line; starts skips "*" phrases."""
    book = default_phrasebook()
    found = book.classify(FURNITURE, "Related: The Strangest Moons")
    assert found is not None
    assert (found[0], found[1].group()) == ("related", "Related:")
    assert book.classify(FURNITURE, "The council approved the budget on Monday.") is None
    notice = "Foo Media Ltd. All rights reserved."
    assert book.match("boilerplate", notice) is not None
    assert book.starts("boilerplate", notice) is None
    assert book.classify(FURNITURE, notice, starting=True) is None
    far = "One two three four five six seven eight nine. All rights reserved."
    assert book.match("boilerplate", far) is None  # past the first 8 words


@pytest.mark.parametrize("kind", list(KINDS))
def test_kept_expressions_are_the_ones_built(kind: str) -> None:
    """The expressions the code cache gives back equal those built from the files (the plain way)."""
    from newsdoc.rules import phrasebook as module

    for starting in (False, True):
        sources = module._sources(kind, (), False)
        chosen = module._starting(sources) if starting else sources
        assert module._alternation(kind, (), starting) == module._grouped(chosen)
    union = module._union((kind,), (), False)
    built = module._grouped(module._sources(kind, (), True), folded=True)
    assert union.pattern == f"[{LINE_DECORATION}]*{built}"


def test_search_finds_star_phrases_anywhere() -> None:
    """Phrasebook.search finds a '*' phrase past the first words, where match stops looking."""
    book = default_phrasebook()
    line = (
        "Associated Press writers Alan Fram, Zeke Miller, Laurie Kellman and Jill Colvin "
        "contributed to this report."
    )
    assert book.match("byline", line) is None
    found = book.search("byline", line)
    assert found is not None
    assert found.group() == "contributed to this report"
    assert book.search("related", line) is None  # a kind without '*' phrases finds nothing
