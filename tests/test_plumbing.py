"""Plumbing shared by every command: one plural helper, one version lookup."""

from __future__ import annotations

import json
from importlib.metadata import version as installed
from pathlib import Path

import pytest

from newsdoc.io import metadata
from newsdoc.model.words import plural
from tests.cli_helpers import WARNING, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")


@pytest.mark.parametrize(
    ("count", "thousands", "expected"),
    [
        (0, False, "0 files"),
        (1, False, "1 file"),
        (2, False, "2 files"),
        (1234, False, "1234 files"),
        (1, True, "1 file"),
        (1234, True, "1,234 files"),
        (1_000_000, True, "1,000,000 files"),
    ],
)
def test_plural_adds_an_s_unless_one(count: int, thousands: bool, expected: str) -> None:
    """plural() writes the count and the noun, with an s unless the count is one; separators on request."""
    assert plural(count, "file", thousands=thousands) == expected


def test_the_model_words_import_nothing_of_newsdoc() -> None:
    """newsdoc.model.words imports nothing of newsdoc (every layer may use it), only the standard library."""
    import ast

    import newsdoc.model.words as words

    tree = ast.parse(Path(words.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if not (isinstance(node, ast.ImportFrom) and node.level)
    ]
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == []
    assert imported == ["__future__"]


def test_one_version_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    """--version, the JSON and SARIF reports of check and the JSON report of report give one version."""
    expected = installed("newsdoc")
    assert metadata.version() == expected
    write_path = write(Path("a.txt"), WARNING)
    assert run(capsys, "--version") == (0, f"newsdoc {expected}\n", "")
    _, out, _ = run(capsys, "check", "--output-format", "json", str(write_path))
    assert json.loads(out)["tool"]["version"] == expected
    _, out, _ = run(capsys, "check", "--output-format", "sarif", str(write_path))
    assert json.loads(out)["runs"][0]["tool"]["driver"]["version"] == expected
    _, out, _ = run(capsys, "report", "--format", "json", str(write_path))
    assert json.loads(out)["tool"]["version"] == expected


def test_the_version_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version is read from the package metadata once per process, then remembered."""
    import importlib.metadata

    metadata.version.cache_clear()
    calls = []
    real = importlib.metadata.version

    def counted(name: str) -> str:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", counted)
    try:
        assert metadata.version() == metadata.version() == real("newsdoc")
        assert calls == ["newsdoc"]
    finally:
        metadata.version.cache_clear()
