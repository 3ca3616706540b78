"""The progress display: only on a terminal, never garbling messages."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import newsdoc.io.progress as progress_module
from newsdoc.cli.main import main
from newsdoc.io.progress import Progress
from tests.conftest import SEED


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Always: this stream plays a terminal."""
        return True


def test_draws_counts_and_clears_before_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """It shows converted, failed and rate; a message first clears the line; finish leaves a summary."""
    monkeypatch.setattr(progress_module, "_INTERVAL", 0.0)
    stream = Terminal()
    progress = Progress(stream, enabled=True)
    progress.count(True)
    progress.count(False)
    progress.say("a.txt:1:1: ND003 empty")
    progress.count(True)
    progress.finish()
    text = stream.getvalue()
    first, second = text.split("newsdoc: a.txt:1:1: ND003 empty\n")
    assert first.startswith("\r\x1b[2Knewsdoc: 1 converted, 0 failed, ")
    assert "newsdoc: 1 converted, 1 failed, " in first and first.endswith("\r\x1b[2K")
    assert second.startswith("\r\x1b[2Knewsdoc: 2 converted, 1 failed, ")
    assert second.endswith(" s\n")


def test_disabled_prints_only_messages() -> None:
    """Disabled, it writes the messages and nothing else."""
    stream = io.StringIO()
    progress = Progress(stream, enabled=False)
    for ok in (True, False, True):
        progress.count(ok)
    progress.say("message")
    progress.finish()
    assert stream.getvalue() == "newsdoc: message\n"
    assert (progress.done, progress.failed) == (2, 1)


def test_cli_shows_progress_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`newsdoc convert` draws on stderr when it is a terminal, unless --no-progress; stdout stays clean."""
    out = tmp_path / "out.jsonl"
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["convert", str(SEED), "--to", "jsonl", "-o", str(out)]) == 0
    assert terminal.getvalue().startswith("\r\x1b[2Knewsdoc: 1 converted, 0 failed, ")
    terminal.seek(0)
    terminal.truncate()
    assert main(["convert", str(SEED), "--to", "jsonl", "-o", str(out), "--no-progress"]) == 0
    assert terminal.getvalue() == ""
    assert capsys.readouterr().out == ""
