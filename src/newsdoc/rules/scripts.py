"""Script rules (ND224): words that mix Latin letters with Cyrillic or Greek look-alikes.

Which letters look alike is Unicode's data (UTS #39 ``confusables.txt``),
kept in ``rules/data/lookalikes.txt`` by ``tools/confusables.py`` and read the
first time a text holds a Cyrillic or Greek letter next to a Latin one.  An
ASCII text, or one with no Cyrillic or Greek letter, costs one test, or
two: a text past ASCII is first looked at in UTF-8 for the lead bytes of
those letters (:func:`may_hold_other`, about 4 µs per seed-sized dump
against 9 for the pattern's search), which curly quotes and Latin accents
do not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from ..model.chars import CYRILLIC_LETTERS, GREEK_LETTERS, LATIN_LETTERS, char_name, charset
from ..model.speed import LazyPattern, once
from .base import Context, rule
from .examples import dump

__all__ = ["lookalikes", "may_hold_other", "mixed_script_word"]

DATA: Final = Path(__file__).with_name("data") / "lookalikes.txt"
_OTHER: Final = CYRILLIC_LETTERS + GREEK_LETTERS
_ANY_OTHER: Final = LazyPattern(f"[{_OTHER}]")
_OTHER_LEADS: Final = bytes(range(0xCD, 0xD5)) + b"\xe1"
"""The first byte in UTF-8 of every Cyrillic and Greek letter: 0xCD to 0xD4 for U+0370 to
U+052F, 0xE1 for the polytonic letters (U+1F00 to U+1FBC, and other letters)."""
_NOT_OTHER_LEADS: Final = bytes(byte for byte in range(256) if byte not in _OTHER_LEADS)


def may_hold_other(text: str) -> bool:
    """Whether a text may hold a Cyrillic or Greek letter: it has one of their lead bytes in UTF-8.

    A quick filter before the search for the letters themselves (it is never
    false for a text that holds one: ``tests/test_speed_scripts.py`` checks
    every code point), at C speed: one encoding, one ``bytes.translate``
    that deletes every other byte.
    """
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_OTHER_LEADS))


# A Latin letter touching a Cyrillic or Greek one (the word around it is then read).
_TOUCHING: Final = LazyPattern(f"[{LATIN_LETTERS}][{_OTHER}]|[{_OTHER}][{LATIN_LETTERS}]")


@once
def lookalikes() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The Latin letter each Cyrillic or Greek look-alike stands for; and, by script, the reverse.

    The reverse maps a Latin letter to the letter of that script that looks
    like it (the lowest code point when there are several).
    """
    to_latin: dict[str, str] = {}
    from_latin: dict[str, dict[str, str]] = {"Cyrillic": {}, "Greek": {}}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        letter, latin, script = line.split("#", 1)[0].split()
        char, target = chr(int(letter, 16)), chr(int(latin, 16))
        to_latin[char] = target
        from_latin[script].setdefault(target, char)
    return to_latin, from_latin


@once
def _script_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return charset(LATIN_LETTERS), charset(CYRILLIC_LETTERS), charset(GREEK_LETTERS)


def _spoof(word: str) -> tuple[str, str, str] | None:
    """(script, what it reads as, the letters that give it away) for a spoofed word, or None.

    A word is spoofed when the letters of one script are all look-alikes of
    the other's: Cyrillic or Greek letters in a Latin word ("Аdvеrtіѕе"), or
    Latin letters in a Cyrillic or Greek word ("пoрт" with a Latin o).  When
    both read, the script with more letters is the word's.
    """
    latin_set, cyrillic_set, greek_set = _script_sets()
    to_latin, from_latin = lookalikes()
    latin = [c for c in word if c in latin_set]
    cyrillic = [c for c in word if c in cyrillic_set]
    greek = [c for c in word if c in greek_set]
    other = cyrillic + greek
    if not latin or not other:
        return None
    script = "Cyrillic and Greek" if cyrillic and greek else "Cyrillic" if cyrillic else "Greek"
    reverse = from_latin.get(script, {})  # (none for both: a word of one script only)
    as_latin = all(c in to_latin for c in other)
    as_other = bool(reverse) and all(c in reverse for c in latin)
    if as_latin and (not as_other or len(latin) >= len(other)):
        fixed = "".join(to_latin.get(c, c) for c in word)
        return script, fixed, "".join(dict.fromkeys(other))
    if as_other:
        fixed = "".join(reverse[c] if c in latin_set else c for c in word)
        return "Latin", fixed, "".join(dict.fromkeys(latin))
    return None


@rule(
    code="ND224",
    name="mixed-script-word",
    severity="warning",
    fix="unsafe",
    bad=dump(
        "The council approved the budget on Monday.\nThe vote was 7 to 2.\n"
        "\u0410dv\u0435rt\u0456\u0455\u0435 with us for a year at half price.\n"
    ),
    good=dump(
        "The council approved the budget on Monday.\nThe vote was 7 to 2.\n"
        "Advertise with us for a year at half price.\n"
    ),
)
def mixed_script_word(ctx: Context) -> None:
    """A word that mixes Latin letters with Cyrillic or Greek letters that look like them.

    `Аdvеrtіѕе` written with Cyrillic `А`, `е`, `і` and `ѕ` looks like `Advertise` but is
    another string: search, deduplication and word counts miss it, and it is how spam
    and promotions get past filters; a Latin `o` typed into a Russian word is the same
    slip from the other side. Reported: a word (a run of letters) holding Latin and
    Cyrillic or Greek letters, whose letters of one script are all look-alikes of the
    other's according to Unicode's confusables data (UTS #39, shipped as
    `rules/data/lookalikes.txt`, generated by `tools/confusables.py`). Not reported:
    words wholly in Cyrillic or Greek (Russian or Greek text), and mixed words whose
    foreign letters look like no letter of the other script (`μm`, `βeta`). The fix
    (unsafe) writes the word in its main script. On the 131 real dumps of the shared
    corpus the rule reports nothing (no word there mixes scripts).
    """
    text = ctx.text
    if text.isascii() or not may_hold_other(text) or not _ANY_OTHER.search(text):
        return
    done = -1
    for match in _TOUCHING.finditer(text):
        start, end = match.span()
        if start < done:
            continue
        while start and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        done = end
        word = text[start:end]
        found = _spoof(word)
        if found is None:
            continue
        script, fixed, letters = found
        names = ", ".join(char_name(c) for c in letters)
        ctx.report(
            start,
            end,
            f"{word!r} mixes scripts: {script} look-alike letters ({names}) in a word that "
            f"reads {fixed!r}; spoofed text or a keyboard-layout slip",
            f"replace it with {fixed!r}",
            [ctx.edit(start, end, fixed)],
        )
