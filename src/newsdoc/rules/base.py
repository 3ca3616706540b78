"""What a rule is, how one is declared, and the context its check runs in.

A rule is declared once, in its family's module, by decorating its check
function with :func:`rule`; the decorator turns the function into a
:class:`Rule` that carries everything about it: code, name, severity, fix,
documentation (the function's docstring), examples, options and the check
itself.  :mod:`newsdoc.rules.registry` collects the rules of every family
module.  See CONTRIBUTING.md, "How to add a rule".

A check receives a :class:`Context`: the text, the reader's structure of
it (lines, sections, positions), the rule's options, and :meth:`Context.report`
to record a finding (with its fix).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Final, Literal, Protocol, cast

import attrs

from ..model.diagnostic import (
    Applicability,
    Diagnostic,
    Edit,
    Severity,
    build_diagnostic,
    build_edit,
    build_fix,
)
from ..syntax.reader import Structure
from .phrasebook import Phrasebook, default_phrasebook

__all__ = [
    "DOCS_URL",
    "SIGNATURE",
    "Category",
    "Context",
    "EditSpec",
    "Option",
    "Rule",
    "RuleSettings",
    "rule",
]

Category = Literal["structure", "layout", "content", "corpus"]
"""What a rule is about: the structure (parser errors), layout, content, or the
whole corpus (``ND3xx``: duplicates and repeated lines, and the published
quality filters)."""
Section = Literal["body", "headlines"]
"""A section of a dump that holds items."""

DOCS_URL: Final = "https://github.com/newsdoc/newsdoc/blob/main/docs/rules.md"
SIGNATURE: Final = "signature"
"""The key of :attr:`Context.cache` where the corpus rules leave the file's signature."""
_WORDS: Final = "words"
"""The key of :attr:`Context.cache` where :meth:`Context.words` keeps each line's words."""
NO_LIMIT: Final = sys.maxsize
"""The :attr:`Context.limit` that lists every finding."""
_CODE: Final = re.compile(r"ND\d{3}")
_NAME: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CATEGORIES: Final[dict[str, Category]] = {
    "0": "structure",
    "1": "layout",
    "2": "content",
    "3": "corpus",
}


class RuleSettings(Protocol):
    """What a check needs to know of the configuration (:class:`newsdoc.Config` has it)."""

    @property
    def checked(self) -> frozenset[str]:
        """The codes of every rule that runs (the structure errors included)."""

    @property
    def severities(self) -> Mapping[str, Severity]:
        """Every rule's effective severity, by code."""

    @property
    def settings(self) -> Mapping[str, Mapping[str, int]]:
        """Every rule's effective options, by code."""


@attrs.frozen
class Option:
    """A setting of one rule, configurable in ``[tool.newsdoc.rules.CODE]``."""

    name: str
    """The key, in kebab case (``"max-length"``)."""

    default: int
    """The value when the configuration does not set it."""

    summary: str
    """One line saying what the value means."""

    minimum: int = 1
    """The smallest value allowed."""


EditSpec = tuple[int, int, str] | Edit
"""An edit before it becomes an :class:`Edit` (start, end, replacement), or
already one, built by :meth:`Context.line_edit` where the rule knows its place."""


class Context:
    """The text being checked, its structure, the rule running, and what was found.

    (A plain class with slots: one is made for every file.)
    """

    __slots__ = (
        "bom",
        "cache",
        "checked",
        "counts",
        "first",
        "found",
        "language",
        "limit",
        "lines",
        "omitted",
        "phrases",
        "plain",
        "rule",
        "runs",
        "settings",
        "severities",
        "stripped",
        "structure",
        "text",
    )

    def __init__(self, text: str, structure: Structure, settings: RuleSettings) -> None:
        self.text = text
        self.structure = structure
        self.lines = structure.lines
        self.plain = structure.plain
        self.stripped = structure.stripped
        self.runs = structure.runs
        self.bom = structure.bom
        self.checked = settings.checked
        self.severities = settings.severities
        self.settings = settings.settings
        language = getattr(settings, "language", None)
        self.language: str | None = language if isinstance(language, str) else None
        """The configured language of the text (``Config.language``), or None: guess it
        (see :mod:`.language`)."""
        book = getattr(settings, "phrasebook", None)
        self.phrases: Phrasebook = book if isinstance(book, Phrasebook) else default_phrasebook()
        """The phrasebook (the configuration's, which adds phrases to the shipped ones)."""
        self.found: list[Diagnostic] = []
        self.rule: Rule | None = None
        self.cache: dict[str, object] = {}
        """Work that several rules of a family share, keyed by the family's names."""
        self.limit = NO_LIMIT
        """How many findings of one rule are built; past it they are only counted."""
        self.first = 0
        """Where the running rule's findings start in :attr:`found` (a rule's are together)."""
        self.counts: dict[str, int] = {}
        """How many findings of each rule were left out past :attr:`limit`."""
        self.omitted: dict[str, int] = {}
        """The offset of each rule's first finding past :attr:`limit`."""

    # --- the rule running ---------------------------------------------------

    def option(self, name: str) -> int:
        """The value of the running rule's option ``name``."""
        assert self.rule is not None
        return self.settings[self.rule.code][name]

    def report(
        self,
        start: int,
        end: int,
        message: str,
        fix: str | None = None,
        edits: Sequence[EditSpec] = (),
    ) -> None:
        """Record a finding of the running rule over ``text[start:end]``, with its fix.

        ``fix`` says what the fix does ("delete the trailing whitespace") and
        ``edits`` how; the fix's safety is the rule's.
        """
        rule = self.rule
        assert rule is not None
        code = rule.code
        found = self.found
        if len(found) - self.first >= self.limit:  # counted, not built
            left_out = self.counts.get(code, 0)
            if not left_out:
                self.omitted[code] = start
            self.counts[code] = left_out + 1
            return
        structure = self.structure
        line, column, end_line, end_column = whole = structure.span(start, end)
        made = None
        applicability = rule.fix
        if fix is not None and applicability is not None:
            made = build_fix(self._edits(start, end, whole, edits), applicability, fix)
        lines = self.lines
        source = lines[line - 1] if line <= len(lines) else ""
        if source and source[-1] == "\r":
            source = structure.source_line(line)
        found.append(
            build_diagnostic(
                code,
                self.severities[code],
                message,
                line,
                column,
                end_line,
                end_column,
                made,
                source,
                0,
            )
        )

    def _edits(
        self,
        start: int,
        end: int,
        whole: tuple[int, int, int, int],
        edits: Sequence[EditSpec],
    ) -> tuple[Edit, ...]:
        """The edits of a fix, placed (``whole`` is where the finding's range is)."""
        made: list[Edit] = []
        span = self.structure.span
        for spec in edits:
            if isinstance(spec, Edit):
                made.append(spec)
                continue
            edit_start, edit_end, content = spec
            same = edit_start == start and edit_end == end  # most fixes: the same range
            at = whole if same else span(edit_start, edit_end)
            made.append(build_edit(edit_start, edit_end, content, *at))
        return tuple(made)

    # --- shared work ---------------------------------------------------------

    def words(self, index: int) -> list[str]:
        """The words of line ``index``'s text (``stripped[index].split()``), split once per file.

        Several rules read a line's words (how many there are, the first or
        last ones); each asks here, so that a line is split once, whichever
        rules run.  The list is shared: do not change it.
        """
        split = cast("list[list[str] | None] | None", self.cache.get(_WORDS))
        if split is None:
            split = [None] * len(self.lines)
            self.cache[_WORDS] = split
        words = split[index]
        if words is None:
            words = split[index] = self.stripped[index].split()
        return words

    # --- positions and edits -------------------------------------------------

    def starts(self) -> list[int]:
        """The offset where each line starts, and one more: the end of the text."""
        return self.structure.starts()

    def text_start(self, index: int) -> int:
        """The offset of the first character of line ``index``'s text (past indentation)."""
        return self.structure.text_start(index)

    @staticmethod
    def edit(start: int, end: int, content: str) -> EditSpec:
        """An edit replacing ``text[start:end]`` with ``content`` (made an Edit by ``report``)."""
        return start, end, content

    def line_edit(self, index: int, start: int, end: int, content: str) -> Edit:
        """An edit of characters ``start`` to ``end`` of line ``index``, its position known.

        The line's characters include its line break; no search for the
        line is needed to place the edit (a CRLF rule makes one per line).
        """
        offset = self.structure.line_start(index)
        line = index + 1
        return build_edit(offset + start, offset + end, content, line, start + 1, line, end + 1)

    def deletion(self, start: int, end: int) -> EditSpec:
        """An edit deleting a range, keeping a U+FEFF that it would bring to offset 0.

        A U+FEFF at the very start of a file is a BOM, so a text that starts
        with one needs a BOM before it (docs/spec.md, section 7).
        """
        keep = start == 0 and self.text.startswith("\ufeff", end)
        return start, end, "\ufeff" if keep else ""

    def line_deletion(self, index: int) -> EditSpec:
        """An edit deleting line ``index`` (never the first line) with its line break."""
        starts = self.structure.starts()
        if index + 1 < len(self.lines) or self.structure.final_newline:
            return self.edit(starts[index], starts[index + 1], "")
        previous = 2 if self.lines[index - 1].endswith("\r") else 1
        return self.edit(starts[index] - previous, len(self.text), "")


@attrs.frozen
class Rule:
    """One check: its code, name, default severity, fix and documentation."""

    code: str = attrs.field(validator=attrs.validators.matches_re(_CODE))
    """The stable code, ``ND`` and three digits."""

    name: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    """A stable kebab-case name; selectors accept it as well as the code."""

    category: Category
    """``"structure"`` (parser errors), ``"layout"`` or ``"content"``."""

    severity: Severity
    """The default severity."""

    fix: Applicability | None
    """Whether the rule offers a fix, and how safe it is; None when it has none."""

    summary: str
    """One line: what the rule reports."""

    rationale: str
    """Why it matters, and what the rule does not report (Markdown)."""

    bad: str
    """A whole dump that the rule reports."""

    good: str
    """The same dump, corrected: it gives no diagnostic at all."""

    options: tuple[Option, ...] = ()
    """The rule's settings."""

    protected: bool = attrs.field(default=False, kw_only=True)
    """Whether only an ignore naming this rule turns it off: a broad selection
    (``--select ND1``, ``ignore = ["ND2"]``) leaves it on (Trojan Source)."""

    opt_in: bool = attrs.field(default=False, kw_only=True)
    """Whether the rule is off unless a selector names it or its family: its code
    (``--extend-select ND221``), its name, or a prefix such as ``ND2`` or ``ND30``
    (``ALL`` and ``ND`` leave it off): a rule whose measured precision on real
    dumps is below 90%, or a corpus rule, like ruff's opt-in rules."""

    fix_rank: int = attrs.field(default=1, kw_only=True)
    """When the fixes of two findings overlap, the lower rank is applied first."""

    deletes: Section | None = attrs.field(default=None, kw_only=True)
    """The section one item of which the fix deletes, if it deletes one (a
    fix may otherwise never change how many items there are)."""

    check: Callable[[Context], None] | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False
    )
    """The check, or None for the structure errors, which the parser reports."""

    @property
    def fixable(self) -> bool:
        """True when the rule offers a fix."""
        return self.fix is not None

    @property
    def configurable(self) -> bool:
        """False for structure errors: they are always reported, as errors."""
        return self.category != "structure"

    @property
    def anchor(self) -> str:
        """The rule's heading anchor in docs/rules.md."""
        return f"{self.code.lower()}-{self.name}"

    @property
    def url(self) -> str:
        """The rule's documentation."""
        return f"{DOCS_URL}#{self.anchor}"

    def option(self, name: str) -> Option:
        """The option called ``name``; KeyError if the rule has none such."""
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


def _paragraphs(doc: str) -> list[str]:
    """The paragraphs of a docstring, each on one line."""
    return [" ".join(block.split()) for block in inspect.cleandoc(doc).split("\n\n") if block]


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    fix: Applicability | None,
    bad: str,
    good: str,
    options: Sequence[Option] = (),
    protected: bool = False,
    opt_in: bool = False,
    fix_rank: int = 1,
    deletes: Section | None = None,
) -> Callable[[Callable[[Context], None]], Rule]:
    """Declare a rule: decorate its check function, whose docstring documents it.

    The docstring's first paragraph is the rule's summary (one sentence),
    the rest its rationale (Markdown).  The category follows from the code:
    ``ND1xx`` layout, ``ND2xx`` content, ``ND3xx`` corpus.  An ``opt_in`` rule
    is off until a selection names it.
    """

    def declare(check: Callable[[Context], None]) -> Rule:
        summary, *rationale = _paragraphs(check.__doc__ or "")
        return Rule(
            code=code,
            name=name,
            category=_CATEGORIES[code[2]],
            severity=severity,
            fix=fix,
            summary=summary,
            rationale="\n\n".join(rationale),
            bad=bad,
            good=good,
            options=tuple(options),
            protected=protected,
            opt_in=opt_in,
            fix_rank=fix_rank,
            deletes=deletes,
            check=check,
        )

    return declare


def structure_rule(*, code: str, name: str, bad: str, good: str, doc: str) -> Rule:
    """Declare a structure error (``ND0xx``): the parser finds it, so it has no check."""
    summary, *rationale = _paragraphs(doc)
    return Rule(
        code=code,
        name=name,
        category="structure",
        severity="error",
        fix=None,
        summary=summary,
        rationale="\n\n".join(rationale),
        bad=bad,
        good=good,
    )
