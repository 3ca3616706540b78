"""``validate``: run every rule over a news dump, in one read and one pass.

The parser reports structure and encoding errors (ND001-ND006).  Then one
pass over the lines finds the structure (leading blank lines, body,
separator, headlines, trailing blank lines; the same runs as the parser's
best-effort document, so broken files are checked too) and the layout
problems, the content rules look at the body and headline texts, and one
regex scan of the whole text finds every character of interest.  Work that
clean text does not need is skipped by cheap tests, so the cost is linear in
the size of the text and small for clean text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import add, attrgetter
from types import ModuleType
from typing import TYPE_CHECKING, Final

from ..config.settings import Config
from ..model.diagnostic import Diagnostic, Edit, _new_diagnostic, _new_edit, _new_fix
from ..model.document import NewsDump
from ..syntax.parser import parse, problems
from .registry import RULES_BY_CODE

if TYPE_CHECKING:
    from ..model.errors import ParseError
    from ..syntax.parser import ParseResult

__all__ = ["diagnose", "validate"]

EditSpec = tuple[int, int, str] | Edit
"""An edit before it becomes an :class:`Edit` (start, end, replacement), or
already one, built by :meth:`Context.line_edit` where the rule knows its place."""

_default: list[Config] = []
_POSITION: Final = attrgetter("line", "column", "code")


def _default_config() -> Config:
    if not _default:
        _default.append(Config())
    return _default[0]


def validate(
    source: str | bytes | bytearray | memoryview | NewsDump, config: Config | None = None
) -> list[Diagnostic]:
    """Check a news dump with every enabled rule; return the problems sorted by position.

    ``source`` is the dump's text, its UTF-8 bytes (undecodable bytes are
    reported, not raised), or a :class:`NewsDump` (checked as
    ``dumps(document)``, its exact text).  Never raises for bad content.
    """
    context, data = _context(source, config)
    for error in problems(data):
        context.parse_error(error)
    return _found(context)


def diagnose(
    source: str | bytes | bytearray | memoryview | NewsDump, config: Config | None = None
) -> tuple[list[Diagnostic], ParseResult]:
    """:func:`validate`, and the parse it ran (for callers that need the document too).

    :func:`validate` alone asks the parser for its problems only, which
    skips building the document.
    """
    context, data = _context(source, config)
    result = parse(data)
    for error in result.errors:
        context.parse_error(error)
    return _found(context), result


def _context(
    source: str | bytes | bytearray | memoryview | NewsDump, config: Config | None
) -> tuple[Context, str | bytes]:
    """The context to check ``source`` in, and what to parse (its text, or undecodable bytes)."""
    raw = None
    if isinstance(source, NewsDump):
        from ..syntax.writer import dumps

        text = dumps(source)
        data: str | bytes = text
    elif isinstance(source, str):
        text = data = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = raw = bytes(source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "surrogateescape")
        else:
            data = text
    else:
        raise TypeError(f"expected str, bytes or NewsDump, not {type(source).__name__}")
    return Context(text, config or _default_config(), raw), data


def _found(context: Context) -> list[Diagnostic]:
    """Scan the text for the rules' findings; return all, sorted by position."""
    if context.text:
        _scan(context)
    return sorted(context.found, key=_POSITION)


class Context:
    """The text being checked, its lines, and the diagnostics found so far."""

    __slots__ = (
        "_starts",
        "bom",
        "enabled",
        "found",
        "lines",
        "plain",
        "settings",
        "severities",
        "spaced",
        "stripped",
        "text",
    )

    def __init__(self, text: str, config: Config, data: bytes | None = None) -> None:
        """``data``, when given, is the UTF-8 bytes that ``text`` was decoded from."""
        self.text = text
        self.enabled = config.checked
        self.severities = config.severities
        self.settings = config.settings
        self.found: list[Diagnostic] = []
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        self.lines = lines
        self.bom = text.startswith("\ufeff")
        self.plain: list[str] = lines
        self.stripped: list[str] = []
        # (Searching the bytes is several times faster than a text of wide characters.)
        self.spaced = "\t" in text or ("  " in text if data is None else b"  " in data)
        self._starts: list[int] | None = None

    def starts(self) -> list[int]:
        """The offset where each line starts, and one more: the end of the text."""
        starts = self._starts
        if starts is None:
            starts = list(accumulate(map(add, map(len, self.lines), repeat(1)), initial=0))
            starts[-1] = len(self.text)
            self._starts = starts
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        starts = self._starts or self.starts()
        count = len(self.lines)
        if offset >= starts[count] and self.text.endswith("\n"):
            return count + 1, 1  # just after the final line break
        index = bisect_right(starts, offset, 0, count) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The line and column of ``start`` and of ``end`` (``end >= start``)."""
        line, column = self.position(start)
        starts = self._starts or self.starts()
        if line < len(starts) and end < starts[line]:  # on the same line (most)
            return line, column, line, column + end - start
        return (line, column, *self.position(end))

    def text_start(self, index: int) -> int:
        """The offset of the first character of line ``index``'s text (past indentation)."""
        plain = self.plain[index]
        indent = len(plain) - len(plain.lstrip(" \t"))
        return self.starts()[index] + indent + (1 if index == 0 and self.bom else 0)

    @staticmethod
    def edit(start: int, end: int, content: str) -> EditSpec:
        """An edit replacing ``text[start:end]`` with ``content`` (made an Edit by ``add``)."""
        return start, end, content

    def line_edit(self, index: int, start: int, end: int, content: str) -> Edit:
        """An edit of characters ``start`` to ``end`` of line ``index``, its position known.

        The line's characters include its line break; no search for the
        line is needed to place the edit (a CRLF rule makes one per line).
        """
        offset = self.starts()[index]
        line = index + 1
        return _new_edit(offset + start, offset + end, content, line, start + 1, line, end + 1)

    def deletion(self, start: int, end: int) -> EditSpec:
        """An edit deleting a range, keeping a U+FEFF that it would bring to offset 0.

        A U+FEFF at the very start of a file is a BOM, so a text that starts
        with one needs a BOM before it (docs/spec.md, section 7).
        """
        keep = start == 0 and self.text.startswith("\ufeff", end)
        return start, end, "\ufeff" if keep else ""

    def add(
        self,
        code: str,
        start: int,
        end: int,
        message: str,
        fix: str | None = None,
        edits: Sequence[EditSpec] = (),
    ) -> None:
        """Record a diagnostic of rule ``code`` over ``text[start:end]``, with its fix."""
        if code not in self.enabled:
            return
        span = self.span
        whole = line, column, end_line, end_column = span(start, end)
        made = None
        applicability = RULES_BY_CODE[code].fix
        if fix is not None and applicability is not None:
            made_edits = []
            for spec in edits:
                if isinstance(spec, Edit):
                    made_edits.append(spec)
                    continue
                edit_start, edit_end, content = spec
                if edit_start == start and edit_end == end:  # most fixes: the same range
                    at = whole
                else:
                    at = span(edit_start, edit_end)
                made_edits.append(_new_edit(edit_start, edit_end, content, *at))
            made = _new_fix(tuple(made_edits), applicability, fix)
        index = line - 1
        source_line = self.lines[index].removesuffix("\r") if index < len(self.lines) else ""
        self.found.append(
            _new_diagnostic(
                code,
                self.severities[code],
                message,
                line,
                column,
                end_line,
                end_column,
                made,
                source_line,
            )
        )

    def parse_error(self, error: ParseError) -> None:
        """Record one of the parser's errors."""
        text = self.text
        start = error.pos
        end = start
        if error.code == "ND001":
            while end < len(text) and "\ud800" <= text[end] <= "\udfff":
                end += 1
        elif error.code == "ND002":
            end = start + 1
        elif error.code == "ND006":
            newline = text.find("\n", start)
            end = len(text) if newline < 0 else newline
            if end > start and text[end - 1] == "\r":
                end -= 1
        self.add(error.code, start, end, error.msg)


def _runs(blanks: list[int], count: int) -> list[tuple[int, int]]:
    """The (first, last) line indexes of each run of non-blank lines."""
    runs = []
    start = 0
    for blank in (*blanks, count):
        if blank > start:
            runs.append((start, blank - 1))
        start = blank + 1
    return runs


def _blank_lines(stripped: list[str]) -> list[int]:
    """The indexes of the empty strings (blank lines), found at C speed."""
    blanks = []
    index = -1
    find = stripped.index
    try:
        while True:
            index = find("", index + 1)
            blanks.append(index)
    except ValueError:
        return blanks


_RULE_MODULES: list[ModuleType] = []
"""The modules of the rules, imported on first use (``import newsdoc`` stays light)."""


def _scan(ctx: Context) -> None:
    if not _RULE_MODULES:
        from . import content as _content
        from . import layout as _layout

        _RULE_MODULES.extend((_content, _layout))
    content, layout = _RULE_MODULES
    text = ctx.text
    lines = ctx.lines
    count = len(lines)
    crlf: list[int] = []
    plain = lines
    if "\r" in text:
        crlf = list(compress(range(count), map(str.endswith, lines, repeat("\r"))))
        if crlf and crlf[-1] == count - 1 and not text.endswith("\n"):
            crlf.pop()  # a CR at the very end breaks no line
        plain = text.replace("\r\n", "\n").split("\n")
        if text.endswith("\n"):
            plain.pop()
    if ctx.bom:
        plain = [plain[0][1:], *plain[1:]]
    ctx.plain = plain
    stripped = list(map(str.strip, plain, repeat(" \t")))
    ctx.stripped = stripped
    if plain != stripped:
        layout.check_whitespace(ctx)
    runs = _runs(_blank_lines(stripped), count)
    layout.check_line_breaks(ctx, crlf)
    layout.check_structure(ctx, runs, crlf)
    if runs:
        content.check_body(ctx, runs[0])
    if len(runs) > 1:
        content.check_headlines(ctx, runs[1])
    content.check_characters(ctx, runs)
