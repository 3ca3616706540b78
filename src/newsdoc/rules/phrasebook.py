"""The phrasebook: the wording of page furniture, by kind, from data files.

The phrases live in ``phrases/LANG.txt`` beside this module (English,
German, French, Spanish and Polish), one phrase a line under a ``[kind]``
header; docs/phrases.md describes the format, and the configuration adds
phrases (``[tool.newsdoc.phrases]``).  Nothing is read or compiled at
import: the files are read the first time a kind is wanted, and each kind
becomes one regular expression, an alternation of every language's
phrases anchored at the start of a line's text, matched in any letter case.

Rules use it through their context (``ctx.phrases.match("related", text)``);
a :class:`Phrasebook` is made once per set of added phrases
(:func:`phrasebook`), and so is each kind's pattern, however many threads
ask at once (:func:`newsdoc.model.speed.once`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, cast

from ..model.chars import APOSTROPHES, CAPITALS, LINE_DECORATION, LINE_TAIL
from ..model.speed import LazyPattern, once

__all__ = [
    "KINDS",
    "LANGUAGES",
    "PhraseError",
    "Phrasebook",
    "builtin_phrases",
    "default_phrasebook",
    "parse_phrases",
    "phrase_pattern",
    "phrasebook",
]

KINDS: Final = {
    "related": 'a link to another article kept in the body ("Related:", "Lesen Sie auch")',
    "boilerplate": "subscription, newsletter, app, cookie, sharing, advertising and copyright "
    'notices, "originally published" lines',
    "byline": 'who wrote or reported the article ("By {name}", "Reporting by")',
    "timestamp": 'when the article was published or updated ("Updated", "Veröffentlicht")',
    "credit": 'the opening of a photo caption or credit ("Photo:", "Foto:", "Image copyright")',
    "agency": 'the source that closes a credit in brackets ("Getty Images", "AP Photo")',
    "embed": 'what an embedded social-media post leaves ("A post shared by", "pic.twitter.com/")',
    "date": "the words of a line that is only a date or a time: month and weekday names, "
    "their abbreviations, time zones",
    "navigation": 'menu, user-interface, legal and promotional items ("Privacy Policy", '
    '"Sign in", "Next * News")',
}
"""Every kind of phrase, and what its phrases are."""

LANGUAGES: Final = ("en", "de", "fr", "es", "pl")
"""The languages of the phrase files shipped with newsdoc."""

FLAGS: Final = re.IGNORECASE
_FOLDER: Final = Path(__file__).with_name("phrases")
_WORD_END: Final = "(?!\\w)"
_NAME_WORD: Final = f"(?-i:[{CAPITALS}])[\\w{APOSTROPHES}.\\-]*"
_PARTICLE: Final = "(?-i:van|von|der|den|de|da|di|du|del|della|la|le|al|el|bin|ibn|ten|ter)"
_JOINER: Final = f"(?:\\s*,\\s*|\\s+(?:and|und|et|y|e|i|&)\\s+|\\s+(?:{_PARTICLE}\\s+)*)"
_NAME: Final = f"{_NAME_WORD}(?:{_JOINER}{_NAME_WORD}){{0,5}}"
_NUMBER: Final = "\\d+(?:[.,]\\d+)*"
_PLACEHOLDERS: Final = {"{name}": _NAME, "{number}": _NUMBER}


class PhraseError(ValueError):
    """A phrase, or a phrase file, that does not follow the format."""


def phrase_pattern(phrase: str) -> str:
    r"""The regular expression of one phrase (without the line's start).

    ``*`` is any text, ``{name}`` a person's name, ``{number}`` a number, a
    final ``$`` the end of the line (closing punctuation allowed), ``\``
    takes the next character as it is; a space matches any run of
    whitespace, an apostrophe any apostrophe, a colon may have spaces
    before it; a phrase ending in a letter or digit ends at a word's end.
    Raises :class:`PhraseError` for an empty phrase, a trailing ``\`` or
    an unknown ``{placeholder}``.
    """
    text = phrase.strip()
    whole = text.endswith("$") and not text.endswith("\\$")
    if whole:
        text = text[:-1].rstrip()
    parts: list[str] = []
    last = ""  # the last literal character, or "" after a placeholder
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            if index + 1 == len(text):
                raise PhraseError(f"phrase {phrase!r} ends with a lone backslash")
            char = text[index + 1]
            parts.append(re.escape(char))
            last = char
            index += 2
            continue
        if char == "{":
            end = text.find("}", index)
            placeholder = text[index : end + 1] if end > 0 else text[index:]
            if placeholder not in _PLACEHOLDERS:
                known = ", ".join(_PLACEHOLDERS)
                raise PhraseError(f"phrase {phrase!r}: unknown {placeholder!r} (known: {known})")
            parts.append(_PLACEHOLDERS[placeholder])
            last = ""
            index = end + 1
            continue
        if char.isspace():
            while index < len(text) and text[index].isspace():
                index += 1
            parts.append("\\s+")
            last = " "
            continue
        if char == "*":
            parts.append(".*?")
            last = ""
        elif char in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
            last = char
        elif char == ":":
            parts.append("\\s*:")
            last = char
        else:
            parts.append(re.escape(char))
            last = char
        index += 1
    if not any(part not in (".*?", "\\s+") for part in parts):
        raise PhraseError(f"phrase {phrase!r} has no words")
    if last.isalnum() or last == "_":
        parts.append(_WORD_END)
    if whole:
        parts.append(f"[{LINE_TAIL}]*\\Z")
    return "".join(parts)


def parse_phrases(text: str, source: str) -> dict[str, list[str]]:
    """The phrases of a phrase file, by kind; :class:`PhraseError` names ``source`` and the line."""
    found: dict[str, list[str]] = {}
    kind: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        item = line.strip()
        if not item or item.startswith("#"):
            continue
        if item.startswith("[") and item.endswith("]"):
            kind = item[1:-1].strip()
            if kind not in KINDS:
                raise PhraseError(f"{source}:{number}: unknown kind [{kind}]")
            found.setdefault(kind, [])
            continue
        if kind is None:
            raise PhraseError(f"{source}:{number}: a phrase before the first [kind]")
        try:
            phrase_pattern(item)
        except PhraseError as error:
            raise PhraseError(f"{source}:{number}: {error}") from None
        found[kind].append(item)
    return found


def _read(name: str) -> str:
    """The text of the phrase file ``name`` (from the package's folder, or a zipped package)."""
    path = _FOLDER / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:  # pragma: no cover - a package inside a zip file
        import importlib.resources as resources

        return resources.files(__package__).joinpath("phrases", name).read_text(encoding="utf-8")


@once
def builtin_phrases() -> Mapping[str, tuple[str, ...]]:
    """Every shipped phrase by kind, all languages together (files read on first use)."""
    merged: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for language in LANGUAGES:
        name = f"{language}.txt"
        for kind, phrases in parse_phrases(_read(name), name).items():
            merged[kind].extend(phrases)
    return {kind: tuple(dict.fromkeys(phrases)) for kind, phrases in merged.items()}


Added = tuple[tuple[str, tuple[str, ...]], ...]
"""Phrases added by the configuration: (kind, phrases) pairs, sorted by kind."""


def _grouped(sources: Iterable[str]) -> str:
    r"""An alternation of ``sources``, those that start with a letter grouped by it.

    A line is then tried against the one group of its first letter, not
    against every phrase; the phrases that start with any text (``*``) are
    grouped after one ``.*?``, and those that start with a space after one
    ``\s+``, so that the line is scanned once for all of them.
    """
    groups: dict[str, list[str]] = {}
    anywhere: list[str] = []
    spaced: list[str] = []
    rest: list[str] = []
    for source in dict.fromkeys(sources):
        first = source[:1]
        if source.startswith(".*?"):
            anywhere.append(source[3:])
        elif source.startswith("\\s+"):
            spaced.append(source[3:])
        elif first.isalpha() and first.lower() != first.upper():
            groups.setdefault(first.lower(), []).append(source[1:])
        else:
            rest.append(source)
    branches = [
        f"[{re.escape(first)}{re.escape(first.upper())}](?:{'|'.join(tails)})"
        if len(first.upper()) == 1
        else f"{re.escape(first)}(?:{'|'.join(tails)})"
        for first, tails in groups.items()
    ]
    if spaced:
        branches.append(f"\\s+{_grouped(spaced)}")
    branches.extend(rest)
    if anywhere:
        branches.append(f".*?{_grouped(anywhere)}")
    return "(?:" + "|".join(branches) + ")"


@once
def _alternation(kind: str, added: tuple[str, ...]) -> str:
    """The alternation of ``kind``'s phrases, the shipped ones and ``added``."""
    phrases = dict.fromkeys((*builtin_phrases()[kind], *added))
    return _grouped(phrase_pattern(phrase) for phrase in phrases)


@once
def _pattern(kind: str, added: tuple[str, ...]) -> LazyPattern:
    """``kind``'s phrases as one pattern matched at the start of a line's text."""
    return LazyPattern(f"[{LINE_DECORATION}]*{_alternation(kind, added)}", FLAGS)


class Phrasebook:
    """The phrases of every kind: the shipped ones and those the configuration adds."""

    __slots__ = ("_added", "_patterns")

    def __init__(self, added: Mapping[str, Iterable[str]] | None = None) -> None:
        """Check ``added`` (kind: phrases); :class:`PhraseError` for a bad kind or phrase."""
        pairs: dict[str, tuple[str, ...]] = {}
        for kind, phrases in (added or {}).items():
            if kind not in KINDS:
                raise PhraseError(f"unknown phrase kind {kind!r} (known: {', '.join(KINDS)})")
            if isinstance(phrases, str):
                raise PhraseError(f"the phrases of {kind} must be a list of strings")
            items = tuple(phrases)
            for phrase in items:
                if not isinstance(phrase, str):
                    raise PhraseError(f"the phrases of {kind} must be strings, not {phrase!r}")
                phrase_pattern(phrase)
            if items:
                pairs[kind] = items
        self._added: Added = tuple(sorted(pairs.items()))
        self._patterns: dict[str, LazyPattern] = {}

    @property
    def added(self) -> Added:
        """The phrases the configuration added, as (kind, phrases) pairs."""
        return self._added

    def phrases(self, kind: str) -> tuple[str, ...]:
        """Every phrase of ``kind``, the shipped ones first."""
        return tuple(dict.fromkeys((*builtin_phrases()[kind], *self._extra(kind))))

    def _extra(self, kind: str) -> tuple[str, ...]:
        for name, phrases in self._added:
            if name == kind:
                return phrases
        return ()

    def pattern(self, kind: str) -> Any:
        """The compiled pattern of ``kind`` (a ``re.Pattern``): use ``.match(text)``."""
        try:
            return self._patterns[kind]
        except KeyError:
            made = self._patterns[kind] = _pattern(kind, self._extra(kind))
            return made

    def alternation(self, kind: str) -> str:
        """``kind``'s phrases as the source of one group, to build a pattern of one's own."""
        return _alternation(kind, self._extra(kind))

    def match(self, kind: str, text: str) -> re.Match[str] | None:
        """Where ``text`` starts with a phrase of ``kind`` (past decoration), or None."""
        return cast("re.Match[str] | None", self.pattern(kind).match(text))

    def __reduce__(self) -> tuple[Any, tuple[Added]]:
        return _rebuild, (self._added,)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrasebook) and other._added == self._added

    def __hash__(self) -> int:
        return hash(self._added)

    def __repr__(self) -> str:
        return f"Phrasebook({dict(self._added)!r})"


def _rebuild(added: Added) -> Phrasebook:
    """The phrasebook of ``added`` (how one is unpickled: the one made in this process)."""
    return phrasebook(added)


@once
def phrasebook(added: Added = ()) -> Phrasebook:
    """The phrasebook with the phrases ``added`` ((kind, phrases) pairs), made once."""
    return Phrasebook(dict(added))


def default_phrasebook() -> Phrasebook:
    """The phrasebook of the shipped phrases alone."""
    return phrasebook(())
