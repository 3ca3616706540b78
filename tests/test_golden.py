"""Golden outputs: what the command line prints for the test corpus, byte for byte.

Each case runs one command in the repository's folder (relative paths, no
configuration file) and compares its exit code, stdout and stderr with the
file recorded in ``tests/data/golden/`` (JUnit's time and timestamp, and
the repository's folder in SARIF, are replaced by stand-ins first).  The files were recorded before the
package was restructured into layers, so a change of layout that changes
any output fails here.  A deliberate change of output is recorded again
with ``NEWSDOC_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and reviewed in
the diff of the recorded files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from newsdoc.cli.main import main
from tests.conftest import DATA, ROOT

GOLDEN = DATA / "golden"
CORPUS = ("tests/data/valid", "tests/data/invalid", "tests/data/rules", "seeds")
FORMATS = ("full", "concise", "json", "github", "sarif", "junit", "gitlab")

CASES: dict[str, list[str]] = {
    **{
        f"check-{form}": [
            "check",
            "--isolated",
            "--jobs",
            "1",
            "--exit-zero",
            "--output-format",
            form,
            *CORPUS,
        ]
        for form in FORMATS
    },
    "check-statistics": ["check", "--isolated", "--statistics", *CORPUS],
    "check-strict-concise": [
        "check",
        "--isolated",
        "--strict",
        "--output-format",
        "concise",
        "tests/data/rules",
    ],
    "check-select": [
        "check",
        "--isolated",
        "--select",
        "ND2",
        "--ignore",
        "ND207",
        "--output-format",
        "concise",
        *CORPUS,
    ],
    "check-diff-unsafe": ["check", "--isolated", "--diff", "--unsafe-fixes", "tests/data/rules"],
    "check-missing": ["check", "--isolated", "tests/data/no-such-file.txt"],
    "format-check-diff": ["format", "--isolated", "--check", "--diff", *CORPUS],
    "convert-jsonl": ["convert", "--to", "jsonl", "tests/data/valid", "seeds"],
    "convert-json-lossless": ["convert", "--to", "json", "--lossless", "tests/data/valid"],
    "convert-json-positions": ["convert", "--to", "json", "--positions", "tests/data/rules"],
    "convert-invalid": ["convert", "--to", "jsonl", "tests/data/invalid"],
    "convert-text": ["convert", "--to", "text", "tests/data/json/invalid"],
    "report-text": ["report", "--isolated", "--format", "text", *CORPUS],
    "report-json": ["report", "--isolated", "--format", "json", *CORPUS],
}


@pytest.fixture
def in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the repository's folder with no CI, colour or project variables set."""
    for name in (
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "NO_COLOR",
        "FORCE_COLOR",
        "CI_PROJECT_DIR",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(ROOT)


# What changes from run to run or machine to machine is written as a stand-in:
# JUnit's run time and timestamp, and the folder the SARIF paths are relative to.
_VARYING = (
    (re.compile(r' time="\d+\.\d{3}"'), ' time="(seconds)"'),
    (re.compile(r' timestamp="[^"]+"'), ' timestamp="(now)"'),
)


def _transcript(argv: list[str], code: int, out: str, err: str) -> str:
    for pattern, stand_in in _VARYING:
        out = pattern.sub(stand_in, out)
    out = out.replace(f'"{ROOT.as_uri()}/"', '"file:///(repository)/"')
    return f"$ newsdoc {' '.join(argv)}\n--- exit {code}\n--- stdout\n{out}--- stderr\n{err}"


@pytest.mark.usefixtures("in_repository")
@pytest.mark.parametrize("name", sorted(CASES))
def test_command_line_output_is_unchanged(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The command's exit code, stdout and stderr equal the recorded golden file exactly."""
    argv = CASES[name]
    code = main(argv)
    out, err = capsys.readouterr()
    got = _transcript(argv, code, out, err)
    path = GOLDEN / f"{name}.golden"
    if os.environ.get("NEWSDOC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got.encode("utf-8", "surrogateescape"))
    expected = path.read_bytes().decode("utf-8", "surrogateescape")
    assert got == expected


def test_every_golden_file_has_a_case() -> None:
    """No recorded file is left over from a case that no longer runs."""
    recorded = {Path(p).stem for p in os.listdir(GOLDEN)}
    assert recorded == set(CASES)
