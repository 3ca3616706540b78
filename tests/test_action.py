"""The GitHub Action (``action.yml``): its steps run in bash as the Actions runner runs them.

The runner runs each ``run:`` step of a composite action as a script file,
``bash --noprofile --norc -eo pipefail FILE``, in ``$GITHUB_WORKSPACE``, with
the step's ``env:`` (its ``${{ inputs.NAME }}`` expressions replaced by the
inputs or their defaults) and the runner's variables: ``GITHUB_ACTIONS``,
``GITHUB_WORKSPACE``, ``GITHUB_STEP_SUMMARY``, ``GITHUB_ACTION_PATH`` (the
action's checkout, here this repository) and ``RUNNER_TEMP``.  The install
step installs this checkout into a fresh virtual environment, once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_helpers import CLEAN, ERROR, WARNING, write
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = ACTION["runs"]["steps"]
    return steps


def test_the_action_is_a_composite_of_bash_steps() -> None:
    """action.yml declares its inputs and runs bash steps that read inputs only from env."""
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "args", "sarif", "version", "python"}
    for name, spec in ACTION["inputs"].items():
        assert spec["description"] and "default" in spec, name
    for step in _steps():
        assert step["shell"] == "bash"
        # No expression inside a script: an input cannot inject shell code.
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            assert EXPRESSION.fullmatch(value), value


def _env(step: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    """The step's env: block with its input expressions evaluated as the runner does."""
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    return {
        key: EXPRESSION.sub(lambda match: values[match.group(1)], value)
        for key, value in step.get("env", {}).items()
    }


class Runner:
    """Runs the action's steps as the Actions runner would, in one workspace."""

    def __init__(self, root: Path) -> None:
        self.temp = root / "runner-temp"
        self.temp.mkdir()
        self.workspace = root / "workspace"
        self.workspace.mkdir()
        self.summary = root / "step-summary.md"

    def run(self, step: dict[str, Any], inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
        """Run one step with these inputs; its exit code, stdout and stderr."""
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        keep = ("PATH", "HOME", "LANG", "PIP_CONFIG_FILE", "PIP_INDEX_URL", "PIP_FIND_LINKS")
        env = {name: os.environ[name] for name in keep if name in os.environ}
        env.update(
            GITHUB_ACTIONS="true",
            CI="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_STEP_SUMMARY=str(self.summary),
            GITHUB_ACTION_PATH=str(ROOT),
            RUNNER_TEMP=str(self.temp),
            **_env(step, inputs),
        )
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
        )

    def check(self, **inputs: str) -> subprocess.CompletedProcess[str]:
        """Run the check step (with an empty job summary file first)."""
        self.summary.write_text("", encoding="utf-8")
        return self.run(_steps()[1], inputs)


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """A runner whose install step has installed this checkout (as ``uses: ./`` would)."""
    runner = Runner(tmp_path_factory.mktemp("action"))
    done = runner.run(_steps()[0], {"python": sys.executable})
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"newsdoc \d+\.\d+\.\d+\S*\n", done.stdout), done.stdout
    return runner


def test_the_action_annotates_and_writes_the_job_summary(runner: Runner) -> None:
    """The check step prints annotations, fails on errors and appends the job summary."""
    write(runner.workspace / "corpus" / "bad.txt", ERROR)
    write(runner.workspace / "corpus" / "warn.txt", WARNING)
    write(runner.workspace / "corpus" / "clean.txt", CLEAN)
    done = runner.check()
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("::error title=ND214 bidi-control,file=corpus/bad.txt,line=1,col=15")
    assert lines[-1].startswith("::warning title=ND101 trailing-whitespace,file=corpus/warn.txt")
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("## newsdoc check\n\n:x: Found 2 errors and 1 warning in 2 files")
    assert "| files checked | 3 |" in summary
    assert "[ND214](" in summary and "[ND101](" in summary
    (runner.workspace / "corpus" / "bad.txt").unlink()


def test_the_action_writes_sarif_with_paths_relative_to_the_workspace(runner: Runner) -> None:
    """The sarif input writes a log whose paths are relative to the repository (SRCROOT)."""
    write(runner.workspace / "docs" / "a.txt", WARNING)
    done = runner.check(paths="docs nothing/*.txt", sarif="out/newsdoc.sarif")
    assert done.returncode == 2  # globs are newsdoc's to expand: this one matches nothing
    assert done.stderr == "newsdoc: nothing/*.txt: no files match\n"
    log = json.loads((runner.workspace / "out" / "newsdoc.sarif").read_text(encoding="utf-8"))
    (run,) = log["runs"]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == runner.workspace.as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "docs/a.txt", "uriBaseId": "SRCROOT"}


def test_the_action_passes_its_arguments(runner: Runner) -> None:
    """The args input reaches newsdoc check: --strict makes a warning fail; a clean corpus passes."""
    write(runner.workspace / "strict" / "warn.txt", WARNING)
    assert runner.check(paths="strict").returncode == 0
    done = runner.check(paths="strict", args="--strict --select ND1")
    assert done.returncode == 1
    assert done.stdout.startswith("::error title=ND101")
    write(runner.workspace / "clean" / "a.txt", CLEAN)
    done = runner.check(paths="clean")
    assert (done.returncode, done.stdout) == (0, "")
    summary = runner.summary.read_text(encoding="utf-8")
    assert ":white_check_mark: No problems found in 1 file." in summary
