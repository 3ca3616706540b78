"""Trojan Source: bidirectional controls are errors that no broad selection can skip."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsdoc
from newsdoc.cli.main import main

TROJAN = "The council approved a budget of \u202e000,01\u202c dollars.\n\n\nBudget Approved\n"


def codes(config: newsdoc.Config | None = None) -> list[str]:
    return [d.code for d in newsdoc.validate(TROJAN, config)]


def test_bidi_controls_are_errors_by_default() -> None:
    """Each bidi control is an ND214 error with the default configuration."""
    found = [d for d in newsdoc.validate(TROJAN) if d.code == "ND214"]
    assert [(d.severity, d.line, d.column) for d in found] == [("error", 1, 34), ("error", 1, 41)]


@pytest.mark.parametrize(
    "mapping",
    [
        {"select": ["ND1"]},
        {"select": ["ND201"]},
        {"ignore": ["ND2"]},
        {"ignore": ["ALL"]},
        {"per-file-ignores": {"*.txt": ["ND2"]}},
    ],
)
def test_broad_selections_keep_the_rule(mapping: dict[str, object]) -> None:
    """Selecting other rules or ignoring a whole group does not turn ND214 off."""
    config = newsdoc.Config.from_mapping(mapping).for_path("a.txt")
    assert codes(config).count("ND214") == 2


@pytest.mark.parametrize("selector", ["ND214", "bidi-control"])
def test_only_naming_the_rule_turns_it_off(selector: str) -> None:
    """Ignoring ND214 by its code or its name turns it off."""
    assert "ND214" not in codes(newsdoc.Config.from_mapping({"ignore": [selector]}))


def test_command_line_select_cannot_skip_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --select ND1` still fails on a Trojan Source file; `--ignore ND214` is explicit."""
    path = tmp_path / "trojan.txt"
    path.write_text(TROJAN, encoding="utf-8")
    assert (
        main(["check", "--isolated", "--select", "ND1", "--output-format", "concise", str(path)])
        == 1
    )
    assert "ND214" in capsys.readouterr().out
    assert main(["check", "--isolated", "--select", "ND1", "--ignore", "ND214", str(path)]) == 0
