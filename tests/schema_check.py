"""Validating what newsdoc writes against the JSON Schemas it ships."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from newsdoc.cli.schema import schemas


@cache
def validator(name: str = "document") -> Draft202012Validator:
    schema = json.loads(schemas()[name].read_bytes())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(document: Any) -> list[str]:
    """The schema's complaints about one document (empty when it is valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator().iter_errors(document)
    ]


def documents(output: str, to: str) -> list[Any]:
    """Parse newsdoc's JSON or JSON Lines output and check every document against the schema."""
    if to == "jsonl":
        found = [json.loads(line) for line in output.splitlines()]
    else:
        value = json.loads(output)
        found = value if isinstance(value, list) else [value]
    for document in found:
        assert errors(document) == [], document
    return found
