"""The rule registry: every check ``newsdoc check`` runs, with its stable code.

Codes are stable forever once published: a rule may be deprecated, never
renumbered.  ``ND0xx`` are the parser's structure and encoding errors (always
checked), ``ND1xx`` layout rules, ``ND2xx`` content rules.  The rules'
texts live in :mod:`newsdoc.rules.definitions`; ``docs/rules.md`` is generated from
them (``python tools/rulesdoc.py``) and a test fails when it drifts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final, Literal

import attrs

from ..model.diagnostic import RULE_NAMES, Applicability, Severity

__all__ = [
    "DOCS_URL",
    "RULES",
    "RULES_BY_CODE",
    "RULES_BY_NAME",
    "Option",
    "Rule",
    "SelectorError",
    "resolve_selectors",
]

Category = Literal["structure", "layout", "content"]

DOCS_URL: Final = "https://github.com/newsdoc/newsdoc/blob/main/docs/rules.md"
_CODE: Final = re.compile(r"ND\d{3}")
_NAME: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


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


def _build() -> tuple[tuple[Rule, ...], dict[str, Rule], dict[str, Rule]]:
    from .definitions import DEFINITIONS

    rules = tuple(sorted(DEFINITIONS, key=lambda rule: rule.code))
    by_code = {rule.code: rule for rule in rules}
    by_name = {rule.name: rule for rule in rules}
    if len(by_code) != len(rules) or len(by_name) != len(rules):  # pragma: no cover
        raise AssertionError("two rules share a code or a name")
    RULE_NAMES.update((rule.code, rule.name) for rule in rules)
    return rules, by_code, by_name


RULES, RULES_BY_CODE, RULES_BY_NAME = _build()
"""Every rule, sorted by code; and the same by code and by name."""

CONFIGURABLE: Final = frozenset(rule.code for rule in RULES if rule.configurable)
"""The codes that selection, severity and ignores apply to."""


class SelectorError(ValueError):
    """A selector that names no rule, or names a rule that cannot be turned off."""


def resolve_selector(selector: str) -> frozenset[str]:
    """The configurable codes a selector stands for.

    A selector is ``ALL``, a rule's code, a prefix of codes (``ND1``,
    ``ND20``), or a rule's name.  Structure errors (``ND0xx``) match no
    selector: they are always reported.  Raises :class:`SelectorError` for a
    selector that matches no rule, or that names a structure error exactly.
    """
    text = selector.strip()
    if text == "ALL":
        return CONFIGURABLE
    rule = RULES_BY_NAME.get(text) or RULES_BY_CODE.get(text.upper())
    if rule is not None:
        if not rule.configurable:
            raise SelectorError(
                f"{rule.code} ({rule.name}) is a structure error: it is always reported "
                "and cannot be selected, ignored or given a severity"
            )
        return frozenset({rule.code})
    prefix = text.upper()
    if prefix.startswith("ND") and (prefix == "ND" or prefix[2:].isdigit()):
        codes = frozenset(code for code in CONFIGURABLE if code.startswith(prefix))
        if codes:
            return codes
        if any(code.startswith(prefix) for code in RULES_BY_CODE):
            raise SelectorError(
                f"{selector!r} matches only structure errors, which are always reported"
            )
    raise SelectorError(f"unknown rule code, prefix or name {selector!r}")


def resolve_selectors(selectors: Iterable[str]) -> frozenset[str]:
    """The union of :func:`resolve_selector` over ``selectors``."""
    codes: frozenset[str] = frozenset()
    for selector in selectors:
        codes |= resolve_selector(selector)
    return codes


def rule_for(key: str) -> Rule | None:
    """The rule a configuration key names, by code or by name, or None."""
    return RULES_BY_CODE.get(key.upper()) or RULES_BY_NAME.get(key)


def default_options() -> Mapping[str, Mapping[str, int]]:
    """Every rule's options with their default values, by code."""
    return {
        rule.code: {option.name: option.default for option in rule.options}
        for rule in RULES
        if rule.options
    }
