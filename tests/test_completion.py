"""``newsdoc completion SHELL``: completion scripts for bash, zsh and fish, generated on demand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdoc.cli.main import COMMANDS
from tests.cli_helpers import run

pytestmark = pytest.mark.usefixtures("plain_environment")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_shell_gets_a_script_naming_every_command(
    capsys: pytest.CaptureFixture[str], shell: str
) -> None:
    """The script knows every command, check's options and the output formats' names."""
    code, out, err = run(capsys, "completion", shell)
    assert (code, err) == (0, "")
    for name in COMMANDS:
        assert name in out, name
    for word in ("output-format", "fail-on-empty", "sarif", "gitlab", "stdin-filename"):
        assert word in out, word
    checker = shutil.which(shell)
    if checker is not None:  # bash is always there; zsh and fish when installed
        script = Path("newsdoc." + shell)
        script.write_text(out, encoding="utf-8")
        done = subprocess.run([checker, "-n", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def _complete(script: Path, *words: str) -> list[str]:
    """What bash completes for the command line ``words`` (the last one being typed)."""
    driver = (
        f"source {script}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n'
        'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n'
        '_shtab_newsdoc newsdoc "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"\n'
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", driver, "bash", *words],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in done.stdout.splitlines() if line)


def test_bash_completes_commands_options_choices_and_files(tmp_path: Path) -> None:
    """In bash, the script completes commands, options, their choices and file names."""
    script = tmp_path / "newsdoc.bash"
    done = subprocess.run(
        [sys.executable, "-m", "newsdoc", "completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    )
    script.write_text(done.stdout, encoding="utf-8")
    assert _complete(script, "newsdoc", "") == sorted(COMMANDS)
    assert _complete(script, "newsdoc", "check", "--output-f") == ["--output-format"]
    assert _complete(script, "newsdoc", "check", "--output-format", "g") == ["github", "gitlab"]
    (tmp_path / "corpus.txt").write_text("x", encoding="utf-8")
    (tmp_path / "cows.txt").write_text("x", encoding="utf-8")
    assert _complete(script, "newsdoc", "check", f"{tmp_path}/co") == [
        f"{tmp_path}/corpus.txt",
        f"{tmp_path}/cows.txt",
    ]


def test_completion_without_shtab_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the completion extra, the command says which extra to install (exit 2)."""
    monkeypatch.setitem(sys.modules, "shtab", None)
    assert run(capsys, "completion", "bash") == (
        2,
        "",
        "newsdoc: completion needs shtab: pip install 'newsdoc[completion]'\n",
    )
