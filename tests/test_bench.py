"""The benchmark harness runs: its smoke mode, its corpus and its report (no timings are checked)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsdoc
from tests.conftest import ROOT

BENCH = ROOT / "bench"


def _module(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_smoke_run_prints_and_writes_the_report(tmp_path: Path) -> None:
    """`bench/run.py --smoke` runs every part, prints the tables and fills the markers of --out.

    Features this checkout lacks are listed as skipped; the prose around
    the markers of the output file is kept.
    """
    out = tmp_path / "performance.md"
    out.write_text("# Prose\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n\nMore prose.\n")
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    printed = done.stdout
    for heading in [
        "### In process:",
        "### Linearity:",
        "### Start-up:",
        "### Import budget",
        "### Whole folder:",
        "### Jobs: one process or two",
        "### Archives:",
        "### Memory: loading one",
        "### Memory: a corpus",
        "### The targets of issue 6",
        "### Skipped",
    ]:
        assert heading in printed
    assert "| operation | docs/s | MB/s | ratio to baseline |" in printed
    assert "| baseline: regex split and strip |" in printed
    assert "| `loads` |" in printed and "| `dumps` |" in printed
    assert "| `newsdoc check <sample>` |" in printed
    assert "A smoke run" in printed
    # Whatever this checkout lacks is said to be skipped, and nothing else is.
    assert ("`validate` throughput: skipped" in printed) == (not hasattr(newsdoc, "validate"))
    assert ("JSON conversion throughput: skipped" in printed) == (not hasattr(newsdoc, "to_dict"))
    written = out.read_text()
    assert written.startswith("# Prose\n\n<!-- bench:begin -->\nMeasured with ")
    assert written.endswith("<!-- bench:end -->\n\nMore prose.\n")
    assert "\nold\n" not in written
    report = written.split("<!-- bench:begin -->\n", 1)[1].split("\n<!-- bench:end -->", 1)[0]
    assert report.splitlines() == [
        line for line in printed.splitlines() if not line.startswith("SKIPPED ")
    ]


def test_corpus_is_deterministic_and_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated dumps are the same on every run, varied, and all valid news dumps."""
    corpus = _module("corpus", monkeypatch)
    first = corpus.small_dumps(200, corpus.Pools())
    again = corpus.small_dumps(200, corpus.Pools())
    assert first == again
    assert len(set(first)) == 200
    assert any("\r\n" in t for t in first) and any(t.startswith("\ufeff") for t in first)
    for text in first:
        newsdoc.loads(text)
    big = corpus.large_dump(200_000, corpus.Pools())
    assert 200_000 <= len(big.encode()) < 202_000
    assert big == corpus.large_dump(200_000, corpus.Pools())
    assert len(newsdoc.loads(big).body) > 100


def test_baseline_splits_like_newsdoc(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the generated corpus the hand-written splitter finds the texts newsdoc finds."""
    corpus = _module("corpus", monkeypatch)
    baseline = _module("baseline", monkeypatch)
    for text in corpus.small_dumps(200, corpus.Pools()):
        document = newsdoc.loads(text)
        body, headlines = baseline.split_dump(text.removeprefix("\ufeff").lstrip("\r\n"))
        assert body == [p.text for p in document.body]
        assert headlines == [h.text for h in document.headlines]
