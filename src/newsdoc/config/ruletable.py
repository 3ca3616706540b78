"""``[tool.newsdoc.rules]`` and the language settings: read and checked (see :mod:`.settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ..model.diagnostic import Severity
from ..model.errors import ConfigError
from ..rules.language import LANGUAGES
from ..rules.registry import rule_for
from .globs import glob_matches

__all__ = ["SEVERITIES", "check_language", "file_language", "languages_table", "rules_table"]

SEVERITIES = ("error", "warning")


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
    """The severities and options of ``[tool.newsdoc.rules]``, checked."""
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
