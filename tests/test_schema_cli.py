"""``newsdoc schema``: the shipped JSON Schemas, listed and printed."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from newsdoc.cli.main import main
from newsdoc.cli.schema import schemas
from tests.conftest import ROOT

FOLDER = ROOT / "src" / "newsdoc" / "schemas"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_every_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a name, the names of all *.schema.json files are printed, sorted."""
    names = sorted(p.name.removesuffix(".schema.json") for p in FOLDER.glob("*.schema.json"))
    assert "document" in names
    assert run(capsys, "schema") == (0, "".join(f"{n}\n" for n in names), "")


@pytest.mark.parametrize("name", sorted(schemas()))
def test_prints_each_schema_verbatim(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`newsdoc schema NAME` prints the file as shipped: a valid draft 2020-12 schema.

    The configuration's is draft-07, the draft SchemaStore's schemas use.
    """
    code, out, err = run(capsys, "schema", name)
    assert (code, err) == (0, "")
    assert out == (FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(out)
    if name == "config":
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        Draft7Validator.check_schema(schema)
        return
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_document_schema_pins_the_version() -> None:
    """The document schema requires the "schema" key with the version newsdoc writes."""
    schema = json.loads((FOLDER / "document.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["schema"] == {
        "description": "The form and version of this document.",
        "const": "newsdoc/document/1",
    }
    assert schema["required"] == ["schema", "body", "headlines"]


def test_unknown_schema_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown name is a usage error that lists the known ones."""
    code, out, err = run(capsys, "schema", "nope")
    assert (code, out) == (2, "")
    assert err == f"newsdoc: unknown schema 'nope'; the schemas are: {', '.join(schemas())}\n"
