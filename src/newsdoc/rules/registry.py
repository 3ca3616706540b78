"""The rule registry: every rule of every family, by code and by name, and selectors.

Codes are stable forever once published: a rule may be deprecated, never
renumbered.  ``ND0xx`` are the parser's structure and encoding errors
(always checked), ``ND1xx`` layout rules, ``ND2xx`` content rules,
``ND3xx`` corpus rules (opt-in).  Each
rule is declared in its family's module (see :mod:`.base`); this module
only collects them.  ``docs/rules.md`` and the list of published codes are
generated from the registry (``python tools/rulesdoc.py``) and a test fails
when they drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Final, SupportsIndex, overload

from ..model.diagnostic import RULE_NAMES
from . import (
    body,
    characters,
    corpus,
    furniture,
    headlines,
    headlist,
    layout,
    markup,
    quality,
    quotes,
    scripts,
    shape,
    spacing,
    structure,
)
from .base import DOCS_URL, Option, Rule

__all__ = [
    "CONFIGURABLE",
    "DEFAULT_ON",
    "DOCS_URL",
    "FAMILIES",
    "OPT_IN",
    "PROTECTED",
    "RULES",
    "RULES_BY_CODE",
    "RULES_BY_NAME",
    "Option",
    "Rule",
    "RuleTable",
    "SelectorError",
    "default_options",
    "resolve_selector",
    "resolve_selectors",
    "rule_for",
    "selected_by",
]

FAMILIES: Final[tuple[ModuleType, ...]] = (
    structure,
    layout,
    spacing,
    headlines,
    body,
    furniture,
    quotes,
    characters,
    markup,
    shape,
    scripts,
    headlist,
    corpus,
    quality,
)
"""The modules that declare rules; every :class:`Rule` in them is registered."""


class RuleTable(tuple[Rule, ...]):
    """Every rule, sorted by code: a tuple that a code or a name also indexes.

    ``RULES[0]`` is the first rule, ``RULES["ND101"]`` and
    ``RULES["trailing-whitespace"]`` the rule of that code or name (a
    ``KeyError`` names an unknown one); ``"ND101" in RULES`` tests a code or
    a name.
    """

    __slots__ = ()

    @overload
    def __getitem__(self, key: SupportsIndex) -> Rule: ...

    @overload
    def __getitem__(self, key: slice) -> tuple[Rule, ...]: ...

    @overload
    def __getitem__(self, key: str) -> Rule: ...

    def __getitem__(self, key: SupportsIndex | slice | str) -> Rule | tuple[Rule, ...]:
        if isinstance(key, str):
            rule = rule_for(key)
            if rule is None:
                raise KeyError(f"no rule has the code or name {key!r}")
            return rule
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return rule_for(key) is not None
        return super().__contains__(key)


def _build() -> tuple[RuleTable, dict[str, Rule], dict[str, Rule]]:
    declared = [value for family in FAMILIES for value in vars(family).values()]
    rules = RuleTable(sorted((r for r in declared if isinstance(r, Rule)), key=lambda r: r.code))
    by_code = {rule.code: rule for rule in rules}
    by_name = {rule.name: rule for rule in rules}
    if len(by_code) != len(rules) or len(by_name) != len(rules):  # pragma: no cover
        raise AssertionError("two rules share a code or a name")
    RULE_NAMES.update((rule.code, rule.name) for rule in rules)
    return rules, by_code, by_name


RULES, RULES_BY_CODE, RULES_BY_NAME = _build()
"""Every rule, sorted by code (indexed by code or name too); and the same by code and by name."""

CONFIGURABLE: Final = frozenset(rule.code for rule in RULES if rule.configurable)
"""The codes that selection, severity and ignores apply to."""

OPT_IN: Final = frozenset(rule.code for rule in RULES if rule.opt_in and rule.configurable)
"""The codes that are off unless a selector turns them on (see :attr:`Rule.opt_in`)."""

DEFAULT_ON: Final = CONFIGURABLE - OPT_IN
"""The configurable codes that run when no selection says otherwise."""

PROTECTED: Final = frozenset(rule.code for rule in RULES if rule.protected)
"""The codes that only an ignore naming the rule turns off (see :attr:`Rule.protected`)."""


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


def selected_by(selector: str) -> frozenset[str]:
    """The codes a selector turns on: :func:`resolve_selector`'s, opt-in rules aside for ALL and ND.

    A selector naming the opt-in rules' family (``ND3``) or one of them turns them on.
    """
    codes = resolve_selector(selector)
    if selector.strip().upper() in ("ALL", "ND"):
        return codes - OPT_IN
    return codes


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
