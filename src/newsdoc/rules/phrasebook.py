"""The phrasebook: the wording of page furniture, by kind, from data files.

The phrases live in ``phrases/LANG.txt`` beside this module (English,
German, French, Spanish, Polish and Portuguese), one phrase a line under a ``[kind]``
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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, cast

from ..model.chars import APOSTROPHES, CAPITALS, CASE_FOLDED_APART, LINE_DECORATION, LINE_TAIL
from ..model.compiled import CODE_CACHE, checksum
from ..model.speed import LazyPattern, once

__all__ = [
    "KINDS",
    "LANGUAGES",
    "LEAD_WORDS",
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
    "embed": 'what an embedded social-media post leaves ("A post shared by", "View this post on '
    'Instagram")',
    "tag": 'the label in square brackets that ends a link to other content ("[VIDEO]", '
    '"[PICTURES]")',
    "date": "the words of a line that is only a date or a time: month and weekday names, "
    "their abbreviations, time zones",
    "navigation": 'menu, user-interface, legal and promotional items ("Privacy Policy", '
    '"Sign in", "Next * News")',
}
"""Every kind of phrase, and what its phrases are."""

LANGUAGES: Final = ("en", "de", "fr", "es", "pl", "pt")
"""The languages of the phrase files shipped with newsdoc."""

FLAGS: Final = re.IGNORECASE
_FOLDER: Final = Path(__file__).with_name("phrases")
_WORD_END: Final = "(?!\\w)"
_NAME_WORD: Final = f"(?-i:[{CAPITALS}])[\\w{APOSTROPHES}.\\-]*"
_PARTICLE: Final = "(?-i:van|von|der|den|de|da|di|du|del|della|la|le|al|el|bin|ibn|ten|ter)"
_JOINER: Final = f"(?:\\s+(?:and|und|et|y|e|i|&)\\s+|\\s+(?:{_PARTICLE}\\s+)*)"
_NAME: Final = f"(?>{_NAME_WORD}(?:{_JOINER}{_NAME_WORD}){{0,5}})"
_NUMBER: Final = "\\d+(?:[.,]\\d+)*"
_PLACEHOLDERS: Final = {"{name}": _NAME, "{number}": _NUMBER}
_FOLDED_NAME: Final = "[^\\s,|]+(?:\\s+[^\\s,|]+){0,11}?"
"""What ``{name}`` is in a filter on lower-case text: any text a name could be."""
LEAD_WORDS: Final = 8
"""How many words a phrase that starts with ``*`` may follow in a line."""
_WORDS_BEFORE: Final = f"(?>\\S+\\s+){{1,{LEAD_WORDS}}}?"
_IN_WORD: Final = f"(?>\\S+\\s+){{0,{LEAD_WORDS}}}?\\S{{0,2}}?"
_LEADS: Final = (_WORDS_BEFORE, _IN_WORD, _NAME)
"""What phrases may start with, besides text: their alternatives are grouped after it."""


_TOKENS: Final = LazyPattern(
    f"\\\\(.)|\\\\\\Z|(\\{{[^}}]*\\}}?)|\\s+|\\*|[{APOSTROPHES}]|:|[^\\\\{{\\s*{APOSTROPHES}:]+",
    re.DOTALL,
)
"""The tokens of a phrase: an escaped character, a lone final backslash, a
placeholder, spaces, ``*``, an apostrophe, a colon, or a run of other characters."""


class PhraseError(ValueError):
    """A phrase, or a phrase file, that does not follow the format."""


def phrase_pattern(phrase: str, *, folded: bool = False) -> str:
    r"""The regular expression of one phrase (without the line's start).

    ``*`` is any text (at the start: up to :data:`LEAD_WORDS` words, or
    the two characters before the phrase in a word; a scan of whole lines would
    cost too much), ``{name}`` a person's name, ``{number}`` a number, a
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
    for token in _TOKENS.finditer(text):
        escaped, placeholder, item = token.group(1, 2, 0)
        if escaped is not None:
            parts.append(re.escape(escaped))
            last = escaped
        elif item == "\\":
            raise PhraseError(f"phrase {phrase!r} ends with a lone backslash")
        elif placeholder is not None:
            if placeholder not in _PLACEHOLDERS:
                known = ", ".join(_PLACEHOLDERS)
                raise PhraseError(f"phrase {phrase!r}: unknown {placeholder!r} (known: {known})")
            parts.append(
                _FOLDED_NAME if folded and placeholder == "{name}" else _PLACEHOLDERS[placeholder]
            )
            last = ""
        elif item[0].isspace():
            parts.append("\\s+")
            last = " "
        elif item == "*":
            parts.append(".*?")
            last = ""
        elif item in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
            last = item
        elif item == ":":
            parts.append("\\s*:")
            last = item
        else:
            parts.append(re.escape(item))
            last = item[-1]
    if not any(part not in (".*?", "\\s+") for part in parts):
        raise PhraseError(f"phrase {phrase!r} has no words")
    if parts[0] == ".*?":  # a leading "*": a few words before (a scan of a whole line costs)
        if parts[1:2] == ["\\s+"]:
            parts[:2] = [_WORDS_BEFORE]
        else:
            parts[:1] = [_IN_WORD]
    if last.isalnum() or last == "_":
        parts.append(_WORD_END)
    if whole:
        parts.append(f"[{LINE_TAIL}]*\\Z")
    return "".join(parts)


def parse_phrases(text: str, source: str, *, check: bool = True) -> dict[str, list[str]]:
    """The phrases of a phrase file, by kind; :class:`PhraseError` names ``source`` and the line.

    With ``check`` (the default) each phrase is checked as well (the
    shipped files are checked by the tests, not at every start).
    """
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
        if check:
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
        for kind, phrases in parse_phrases(_read(name), name, check=False).items():
            merged[kind].extend(phrases)
    return {kind: tuple(dict.fromkeys(phrases)) for kind, phrases in merged.items()}


Added = tuple[tuple[str, tuple[str, ...]], ...]
"""Phrases added by the configuration: (kind, phrases) pairs, sorted by kind."""


def _grouped(sources: Iterable[str], depth: int = 4, folded: bool = False) -> str:
    r"""An alternation of ``sources``, those that start with a letter grouped by it.

    A line is then tried against the one group of its first letter, not
    against every phrase (and so on for the next letters, ``depth`` deep); the phrases that start with ``*`` are grouped
    after one run over the words before them, and those that start with a
    space after one ``\s+``.
    """
    groups: dict[str, list[str]] = {}
    anywhere: dict[str, list[str]] = {}
    spaced: list[str] = []
    rest: list[str] = []
    for source in dict.fromkeys(sources):
        first = source[:1]
        lead = next((lead for lead in _LEADS if source.startswith(lead)), None)
        if lead is not None:
            anywhere.setdefault(lead, []).append(source[len(lead) :])
        elif source.startswith("\\s+"):
            spaced.append(source[3:])
        elif first.isalpha() and first.lower() != first.upper():
            groups.setdefault(first.lower(), []).append(source[1:])
        else:
            rest.append(source)
    branches = [
        (
            f"[{re.escape(first)}{re.escape(first.upper())}]"
            if len(first.upper()) == 1 and not folded
            else re.escape(first)
        )
        + (
            _grouped(tails, depth - 1, folded)
            if depth > 1 and len(tails) > 1
            else f"(?:{'|'.join(tails)})"
        )
        for first, tails in groups.items()
    ]
    if spaced:
        branches.append(f"\\s+{_grouped(spaced, depth, folded)}")
    branches.extend(rest)
    branches.extend(f"{lead}{_grouped(tails, 4, folded)}" for lead, tails in anywhere.items())
    return "(?:" + "|".join(branches) + ")"


@once
def _sources(kind: str, added: tuple[str, ...], folded: bool) -> tuple[str, ...]:
    """The expressions of ``kind``'s phrases, the shipped ones and ``added`` (``folded``: lower case)."""
    phrases = dict.fromkeys((*builtin_phrases()[kind], *added))
    if folded:
        return tuple(phrase_pattern(phrase.lower(), folded=True) for phrase in phrases)
    return tuple(phrase_pattern(phrase) for phrase in phrases)


def _starting(sources: Iterable[str]) -> Iterable[str]:
    """The expressions of the phrases that start a line (not with ``*``)."""
    return (source for source in sources if not source.startswith(_LEADS[:2]))


@once
def _fingerprint() -> str | None:
    """What the expressions built from the phrases depend on: the files and this code, summed.

    None when they cannot be read (then nothing built is kept).
    """
    try:
        files = [_FOLDER / f"{name}.txt" for name in LANGUAGES]
        data = [Path(__file__).read_bytes(), *(path.read_bytes() for path in files)]
    except OSError:  # pragma: no cover - a package without its sources
        return None
    data.append("\0".join((LINE_DECORATION, LINE_TAIL, APOSTROPHES, CAPITALS)).encode())
    return checksum(b"\0".join(data))


def _kept(key: str, make: Callable[[], str]) -> str:
    """``make()``, kept in the per-user code cache under ``key`` and :func:`_fingerprint`.

    Building the expressions of a thousand phrases takes several
    milliseconds of every start; the cache gives them back.
    """
    fingerprint = _fingerprint()
    if CODE_CACHE is None or fingerprint is None:
        return make()
    return CODE_CACHE.text(f"phrasebook\0{fingerprint}\0{key}", make)


@once
def _alternation(kind: str, added: tuple[str, ...], starting: bool = False) -> str:
    """The alternation of ``kind``'s phrases, the shipped ones and ``added``.

    With ``starting``, only the phrases that start a line (not with ``*``).
    """

    def make() -> str:
        sources = _sources(kind, added, False)
        return _grouped(_starting(sources) if starting else sources)

    return _kept(f"alternation\0{kind}\0{added!r}\0{starting}", make)


@once
def _pattern(kind: str, added: tuple[str, ...], starting: bool = False) -> LazyPattern:
    """``kind``'s phrases as one pattern matched at the start of a line's text."""
    return LazyPattern(f"[{LINE_DECORATION}]*{_alternation(kind, added, starting)}", FLAGS)


@once
def _anywhere(kind: str, added: tuple[str, ...]) -> LazyPattern:
    """``kind``'s phrases that start with ``*``, without it, to be searched for in a line."""

    def make() -> str:
        sources = _sources(kind, added, False)
        found = []
        for source in sources:
            for lead in _LEADS[:2]:
                if source.startswith(lead):
                    tail = source[len(lead) :]
                    found.append(tail)  # (no look-behind: the scan skips to a first letter)
        return _grouped(found) if found else "(?!)"

    return LazyPattern(_kept(f"anywhere\0{kind}\0{added!r}", make), FLAGS)


@once
def _union(kinds: tuple[str, ...], added: Added, starting: bool) -> LazyPattern:
    """:func:`_union_source`, compiled on first use."""
    return LazyPattern(_union_source(kinds, added, starting))


@once
def _union_source(kinds: tuple[str, ...], added: Added, starting: bool) -> str:
    """A filter for several kinds at once: their phrases in lower case, for lower-case text.

    Without ``re.IGNORECASE`` the expression engine tells a letter apart at
    once, which makes the filter about twice as fast; it may match a little
    more than the kinds do (a name is any text), never less.
    """
    extra = dict(added)

    def make() -> str:
        sources = [source for kind in kinds for source in _sources(kind, extra.get(kind, ()), True)]
        return _grouped(_starting(sources) if starting else sources, folded=True)

    made = _kept(f"union\0{kinds!r}\0{added!r}\0{starting}", make)
    return f"[{LINE_DECORATION}]*{made}"


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

    def starts(self, kind: str, text: str) -> re.Match[str] | None:
        """:meth:`match` without the phrases that start with ``*`` (cheaper: nothing is scanned)."""
        key = f"^{kind}"
        try:
            pattern = self._patterns[key]
        except KeyError:
            pattern = self._patterns[key] = _pattern(kind, self._extra(kind), True)
        return cast("re.Match[str] | None", pattern.match(text))

    def search(self, kind: str, text: str) -> re.Match[str] | None:
        """Where a phrase of ``kind`` that starts with ``*`` is, anywhere in ``text``, or None.

        Unlike :meth:`match`, which looks past the first words only, this
        scans the whole text: for the few lines a rule can afford it on (a
        body's edges).
        """
        key = f"*{kind}"
        try:
            pattern = self._patterns[key]
        except KeyError:
            pattern = self._patterns[key] = _anywhere(kind, self._extra(kind))
        return cast("re.Match[str] | None", pattern.search(text))

    def union(self, kinds: tuple[str, ...], *, starting: bool = False) -> Any:
        """A filter (a ``re.Pattern``) for lower-case text: it matches whatever ``kinds`` match.

        Several kinds' phrases in one pattern, without ``re.IGNORECASE``:
        ``union(kinds).match(text.lower())`` tells most lines apart at about
        half the cost of one kind's pattern (it may match a little more; a
        line it matches is then looked at with :meth:`classify`).
        """
        return _union(kinds, self._added, starting)

    def union_source(self, kinds: tuple[str, ...], *, starting: bool = False) -> str:
        """The source of :meth:`union`'s pattern (not compiled), to build a pattern of one's own."""
        return _union_source(kinds, self._added, starting)

    def classify(
        self, kinds: tuple[str, ...], text: str, *, starting: bool = False
    ) -> tuple[str, re.Match[str]] | None:
        """The first of ``kinds`` a phrase of which starts ``text``, and its match; or None.

        One match of one pattern for all the kinds tells most lines apart
        (they start with no phrase); only a line that does is matched
        against each kind.  With ``starting``, :meth:`starts` in place of
        :meth:`match`.
        """
        if _union(kinds, self._added, starting).match(text.lower()) is None and (
            text.isascii() or CASE_FOLDED_APART.isdisjoint(text)
        ):
            return None
        find = self.starts if starting else self.match
        for kind in kinds:
            found = find(kind, text)
            if found is not None:
                return kind, found
        return None  # pragma: no cover - the union matched, so one kind does

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
