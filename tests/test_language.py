"""The language guess and the typography of no-break spaces (newsdoc.rules.language, .typography)."""

from __future__ import annotations

import pytest

import newsdoc
from newsdoc.rules.language import detect
from newsdoc.rules.typography import typographic
from tests.conftest import DATA

RULE_CASES = DATA / "rules"


@pytest.mark.parametrize(
    ("case", "language"),
    [
        ("clean_article", "en"),
        ("clean_german", "de"),
        ("clean_spanish", "es"),
        ("ND212_french_typography", "fr"),
        ("ND212_silent_polish_one_letter_words", "pl"),
        ("clean_japanese", None),
        ("clean_arabic", None),
    ],
)
def test_detect_guesses_the_language_of_real_looking_text(case: str, language: str | None) -> None:
    """The function words of a text give its language; a script without them gives None."""
    text = (RULE_CASES / f"{case}.txt").read_text(encoding="utf-8")
    assert detect(text) == language


def test_detect_is_unsure_of_short_or_mixed_text() -> None:
    """Too few function words, or two languages as strong, give no language."""
    assert detect("Council Approves Budget") is None
    assert detect("") is None
    mixed = (
        "the council and the mayor of the city " + "der Rat und die Stadt mit dem Bürgermeister "
    )
    assert detect(mixed) is None
    czech = "Ministr řekl, že most bude otevřen na jaře a že je to podle plánu, které byl schválen."
    assert detect(czech * 2) == "cs"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Il a dit\u00a0: oui", "fr", True),
        ("Il a dit\u00a0: oui", "en", False),
        ("«\u00a0Oui\u00a0»", "fr", True),
        ("w\u00a0domu", "pl", True),
        ("w\u00a0domu", "de", False),
        ("v\u00a0Praze", None, True),
        ("10\u00a0km", "en", True),
        ("10\u00a0000", "de", True),
        ("5\u00a0%", "fr", True),
        ("Dr.\u00a0Silva", "en", True),
        ("z.\u00a0B. heute", "de", True),
        ("word\u00a0— word", "en", True),
        ("the\u00a0outlet", "en", False),
        ("the\u00a0outlet", None, False),
    ],
)
def test_typographic_no_break_spaces(text: str, language: str | None, expected: bool) -> None:
    """Each language's uses of a no-break space are allowed, and only those."""
    assert typographic(text, text.index("\u00a0"), language) is expected


def test_configured_language_wins_over_the_guess() -> None:
    """With language = "fr", a French use in English text is allowed; per file too."""
    text = "The minister said the bridge would open in the spring and that it was on time, «\u00a0Bom\u00a0»."
    dump = f"{text}\n\n\nHead\n"
    strict = {"rules": {"ND212": {"no-break-spaces": 1}}}
    guessed = newsdoc.Config.from_mapping(strict)
    spaces = [column for column, char in enumerate(text, 1) if char == "\u00a0"]
    assert [d.column for d in newsdoc.validate(dump, guessed)] == spaces and len(spaces) == 2
    french = newsdoc.Config.from_mapping({**strict, "language": "fr"})
    assert newsdoc.validate(dump, french) == []
    per_file = newsdoc.Config.from_mapping({**strict, "per-file-language": {"fr/**": "fr"}})
    assert newsdoc.validate(dump, per_file.for_path("fr/a.txt")) == []
    assert len(newsdoc.validate(dump, per_file.for_path("en/a.txt"))) == 2
