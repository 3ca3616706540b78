"""Reading the tables and lists of a configuration: selectors, strings, rules, phrases, languages.

:func:`newsdoc.config.settings.Config.from_mapping` checks each key's value
with these; each raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast

from ..model.diagnostic import Severity
from ..model.errors import ConfigError
from ..rules.language import LANGUAGES
from ..rules.phrasebook import KINDS
from ..rules.registry import SelectorError, resolve_selector, rule_for
from .globs import glob_matches

__all__ = [
    "SEVERITIES",
    "check_language",
    "file_language",
    "languages_table",
    "phrases_table",
    "rules_table",
    "selectors",
    "strings",
]

SEVERITIES: Final = ("error", "warning")


def strings(value: Any, key: str) -> tuple[str, ...]:
    """The list of strings ``value`` of ``key``, as a tuple."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key} must be a list of strings, not {value!r}")
    return tuple(value)


def selectors(value: Any, key: str) -> tuple[str, ...]:
    """The selectors ``value`` of ``key``, each checked to name rules."""
    found = strings(value, key)
    for selector in found:
        try:
            resolve_selector(selector)
        except SelectorError as error:
            raise ConfigError(f"{key}: {error}") from None
    return found


def phrases_table(phrases: Any) -> dict[str, tuple[str, ...]]:
    """``[phrases]``: kind = [phrases], the kinds checked (the phrases by the phrasebook)."""
    if not isinstance(phrases, Mapping):
        raise ConfigError(f"phrases must be a table of kind = [phrases], not {phrases!r}")
    table: dict[str, tuple[str, ...]] = {}
    for kind, value in phrases.items():
        if kind not in KINDS:
            known = ", ".join(KINDS)
            raise ConfigError(f"phrases: unknown kind {kind!r} (known: {known})")
        table[kind] = strings(value, f"phrases.{kind}")
    return table


def check_language(value: Any, key: str) -> str:
    """A language setting's value, checked: one of the codes newsdoc knows."""
    if value not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ConfigError(f"{key} must be one of {known}, not {value!r}")
    return cast(str, value)


def languages_table(value: Any) -> tuple[tuple[str, str], ...]:
    """``per-file-language``: (glob, language) pairs, checked."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"per-file-language must be a table of glob = language, not {value!r}")
    return tuple(
        (pattern, check_language(code, f"per-file-language.{pattern!r}"))
        for pattern, code in value.items()
    )


def file_language(
    language: str | None, per_file: tuple[tuple[str, str], ...], relative: str
) -> str | None:
    """The language of one file: the last per-file glob that matches it, else ``language``."""
    for pattern, code in per_file:
        if glob_matches(pattern, relative):
            language = code
    return language


def rules_table(
    rules: Any,
) -> tuple[dict[str, Severity], dict[str, dict[str, int]]]:
    """``[rules]``: each rule's severity and options, by code."""
    if not isinstance(rules, Mapping):
        raise ConfigError(f"rules must be a table of rule = {{settings}}, not {rules!r}")
    severity: dict[str, Severity] = {}
    options: dict[str, dict[str, int]] = {}
    seen: dict[str, str] = {}
    for key, settings in rules.items():
        rule = rule_for(key)
        if rule is None:
            raise ConfigError(f"rules: unknown rule code or name {key!r}")
        if rule.code in seen:
            raise ConfigError(
                f"rules: {rule.code} is configured twice ({seen[rule.code]!r} and {key!r})"
            )
        seen[rule.code] = key
        if not rule.configurable:
            raise ConfigError(
                f"rules: {rule.code} ({rule.name}) is a structure error: it is always an error"
            )
        if not isinstance(settings, Mapping):
            raise ConfigError(f"rules.{key} must be a table, not {settings!r}")
        for name, value in settings.items():
            if name == "severity":
                if value not in SEVERITIES:
                    raise ConfigError(
                        f"rules.{key}.severity must be 'error' or 'warning', not {value!r}"
                    )
                severity[rule.code] = cast(Severity, value)
                continue
            try:
                option = rule.option(name)
            except KeyError:
                known = ", ".join(["severity", *(o.name for o in rule.options)])
                raise ConfigError(f"rules.{key}: unknown key {name!r} (known: {known})") from None
            if type(value) is not int or value < option.minimum:
                raise ConfigError(
                    f"rules.{key}.{name} must be an integer >= {option.minimum}, not {value!r}"
                )
            options.setdefault(rule.code, {})[name] = value
    return severity, options
