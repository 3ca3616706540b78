"""``validate``: one reading of a dump, then every enabled rule over it.

The grammar says whether the text is a dump; when it is not, the parser's
diagnosis gives the structure and encoding errors (ND001-ND006).  The
reader's structure of the text (:mod:`newsdoc.syntax.reader`) is read once
and given to every rule's check (:class:`~newsdoc.rules.base.Context`), so
broken files are checked by every rule too.  Checks skip clean text with
cheap whole-text tests, so the cost is linear in the size of the text and
small for clean text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Final

from ..model.diagnostic import (
    DEFAULT_LIMIT,
    Diagnostic,
    Severity,
    build_diagnostic,
    omitted_message,
)
from ..model.document import NewsDump
from ..model.errors import ParseError
from ..model.speed import once
from ..syntax.diagnosis import NOT_A_DUMP, NOT_UTF8
from ..syntax.diagnosis import diagnose as diagnose_text
from ..syntax.parser import ParseResult, accepts, parse_read
from ..syntax.reader import read
from ..syntax.writer import dumps
from .base import NO_LIMIT, SIGNATURE, Context, Rule, RuleSettings
from .registry import RULES, RULES_BY_CODE, default_options
from .structure import extent

__all__ = [
    "DefaultSettings",
    "cap",
    "diagnose",
    "diagnose_signed",
    "finding_limit",
    "settings_for",
    "validate",
    "validate_signed",
]

Source = str | bytes | bytearray | memoryview | NewsDump
_POSITION: Final = attrgetter("line", "column", "code")


class DefaultSettings:
    """The settings of the default configuration: every rule on by default, its severity and options."""

    __slots__ = ("checked", "language", "settings", "severities")

    def __init__(self) -> None:
        self.checked: frozenset[str] = frozenset(rule.code for rule in RULES if not rule.opt_in)
        self.severities: Mapping[str, Severity] = {rule.code: rule.severity for rule in RULES}
        self.settings: Mapping[str, Mapping[str, int]] = default_options()
        self.language: str | None = None


@once
def default_settings() -> DefaultSettings:
    """The default settings, made once."""
    return DefaultSettings()


@once
def _active(checked: frozenset[str]) -> tuple[Rule, ...]:
    """The rules with a check that run when ``checked`` are the enabled codes."""
    return tuple(rule for rule in RULES if rule.check is not None and rule.code in checked)


def validate(source: Source, config: RuleSettings | None = None) -> list[Diagnostic]:
    """Check a news dump with every enabled rule; return the problems sorted by position.

    ``source`` is the dump's text, its UTF-8 bytes (undecodable bytes are
    reported, not raised), or a :class:`NewsDump` (checked as
    ``dumps(document)``, its exact text).  ``config`` is a :class:`newsdoc.Config`
    (default: every rule that is on by default, at its default settings).
    Never raises for bad content.  At most ``max_findings_per_rule`` findings
    of a rule are listed (1000 by default), then one that counts the rest.
    """
    return _validate(source, config)[0]


def validate_signed(
    source: Source, config: RuleSettings | None = None
) -> tuple[list[Diagnostic], object]:
    """:func:`validate`, and the signature the corpus rules left (None when none ran).

    The corpus rules' checks only compute a file's signature
    (:mod:`newsdoc.rules.sketch`); their findings come from comparing the
    signatures of a run's files (:mod:`newsdoc.rules.merge`).
    """
    found, context = _validate(source, config)
    return found, context.cache.get(SIGNATURE)


def _validate(source: Source, config: RuleSettings | None) -> tuple[list[Diagnostic], Context]:
    context, text, from_bytes = _context(source, config)
    limit = finding_limit(config)
    if not accepts(text):
        errors = diagnose_text(text, from_bytes, context.structure, limit)
        for error in errors:
            _parse_error(context, error)
        if _other_encoding(errors):
            return list(context.found), context  # one message: every rule would only echo it
    return _found(context, limit), context


def diagnose(
    source: Source, config: RuleSettings | None = None, *, every_finding: bool = False
) -> tuple[list[Diagnostic], ParseResult]:
    """:func:`validate`, and the parse it ran (for callers that need the document too).

    Both come from one reading of the text.  With ``every_finding`` the
    rules' findings are not limited (the fixer needs every fix; the parser's
    errors still are).
    """
    found, result, _ = _diagnose(source, config, every_finding)
    return found, result


def diagnose_signed(
    source: Source, config: RuleSettings | None = None
) -> tuple[list[Diagnostic], ParseResult, object]:
    """:func:`diagnose`, and the signature the corpus rules left (see :func:`validate_signed`)."""
    found, result, context = _diagnose(source, config, False)
    return found, result, context.cache.get(SIGNATURE)


def _diagnose(
    source: Source, config: RuleSettings | None, every_finding: bool
) -> tuple[list[Diagnostic], ParseResult, Context]:
    context, text, from_bytes = _context(source, config)
    limit = finding_limit(config)
    result = parse_read(text, from_bytes, context.structure, limit)
    for error in result.errors:
        _parse_error(context, error)
    if _other_encoding(result.errors):
        return list(context.found), result, context
    return _found(context, None if every_finding else limit), result, context


def finding_limit(config: RuleSettings | None) -> int | None:
    """How many findings of a rule to list for one file: the configuration's, else 1000.

    None means every one (``max_findings_per_rule = 0``).
    """
    limit = getattr(config, "max_findings_per_rule", DEFAULT_LIMIT)
    return limit if isinstance(limit, int) and limit > 0 else None


def cap(found: list[Diagnostic], limit: int | None) -> list[Diagnostic]:
    """Findings sorted by position, at most ``limit`` of a rule, as :func:`validate` lists them.

    The first finding past the limit is replaced by one that counts those
    left out.  (For findings made without a limit, as the fixer's are.)
    """
    if limit is None or len(found) <= limit:
        return found
    counts: dict[str, int] = {}
    kept: list[Diagnostic] = []
    first: dict[str, Diagnostic] = {}
    for diagnostic in found:
        code = diagnostic.code
        seen = counts.get(code, 0)
        counts[code] = seen + 1
        if seen < limit:
            kept.append(diagnostic)
        elif seen == limit:
            first[code] = diagnostic
    for code, at in first.items():
        kept.append(
            _summary(
                code, at.severity, counts[code] - limit, limit, at.line, at.column, at.source_line
            )
        )
    return sorted(kept, key=_POSITION)


def _summary(
    code: str, severity: Severity, count: int, limit: int, line: int, column: int, source: str
) -> Diagnostic:
    """The finding that stands for ``count`` findings of a rule left out, the first at ``line:column``."""
    message = omitted_message(count, code, limit)
    at = (line, column, line, column)
    return build_diagnostic(code, severity, message, *at, None, source, count)


def _other_encoding(errors: Sequence[ParseError]) -> bool:
    """Whether the diagnosis says the bytes are not UTF-8 text: UTF-16, UTF-32, binary data."""
    return len(errors) == 1 and errors[0].msg.startswith((NOT_UTF8, NOT_A_DUMP))


def _context(source: Source, config: RuleSettings | None) -> tuple[Context, str, bool]:
    """The context to check ``source`` in, its text, and whether that came from bytes."""
    from_bytes = False
    if isinstance(source, NewsDump):
        text = dumps(source)
    elif isinstance(source, str):
        text = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        # Bytes that decode are the same text with "surrogateescape"; the
        # diagnosis still needs to know they were bytes (UTF-16 of ASCII
        # text decodes as UTF-8: one NUL in two).
        from_bytes = True
        data = bytes(source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "surrogateescape")
    else:
        raise TypeError(f"expected str, bytes or NewsDump, not {type(source).__name__}")
    context = Context(text, read(text), settings_for(config))
    return context, text, from_bytes


def settings_for(config: RuleSettings | None) -> RuleSettings:
    """The settings to check with (the defaults for None); TypeError for what is not a configuration."""
    if config is None:
        return default_settings()
    if not all(hasattr(config, name) for name in ("checked", "severities", "settings")):
        hint = (
            " (build one from a dict with Config.from_mapping())"
            if isinstance(config, dict)
            else ""
        )
        raise TypeError(f"config must be a newsdoc.Config, not {type(config).__name__}{hint}")
    return config


def _parse_error(context: Context, error: ParseError) -> None:
    """Record one of the parser's errors, over the characters it is about."""
    if error.omitted:  # the one that counts those left out: it counts as them
        at = (error.line, error.column, error.line, error.column)
        source = context.structure.source_line(error.line)
        summary = build_diagnostic(error.code, "error", error.msg, *at, None, source, error.omitted)
        context.found.append(summary)
        return
    context.rule = RULES_BY_CODE[error.code]
    context.report(error.pos, extent(error, context.text), error.msg)


def _found(context: Context, limit: int | None) -> list[Diagnostic]:
    """Run every enabled rule over the text; return its findings, sorted by position.

    At most ``limit`` findings of a rule are made (the parser's errors, reported
    before, come limited already); one more, at the first left out, counts the rest.
    """
    context.limit = NO_LIMIT if limit is None else limit
    if context.text:
        for rule in _active(context.checked):
            context.rule = rule
            context.first = len(context.found)
            rule.check(context)  # type: ignore[misc]
    if context.omitted:
        structure = context.structure
        for code, start in context.omitted.items():
            line, column = structure.position(start)
            count = context.counts[code]
            severity = context.severities[code]
            source = structure.source_line(line)
            context.found.append(
                _summary(code, severity, count, context.limit, line, column, source)
            )
    return sorted(context.found, key=_POSITION)
