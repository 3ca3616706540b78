"""``newsdoc schema config``: the JSON Schema of ``[tool.newsdoc]``, for editors and SchemaStore."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from tools.configschema import PATH, render

import newsdoc
from newsdoc.config.settings import KEYS
from tests.cli_helpers import run
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / PATH).read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA)
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])


def _examples() -> list[tuple[str, dict[str, Any]]]:
    """Every configuration in the documentation: TOML blocks that hold newsdoc's settings."""
    found = []
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```toml\n(.*?)```", text, re.S), 1):
            data = tomllib.loads(block)
            table = data.get("tool", {}).get("newsdoc", data)
            found.append((f"{path.relative_to(ROOT)} #{number}", table))
    return found


def test_the_committed_schema_is_current() -> None:
    """src/newsdoc/schemas/config.schema.json is what tools/configschema.py writes now."""
    assert (ROOT / PATH).read_text(encoding="utf-8") == render()


def test_the_schema_is_draft_07_and_describes_every_key() -> None:
    """A valid draft-07 schema (as SchemaStore wants), with a description for every key."""
    Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == "https://json.schemastore.org/partial-newsdoc.json"
    assert list(SCHEMA["properties"]) == list(KEYS)
    for key, spec in SCHEMA["properties"].items():
        assert spec["description"], key
    assert SCHEMA["additionalProperties"] is False


def test_every_configuration_example_in_the_docs_validates() -> None:
    """Each TOML configuration of the README and docs/ passes the schema and newsdoc alike."""
    examples = _examples()
    assert len(examples) >= 2
    for where, table in examples:
        errors = [error.message for error in VALIDATOR.iter_errors(table)]
        assert errors == [], where
        newsdoc.Config.from_mapping(table)


GOOD: list[dict[str, Any]] = [
    {},
    {"select": ["ALL"], "ignore": ["ND1", "trailing-whitespace"], "extend-select": ["ND214"]},
    {"rules": {"headline-too-long": {"max-length": 90, "severity": "error"}}},
    {"per-file-ignores": {"legacy/**": ["ND2"]}, "fail-on-empty": True, "strict": False},
]
BAD: list[dict[str, Any]] = [
    {"selct": ["ND1"]},
    {"select": ["ND999"]},
    {"select": ["ND0"]},
    {"ignore": ["ND001"]},
    {"select": "ND1"},
    {"strict": "yes"},
    {"fail-on-empty": 1},
    {"include": [1]},
    {"per-file-ignores": {"*.txt": ["nope"]}},
    {"rules": {"ND001": {"severity": "warning"}}},
    {"rules": {"ND999": {}}},
    {"rules": {"ND203": {"max-len": 10}}},
    {"rules": {"ND203": {"max-length": 0}}},
    {"rules": {"ND203": {"severity": "info"}}},
]


@pytest.mark.parametrize("table", GOOD, ids=str)
def test_what_newsdoc_accepts_the_schema_accepts(table: dict[str, Any]) -> None:
    """Valid configurations pass both."""
    newsdoc.Config.from_mapping(table)
    assert list(VALIDATOR.iter_errors(table)) == []


@pytest.mark.parametrize("table", BAD, ids=str)
def test_what_newsdoc_refuses_the_schema_refuses(table: dict[str, Any]) -> None:
    """Invalid configurations fail both: an editor shows the error newsdoc would stop on."""
    with pytest.raises(newsdoc.ConfigError):
        newsdoc.Config.from_mapping(table)
    assert list(VALIDATOR.iter_errors(table)) != []


def test_the_command_prints_the_schema(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``newsdoc schema config`` prints the file byte for byte."""
    from newsdoc.cli.main import main

    monkeypatch.chdir(tmp_path)
    assert main(["schema", "config"]) == 0
    assert capsysbinary.readouterr().out == (ROOT / PATH).read_bytes()


def test_the_command_lists_the_config_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``newsdoc schema`` lists config among the schemas."""
    code, out, _ = run(capsys, "schema")
    assert code == 0 and "config" in out.split()
