"""The attrs model of a parsed news dump.

Content (the texts) takes part in equality; positions and layout do not, so
two dumps that differ only in whitespace, line endings or blank lines compare
equal.  Layout is kept so that :func:`newsdoc.dumps` can give back the exact
original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from .chars import FORBIDDEN
from .speed import Deferred, DeferredField, LazyPattern, builder, defer

__all__ = ["Headline", "Layout", "NewsDump", "Paragraph", "PendingItems", "item_texts"]

_FORBIDDEN: Final = LazyPattern(f"[{FORBIDDEN}]")
# Only layout built by hand is checked with these (the parser's is not).
_BLANK_LINE: Final = LazyPattern(r"[ \t]*\r?\n")
_LAST_BLANK_LINE: Final = LazyPattern(r"[ \t]*(?:\r?\n)?")
_WHITESPACE: Final = LazyPattern(r"[ \t]*")
_NEWLINES: Final = ("\n", "\r\n", "")


def _describe(char: str) -> str:
    if char == "\n":
        return "a line break (U+000A)"
    if char == "\r":
        return "a carriage return (U+000D)"
    return f"the character U+{ord(char):04X}"


def _check_text(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    kind = type(instance).__name__
    if not isinstance(value, str):
        raise TypeError(f"{kind} text must be a str, not {type(value).__name__}")
    if not value.strip(" \t"):
        raise ValueError(f"{kind} text must not be empty or only spaces and tabs")
    if value[0] in " \t" or value[-1] in " \t":
        raise ValueError(
            f"{kind} text must not start or end with a space or tab "
            "(that whitespace is layout: use indent and trailing)"
        )
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"{kind} text must not contain {_describe(bad.group())} (found at index {bad.start()})"
        )


def _check_whitespace(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _WHITESPACE.fullmatch(value):
        raise ValueError(f"{attribute.name} must hold only spaces and tabs, got {value!r}")


def _check_newline(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _NEWLINES:
        raise ValueError(f"newline must be '\\n', '\\r\\n' or '', got {value!r}")


@attrs.frozen
class _Item:
    """A line of a news dump: its text, where it was, and its layout."""

    text: str = attrs.field(validator=_check_text)
    """The line without its leading and trailing spaces and tabs."""

    line: int | None = attrs.field(default=None, eq=False, kw_only=True)
    """The 1-based line number in the source, or None for an item built by hand."""

    indent: str = attrs.field(default="", eq=False, kw_only=True, validator=_check_whitespace)
    """Spaces and tabs before the text (layout)."""

    trailing: str = attrs.field(default="", eq=False, kw_only=True, validator=_check_whitespace)
    """Spaces and tabs after the text (layout)."""

    newline: str = attrs.field(default="\n", eq=False, kw_only=True, validator=_check_newline)
    """The line break after the line: ``"\\n"``, ``"\\r\\n"``, or ``""`` for a
    last line without one (layout)."""

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Paragraph(_Item):
    """One body paragraph: one line of the body."""


@attrs.frozen
class Headline(_Item):
    """One headline: one line of the headline list."""


def _lines(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(lines)


def _check_blank_lines(
    instance: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for index, line in enumerate(value):
        last = attribute.name == "trailing" and index == len(value) - 1
        ok = _LAST_BLANK_LINE.fullmatch(line) if last else _BLANK_LINE.fullmatch(line)
        if not isinstance(line, str) or not ok or line == "":
            ending = "" if last else ", each ending in a line break"
            raise ValueError(
                f"Layout.{attribute.name} must hold blank lines (spaces and tabs{ending}), "
                f"got {line!r} at index {index}"
            )


def _check_separator(
    instance: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value:
        raise ValueError("Layout.separator needs at least one blank line")
    _check_blank_lines(instance, attribute, value)


@attrs.frozen
class Layout:
    """Everything about a dump's bytes that is not content.

    The default is the canonical layout: no BOM, no leading or trailing blank
    lines, and exactly two blank lines as separator.
    """

    bom: bool = False
    """Whether the file starts with a byte order mark (U+FEFF)."""

    leading: tuple[str, ...] = attrs.field(
        default=(), converter=_lines, validator=_check_blank_lines
    )
    """Blank lines before the body, each with its line break."""

    separator: tuple[str, ...] = attrs.field(
        default=("\n", "\n"), converter=_lines, validator=_check_separator
    )
    """The blank lines between the body and the headlines, each with its line break."""

    trailing: tuple[str, ...] = attrs.field(
        default=(), converter=_lines, validator=_check_blank_lines
    )
    """Blank lines after the headlines; the last may lack its line break."""


CANONICAL_LAYOUT: Final = Layout()


def _paragraphs(items: Iterable[Paragraph]) -> tuple[Paragraph, ...]:
    return tuple(items)


def _headlines(items: Iterable[Headline]) -> tuple[Headline, ...]:
    return tuple(items)


def _check_items(kind: type[_Item], section: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not value:
            raise ValueError(f"NewsDump.{section} needs at least one {kind.__name__}")
        for index, item in enumerate(value):
            if type(item) is not kind:
                raise TypeError(
                    f"NewsDump.{section}[{index}] must be a {kind.__name__}, "
                    f"not {type(item).__name__}"
                )

    return check


@attrs.frozen
class NewsDump:
    """A parsed news dump: the body paragraphs and the headline list.

    Two dumps are equal when their texts are equal, whatever their layout.
    """

    body: tuple[Paragraph, ...] = attrs.field(
        converter=_paragraphs, validator=_check_items(Paragraph, "body")
    )
    """The article's paragraphs, in order (at least one)."""

    headlines: tuple[Headline, ...] = attrs.field(
        converter=_headlines, validator=_check_items(Headline, "headlines")
    )
    """The headlines, in order (at least one)."""

    layout: Layout = attrs.field(default=CANONICAL_LAYOUT, eq=False, kw_only=True)
    """BOM, leading, separator and trailing blank lines (layout)."""

    @classmethod
    def from_texts(
        cls, body: list[str] | tuple[str, ...], headlines: list[str] | tuple[str, ...]
    ) -> NewsDump:
        """Build a dump in canonical layout from plain strings."""
        return cls(tuple(Paragraph(t) for t in body), tuple(Headline(t) for t in headlines))


class PendingItems(Deferred):
    """The items of a document's body or headline list, not made yet (see :func:`item_texts`).

    The parser leaves one in each of the two fields (``newsdoc.model.speed.defer``):
    the items are made the first time the field is read, and the texts alone
    can be had without making them.
    """

    __slots__ = ()

    def texts(self) -> list[str]:
        """The items' texts, without making the items."""
        raise NotImplementedError


# A document's items are made when the field is first read (newsdoc.model.speed.defer).
defer(NewsDump, "body", "headlines")
_BODY: Final[DeferredField] = vars(NewsDump)["body"]
_HEADLINES: Final[DeferredField] = vars(NewsDump)["headlines"]


def item_texts(document: NewsDump) -> tuple[list[str], list[str]]:
    """The texts of the body and of the headline list, as new lists.

    The same as ``[p.text for p in document.body]`` and the same for the
    headlines, but for a document the parser left to be made on first read,
    the items are not made: JSON Lines of the texts is what converting a
    corpus writes by the million.
    """
    body = _BODY.peek(document)
    headlines = _HEADLINES.peek(document)
    return (
        body.texts() if isinstance(body, PendingItems) else [p.text for p in body],
        headlines.texts() if isinstance(headlines, PendingItems) else [h.text for h in headlines],
    )


# The parser builds items by the thousand from lines the grammar has checked:
# these skip the validators and converters (see newsdoc.model.speed.builder).
build_paragraph: Final = builder(
    "build_paragraph", Paragraph, "text", "line", "indent", "trailing", "newline"
)
build_headline: Final = builder(
    "build_headline", Headline, "text", "line", "indent", "trailing", "newline"
)
build_layout: Final = builder("build_layout", Layout, "bom", "leading", "separator", "trailing")
build_dump: Final = builder("build_dump", NewsDump, "body", "headlines", "layout")
