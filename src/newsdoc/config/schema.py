"""The JSON Schema of newsdoc's configuration, built from the settings and the rule registry.

``python tools/configschema.py`` writes it to ``newsdoc/schemas/config.schema.json``
(``newsdoc schema config`` prints that file; a test fails when it drifts).
It is written for SchemaStore, as the partial schema of ``[tool.newsdoc]``
in ``pyproject.toml`` (and the whole of ``newsdoc.toml``): JSON Schema
draft-07, every key described, nothing unknown allowed.  Selectors and rule
keys are listed in their canonical spelling (codes in capitals), which is
what editors complete.
"""

from __future__ import annotations

from typing import Any, Final

from ..model.diagnostic import DEFAULT_LIMIT
from ..rules.language import LANGUAGES
from ..rules.phrasebook import KINDS
from ..rules.registry import CONFIGURABLE, RULES
from .settings import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, KEYS
from .tables import SEVERITIES

__all__ = ["SCHEMA_ID", "config_schema"]

SCHEMA_ID: Final = "https://json.schemastore.org/partial-newsdoc.json"
DOCS: Final = "https://github.com/newsdoc/newsdoc/blob/main/docs/ci.md#configuration"

DESCRIPTIONS: Final = {
    "select": "Rules to check, replacing the default (every rule but the opt-in ones): codes "
    "(ND101), prefixes (ND1), names (trailing-whitespace) or ALL.",
    "extend-select": "Rules to check on top of select.",
    "ignore": "Rules not to check. For each rule the most specific selector wins; ignore "
    "wins a tie.",
    "strict": "Whether warnings fail the run too (exit 1).",
    "include": "Globs of the files to check when searching folders (gitignore style).",
    "exclude": "Globs of files and folders never searched; replaces the defaults.",
    "extend-exclude": "More globs to exclude, on top of exclude.",
    "per-file-ignores": "Rules not to check in the files a glob matches: glob = [selectors].",
    "rules": "Each rule's severity and options, by code or name.",
    "max-findings-per-rule": "How many findings of one rule are listed for one file; one more "
    "finding of the rule, where the first was left out, counts the rest. 0: all.",
    "fail-on-empty": "Whether paths that hold no file to read fail the run (exit 2) instead "
    "of a warning.",
    "phrases": "Phrases added to the phrasebook of page furniture, by kind: kind = [phrases] "
    "(see docs/phrases.md for the syntax).",
    "language": "The language of the texts (cs, de, en, es, fr, pl), for the rules whose "
    "judgement depends on it (typography); without it, each file's language is guessed.",
    "per-file-language": "The language of the files a glob matches: glob = language.",
}
"""What each top-level key means (a test checks that every key has one)."""


def _selectors() -> list[str]:
    """Every selector, canonically spelt: ALL, the prefixes and codes, the names."""
    prefixes = {code[:length] for code in CONFIGURABLE for length in range(2, len(code) + 1)}
    names = [rule.name for rule in RULES if rule.configurable]
    return ["ALL", *sorted(prefixes), *names]


def _strings(description: str, default: tuple[str, ...] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "description": description,
        "type": "array",
        "items": {"type": "string"},
    }
    if default is not None:
        schema["default"] = list(default)
    return schema


def _rule_table(code: str) -> dict[str, Any]:
    rule = next(rule for rule in RULES if rule.code == code)
    properties: dict[str, Any] = {
        "severity": {
            "description": f"The severity of {rule.code} (default: {rule.severity}).",
            "enum": list(SEVERITIES),
            "default": rule.severity,
        }
    }
    for option in rule.options:
        properties[option.name] = {
            "description": option.summary,
            "type": "integer",
            "minimum": option.minimum,
            "default": option.default,
        }
    return {
        "description": f"{rule.code} ({rule.name}): {rule.summary}",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "markdownDescription": f"[{rule.code} {rule.name}]({rule.url}): {rule.summary}",
    }


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the ``[tool.newsdoc]`` table."""
    selectors = {"type": "array", "items": {"$ref": "#/definitions/selector"}}
    properties: dict[str, Any] = {
        "select": {"description": DESCRIPTIONS["select"], **selectors},
        "extend-select": {"description": DESCRIPTIONS["extend-select"], **selectors},
        "ignore": {"description": DESCRIPTIONS["ignore"], **selectors},
        "strict": {"description": DESCRIPTIONS["strict"], "type": "boolean", "default": False},
        "include": _strings(DESCRIPTIONS["include"], DEFAULT_INCLUDE),
        "exclude": _strings(DESCRIPTIONS["exclude"], DEFAULT_EXCLUDE),
        "extend-exclude": _strings(DESCRIPTIONS["extend-exclude"]),
        "per-file-ignores": {
            "description": DESCRIPTIONS["per-file-ignores"],
            "type": "object",
            "additionalProperties": selectors,
        },
        "rules": {
            "description": DESCRIPTIONS["rules"],
            "type": "object",
            "properties": {
                key: {"$ref": f"#/definitions/{rule.code}"}
                for rule in RULES
                if rule.configurable
                for key in (rule.code, rule.name)
            },
            "additionalProperties": False,
        },
        "max-findings-per-rule": {
            "description": DESCRIPTIONS["max-findings-per-rule"],
            "type": "integer",
            "minimum": 0,
            "default": DEFAULT_LIMIT,
        },
        "fail-on-empty": {
            "description": DESCRIPTIONS["fail-on-empty"],
            "type": "boolean",
            "default": False,
        },
        "phrases": {
            "description": DESCRIPTIONS["phrases"],
            "type": "object",
            "properties": {
                kind: _strings(f"More phrases of the kind {kind}: {summary}.")
                for kind, summary in KINDS.items()
            },
            "additionalProperties": False,
        },
        "language": {"description": DESCRIPTIONS["language"], "enum": list(LANGUAGES)},
        "per-file-language": {
            "description": DESCRIPTIONS["per-file-language"],
            "type": "object",
            "additionalProperties": {"enum": list(LANGUAGES)},
        },
    }
    assert list(properties) == list(KEYS), "every configuration key, in order"
    definitions: dict[str, Any] = {
        "selector": {
            "description": "A rule's code (ND101), a prefix of codes (ND1), a rule's name, or ALL.",
            "enum": _selectors(),
        },
        **{rule.code: _rule_table(rule.code) for rule in RULES if rule.configurable},
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "newsdoc",
        "description": "newsdoc's configuration: [tool.newsdoc] in pyproject.toml, or the top "
        f"level of newsdoc.toml or .newsdoc.toml. See {DOCS}",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "definitions": definitions,
    }
