"""The public API type-checks for downstream projects under ``mypy --strict``.

mypy runs on tests/typing/downstream.py the way a project that depends on
newsdoc runs it: from a folder of its own, with no newsdoc configuration, on
the installed package.  A mutated copy with one wrong ``assert_type`` must
fail with exactly that error, so the check is known to bite.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SNIPPET = ROOT / "tests" / "typing" / "downstream.py"
RIGHT = "assert_type(doc.layout.bom, bool)"
WRONG = "assert_type(doc.layout.bom, int)"


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, int]:
    """Run mypy once on the snippet and its mutant; the line of the mutation too."""
    folder = tmp_path_factory.mktemp("downstream")
    text = SNIPPET.read_text(encoding="utf-8")
    assert text.count(RIGHT) == 1
    (folder / "downstream.py").write_text(text, encoding="utf-8")
    (folder / "mutant.py").write_text(text.replace(RIGHT, WRONG), encoding="utf-8")
    (folder / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            str(folder / ".mypy_cache"),
            "--no-color-output",
            "--no-error-summary",
            "downstream.py",
            "mutant.py",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    line = text[: text.index(RIGHT)].count("\n") + 1
    return result.returncode, result.stdout + result.stderr, line


def test_downstream_snippet_passes_mypy_strict(mypy_output: tuple[int, str, int]) -> None:
    """The snippet has no error: every assert_type on the public API holds."""
    code, output, _ = mypy_output
    assert code in (0, 1), output
    assert all(row.startswith("mutant.py:") for row in output.splitlines()), output


def test_a_wrong_type_is_caught(mypy_output: tuple[int, str, int]) -> None:
    """The mutant's one wrong assert_type is the only error mypy reports."""
    code, output, line = mypy_output
    assert code == 1
    assert output.splitlines() == [
        f'mutant.py:{line}: error: Expression is of type "bool", not "int"  [assert-type]'
    ]
