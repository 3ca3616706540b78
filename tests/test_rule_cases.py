"""Data-driven rule cases: tests/data/rules/NAME.txt with NAME.json beside it.

NAME.json holds the exact diagnostics (code, position, message) that
``validate`` must give, and optionally the ``config`` to check with.  Case
names say what they show: ``NDxxx_...`` cases fire rule NDxxx,
``NDxxx_silent_...`` cases must not, ``clean_...`` cases are real-looking
text that must give nothing at all, and ``broken_...`` cases are malformed
files that are still checked by every rule.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newsdoc
from newsdoc.rules.corpus import CROSS_FILE
from tests.conftest import DATA

CASES = sorted((DATA / "rules").glob("*.txt"))


def _expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _check(path: Path) -> tuple[str, list[newsdoc.Diagnostic]]:
    data = path.read_bytes()
    config = _expected(path).get("config")
    found = newsdoc.validate(data, newsdoc.Config.from_mapping(config) if config else None)
    return data.decode("utf-8", "surrogateescape"), found


def _as_dicts(found: list[newsdoc.Diagnostic]) -> list[dict[str, Any]]:
    return [
        {
            "code": d.code,
            "line": d.line,
            "column": d.column,
            "end_line": d.end_line,
            "end_column": d.end_column,
            "message": d.message,
        }
        for d in found
    ]


def test_cases_cover_every_rule() -> None:
    """Every rule has a case that fires it, and every case has its expected result."""
    for path in CASES:
        assert path.with_suffix(".json").is_file(), path
    fired = {d["code"] for path in CASES for d in _expected(path)["diagnostics"]}
    # The corpus rules that compare files fire in tests/test_corpus.py; alone, a file is silent.
    assert fired == {rule.code for rule in newsdoc.RULES} - CROSS_FILE
    named = {path.stem[:5] for path in CASES}
    configurable = {rule.code for rule in newsdoc.RULES if rule.configurable}
    assert configurable <= named
    assert sum(path.stem.startswith("clean_") for path in CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_rule_case(path: Path) -> None:
    """The case gives exactly the expected diagnostics, and its name's promise holds."""
    _, found = _check(path)
    assert _as_dicts(found) == _expected(path)["diagnostics"]
    codes = {d.code for d in found}
    name = path.stem
    if name.startswith("clean_"):
        assert found == []
    elif "_silent_" in name:
        assert name[:5] not in codes
    elif name.startswith("ND"):
        assert name[:5] in codes


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_rule_case_fixes(path: Path) -> None:
    """Each fix removes its problem; a safe fix leaves the parsed texts unchanged."""
    text, found = _check(path)
    before = newsdoc.parse(text)
    for diagnostic in found:
        fix = diagnostic.fix
        rule = newsdoc.RULES[[r.code for r in newsdoc.RULES].index(diagnostic.code)]
        assert (fix.applicability if fix else None) == rule.fix
        if fix is None:
            continue
        fixed = fix.apply(text)
        after = newsdoc.validate(fixed)
        count = sum(d.code == diagnostic.code for d in found)
        assert sum(d.code == diagnostic.code for d in after) < count, (diagnostic, fixed)
        if fix.applicability == "safe" and before.ok:
            result = newsdoc.parse(fixed)
            assert result.ok
            assert result.document == before.document
