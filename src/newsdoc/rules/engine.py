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

from collections.abc import Mapping
from operator import attrgetter
from typing import Final

from ..model.diagnostic import Diagnostic, Severity
from ..model.document import NewsDump
from ..model.errors import ParseError
from ..model.speed import once
from ..syntax.diagnosis import diagnose as diagnose_text
from ..syntax.parser import ParseResult, accepts, parse_read
from ..syntax.reader import read
from ..syntax.writer import dumps
from .base import Context, Rule, RuleSettings
from .registry import RULES, RULES_BY_CODE, default_options
from .structure import extent

__all__ = ["DefaultSettings", "diagnose", "settings_for", "validate"]

Source = str | bytes | bytearray | memoryview | NewsDump
_POSITION: Final = attrgetter("line", "column", "code")


class DefaultSettings:
    """The settings of the default configuration: every rule, its severity and options."""

    __slots__ = ("checked", "settings", "severities")

    def __init__(self) -> None:
        self.checked: frozenset[str] = frozenset(rule.code for rule in RULES)
        self.severities: Mapping[str, Severity] = {rule.code: rule.severity for rule in RULES}
        self.settings: Mapping[str, Mapping[str, int]] = default_options()


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
    Never raises for bad content.
    """
    context, text, from_bytes = _context(source, config)
    if not accepts(text):
        for error in diagnose_text(text, from_bytes, context.structure):
            _parse_error(context, error)
    return _found(context)


def diagnose(
    source: Source, config: RuleSettings | None = None
) -> tuple[list[Diagnostic], ParseResult]:
    """:func:`validate`, and the parse it ran (for callers that need the document too).

    Both come from one reading of the text.
    """
    context, text, from_bytes = _context(source, config)
    result = parse_read(text, from_bytes, context.structure)
    for error in result.errors:
        _parse_error(context, error)
    return _found(context), result


def _context(source: Source, config: RuleSettings | None) -> tuple[Context, str, bool]:
    """The context to check ``source`` in, its text, and whether that came from bytes."""
    from_bytes = False
    if isinstance(source, NewsDump):
        text = dumps(source)
    elif isinstance(source, str):
        text = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "surrogateescape")
            from_bytes = True
    else:
        raise TypeError(f"expected str, bytes or NewsDump, not {type(source).__name__}")
    return Context(text, read(text), settings_for(config)), text, from_bytes


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
    context.rule = RULES_BY_CODE[error.code]
    context.report(error.pos, extent(error, context.text), error.msg)


def _found(context: Context) -> list[Diagnostic]:
    """Run every enabled rule over the text; return all findings, sorted by position."""
    if context.text:
        for rule in _active(context.checked):
            context.rule = rule
            rule.check(context)  # type: ignore[misc]
    return sorted(context.found, key=_POSITION)
