"""Shared helpers of the command-line tests: sample texts, running main, writing files.

Test modules opt into a clean environment with
``pytestmark = pytest.mark.usefixtures("plain_environment")`` (the fixture is
in conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdoc.cli.main import main

CLEAN = "The council approved the budget.\n\n\nCouncil Approves Budget\n"
WARNING = "The council approved the budget. \n\n\nCouncil Approves Budget\n"
ERROR = "The budget is \u202e000,01\u202c dollars.\n\n\nBudget Approved\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8, byte for byte (no newline translation), making folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path
