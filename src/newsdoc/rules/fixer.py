"""Applying fixes: a dump's fixable problems corrected, pass after pass, to a fixed point.

Each pass validates the text, takes the fixes that may run (safe ones; unsafe
ones too when asked), keeps those whose edits do not overlap or touch the
edits of a fix already taken (as ruff does), applies them together, and
validates again, until no fix is left.  A pass takes only safe fixes while
there are any, so every pass is either layout only or changes text.

Nothing is taken on trust: after each pass the result must parse, and

- a safe pass must leave every paragraph and headline text unchanged;
- an unsafe pass must keep the number of paragraphs and headlines, except
  that a fix that deletes an item (its rule's ``deletes``) removes exactly it.

A pass that fails this is undone and its fixes are tried one at a time; a
fix that fails alone is refused (reported, never applied).  A text that does
not parse is never fixed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from ..model.diagnostic import Diagnostic, Fix
from ..model.document import NewsDump
from ..model.errors import ParseError
from ..syntax.diagnosis import INVALID_UTF8
from ..syntax.diagnosis import diagnose as diagnose_text
from ..syntax.reader import read
from .base import RuleSettings
from .engine import cap, diagnose, finding_limit, settings_for
from .registry import RULES, RULES_BY_CODE

__all__ = ["MAX_PASSES", "FixResult", "fix", "fix_text"]

MAX_PASSES: Final = 100
"""Passes after which fixing stops even if fixes remain (a rule's bug)."""

STRUCTURE_CODES: Final = frozenset(rule.code for rule in RULES if rule.category == "structure")
"""The parser's errors (ND001-ND006): a text that has one is never fixed."""

Keep = Callable[[Sequence[Diagnostic]], Sequence[Diagnostic]]
"""Chooses, among a pass's diagnostics, the ones whose fixes may run."""


@attrs.frozen
class FixResult:
    """What :func:`fix` did to a news dump."""

    text: str
    """The fixed text; the input itself when nothing was fixed."""

    fixed: tuple[Diagnostic, ...]
    """The problems whose fixes were applied, in the order applied.  Their
    positions are those of the text in the pass that fixed them."""

    remaining: tuple[Diagnostic, ...]
    """The problems of the fixed text (``validate(text)``), sorted by position."""

    refused: tuple[Diagnostic, ...]
    """The problems of :attr:`remaining` whose fix was tried and refused: the
    result would not parse, would lose or split a paragraph or headline, or
    (for a safe fix) would change a text."""

    converged: bool = True
    """False when fixes were still being found after the last pass (100 passes):
    a bug in a rule.  The text is then that of the last pass, which was checked."""

    @property
    def changed(self) -> bool:
        """Whether any fix was applied."""
        return bool(self.fixed)


def fix(
    source: str | bytes, config: RuleSettings | None = None, *, unsafe: bool = False
) -> FixResult:
    """Apply the fixes of a news dump's problems, repeatedly, until none is left.

    Only safe fixes (layout: whitespace, line breaks, BOM, blank lines) run
    unless ``unsafe`` is true.  ``config`` chooses the rules as for
    :func:`newsdoc.validate`; with every layout rule selected, the safe fixes
    give exactly the canonical form (``dumps(loads(source), canonical=True)``).

    A dump that does not parse (an ``ND002``-``ND006`` error) is returned
    unchanged, its problems in ``remaining``.  Bytes that are not UTF-8
    raise :class:`newsdoc.ParseError` (``ND001``, at the first bad byte), as
    :func:`newsdoc.loads` does: no text could hold them, so there would be
    nothing to write back.  Never raises otherwise for bad content.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _not_utf8(data) from None
    elif isinstance(source, str):
        text = source
    else:
        raise TypeError(f"expected str or bytes, not {type(source).__name__}")
    return fix_text(text, settings_for(config), unsafe=unsafe)


def fix_text(
    text: str,
    config: RuleSettings,
    *,
    unsafe: bool = False,
    keep: Keep | None = None,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """:func:`fix` for a decoded text; ``keep`` picks the problems that may be fixed."""
    found, parsed = diagnose(text, config, every_finding=True)
    document = parsed.document
    fixed: list[Diagnostic] = []
    refused_keys: set[tuple[str, str, str, str]] = set()
    converged = True
    for _ in range(max_passes):
        if any(d.code in STRUCTURE_CODES for d in found):
            break
        pool = keep(found) if keep is not None else found
        candidates = [
            d
            for d in pool
            if d.fix is not None
            and d.fix.edits
            and (unsafe or d.fix.applicability == "safe")
            and _key(d) not in refused_keys
        ]
        if not candidates:
            break
        safe = [d for d in candidates if _fix_of(d).applicability == "safe"]
        chosen = _non_overlapping(safe or candidates)
        assert document is not None  # no structure error: it parses
        outcome = _attempt(text, document, chosen, config)
        if outcome is not None:
            text, document, found = outcome
            fixed.extend(chosen)
            continue
        # Undo the pass; from the end of the text backwards, so that the
        # offsets of the fixes still to try stay valid.
        for diagnostic in reversed(chosen):
            outcome = _attempt(text, document, [diagnostic], config)
            if outcome is None:
                refused_keys.add(_key(diagnostic))
            else:
                text, document, found = outcome
                fixed.append(diagnostic)
    else:
        pool = keep(found) if keep is not None else found
        converged = not any(
            d.fix is not None
            and (unsafe or d.fix.applicability == "safe")
            and _key(d) not in refused_keys
            for d in pool
        )
    # Every fix was needed; what remains is listed as validate() lists it.
    found = cap(found, finding_limit(config))
    still = tuple(d for d in found if d.fix is not None and _key(d) in refused_keys)
    return FixResult(text, tuple(fixed), tuple(found), still, converged)


def _not_utf8(data: bytes) -> ParseError:
    """The ``ND001`` error of the first bytes that are not UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    errors = diagnose_text(text, True, read(text), limit=1)
    return next(error for error in errors if error.code == INVALID_UTF8)


def _fix_of(diagnostic: Diagnostic) -> Fix:
    assert diagnostic.fix is not None
    return diagnostic.fix


def _key(diagnostic: Diagnostic) -> tuple[str, str, str, str]:
    """What identifies a problem from one pass to the next, when offsets move."""
    return (
        diagnostic.code,
        diagnostic.message,
        diagnostic.source_line,
        _fix_of(diagnostic).message if diagnostic.fix else "",
    )


def _span(fix: Fix) -> tuple[int, int]:
    return fix.edits[0].start, max(edit.end for edit in fix.edits)


def _non_overlapping(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes to apply together: each one's span (first edit to last) clear of the others'.

    Spans that touch count as overlapping, so two insertions at one place,
    or a deletion and an insertion next to it, never meet in one pass; two
    fixes that only delete may touch (deleting two neighbouring lines is
    deleting both), so a repeated block goes in one pass, not line by line
    through states that look like something else.
    """
    order = sorted(
        diagnostics,
        key=lambda d: (RULES_BY_CODE[d.code].fix_rank, _span(_fix_of(d)), d.code),
    )
    starts: list[int] = []
    ends: list[int] = []
    deleting: list[bool] = []
    chosen = []
    for diagnostic in order:
        fix = _fix_of(diagnostic)
        start, end = _span(fix)
        deletes = all(edit.content == "" and edit.end > edit.start for edit in fix.edits)
        index = bisect_left(starts, start)
        if index and (
            ends[index - 1] > start
            or (ends[index - 1] == start and not (deletes and deleting[index - 1]))
        ):
            continue
        if index < len(starts) and (
            starts[index] < end or (starts[index] == end and not (deletes and deleting[index]))
        ):
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        deleting.insert(index, deletes)
        chosen.append(diagnostic)
    chosen.sort(key=lambda d: _span(_fix_of(d)))
    return chosen


def _apply(text: str, chosen: Sequence[Diagnostic]) -> str:
    """``text`` with the edits of the chosen fixes, which do not overlap."""
    edits = sorted(
        (edit for d in chosen for edit in _fix_of(d).edits), key=lambda e: (e.start, e.end)
    )
    parts = []
    done = 0
    for edit in edits:
        parts.append(text[done : edit.start])
        parts.append(edit.content)
        done = edit.end
    parts.append(text[done:])
    return "".join(parts)


def _attempt(
    text: str, document: NewsDump, chosen: Sequence[Diagnostic], config: RuleSettings
) -> tuple[str, NewsDump, list[Diagnostic]] | None:
    """The text with the chosen fixes, its document and its problems; None if refused."""
    after = _apply(text, chosen)
    found, result = diagnose(after, config, every_finding=True)
    new = result.document
    if result.errors or new is None:
        return None
    if all(_fix_of(d).applicability == "safe" for d in chosen):
        return (after, new, found) if new == document else None
    deleted = [RULES_BY_CODE[d.code].deletes for d in chosen]
    body = len(document.body) - deleted.count("body")
    headlines = len(document.headlines) - deleted.count("headlines")
    if (len(new.body), len(new.headlines)) != (body, headlines):
        return None
    return after, new, found
