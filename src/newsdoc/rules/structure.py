"""Structure and encoding errors (ND0xx): what makes a file not a news dump.

The parser finds these (:mod:`newsdoc.syntax.diagnosis`); they are always
checked, always errors, and have no fix.  Here they are documented as rules.
"""

from __future__ import annotations

from ..model.errors import ParseError
from ..syntax.diagnosis import CONTROL_CHARACTER, INVALID_UTF8, SECOND_SEPARATOR
from .base import structure_rule
from .examples import BODY, GOOD, dump

__all__ = [
    "control_character",
    "empty_document",
    "extent",
    "invalid_utf8",
    "missing_headlines",
    "missing_separator",
    "second_separator",
]

invalid_utf8 = structure_rule(
    code="ND001",
    name="invalid-utf8",
    bad="The caf\udce9 reopened on Monday.\n\n\nCaf\udce9 Reopens\n",
    good="The café reopened on Monday.\n\n\nCafé Reopens\n",
    doc="""The file's bytes are not valid UTF-8.

    A news dump is UTF-8 text. Undecodable bytes usually mean the scraper wrote the page
    in its original encoding (Windows-1252, Latin-1, Shift JIS) instead of converting
    it. Each bad sequence is reported at its first character, and the message gives its
    byte offset. Convert the file to UTF-8 with its real source encoding; do not guess.

    A file in UTF-16 or UTF-32 gets one finding that names the encoding, and so does
    binary data, named by its first bytes (a PDF, an image, Parquet, an archive or
    compressed data under another name, an executable...): one finding at the start of
    the file, and no other rule runs on it.
    """,
)

control_character = structure_rule(
    code="ND002",
    name="control-character",
    bad=dump("The council approved the budget\x0c on Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
    doc="""A C0 control character (NUL, ESC, form feed...) or a lone carriage return.

    Control characters other than tab and the line break are forbidden: they are
    invisible, break other tools, and are almost always debris from a binary format or a
    bad copy. A carriage return that is not followed by a line feed is not a line break
    (only LF and CRLF are). DEL and the C1 controls are text for the parser; `ND211`
    reports the C1 controls.
    """,
)

empty_document = structure_rule(
    code="ND003",
    name="empty-document",
    bad="\n\n",
    good=GOOD,
    doc="""The file is empty or holds only blank lines.

    An empty dump is what a scraper writes when the page failed to load. It has no body
    and no headline list, so it is not a news dump.
    """,
)

missing_separator = structure_rule(
    code="ND004",
    name="missing-separator",
    bad=BODY,
    good=GOOD,
    doc="""The body is not followed by a blank line and a headline list.

    A dump is body paragraphs, a run of blank lines, then headlines. Without the blank
    line there is no way to tell where the headlines start; often the scraper dropped
    the headline list or wrote the blank line as spaces on a text line. The error points
    just after the last body line.
    """,
)

missing_headlines = structure_rule(
    code="ND005",
    name="missing-headlines",
    bad=BODY + "\n\n",
    good=GOOD,
    doc="""The blank lines after the body are not followed by a headline list.

    The file ends after the separator: the headline list is missing, usually because the
    scraper found no headlines or stopped early.
    """,
)

second_separator = structure_rule(
    code="ND006",
    name="second-separator",
    bad=dump(heads="Council Approves Budget\n\nVote Splits Along Party Lines\n"),
    good=GOOD,
    doc="""Text after a second run of blank lines: a dump has exactly one separator.

    After the headline list only blank lines may follow. A third block of text is
    usually two dumps written into one file, or a headline list with a blank line inside
    it. Each extra block is reported at its first line.
    """,
)


def extent(error: ParseError, text: str) -> int:
    """The offset just after what a structure error is about (it starts at ``error.pos``).

    A run of undecodable bytes, one control character, or the extra text on
    the line where a second separator ends; the other errors are a place
    (an empty range).
    """
    start = end = error.pos
    if error.code == INVALID_UTF8:
        while end < len(text) and "\ud800" <= text[end] <= "\udfff":
            end += 1
    elif error.code == CONTROL_CHARACTER:
        end = start + 1
    elif error.code == SECOND_SEPARATOR:
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        if end > start and text[end - 1] == "\r":
            end -= 1
    return end
