"""docs/ci.md, the README's check example and the pre-commit hook stay true."""

from __future__ import annotations

import re
import tomllib

import pytest

import newsdoc
from newsdoc.cli.main import main
from tests.conftest import ROOT

CI = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_configuration_examples_are_valid() -> None:
    """The TOML examples in docs/ci.md and docs/rules.md are configurations newsdoc accepts."""
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    examples = _blocks(CI, "toml") + _blocks(rules_md, "toml")
    assert len(examples) == 2
    for block in examples:
        table = tomllib.loads(block)["tool"]["newsdoc"]
        config = newsdoc.Config.from_mapping(table)
        assert config.settings["ND203"]["max-length"] == 120


def test_python_examples_run() -> None:
    """Every ```python block in docs/ci.md runs."""
    blocks = _blocks(CI, "python")
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/ci.md", "exec"), {})


def test_every_output_format_is_documented() -> None:
    """docs/ci.md describes each output format the command accepts."""
    from newsdoc.cli.check import FORMAT_NAMES

    for name in FORMAT_NAMES:
        assert f"| `{name}`" in CI, name


def test_pre_commit_hooks() -> None:
    """The newsdoc-check and newsdoc-format hooks run with --force-exclude on .txt files.

    docs/ci.md shows both.
    """
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = ["- id: " + hook for hook in text.split("- id: ")[1:]]
    assert [hook.splitlines()[0] for hook in hooks] == [
        "- id: newsdoc-check",
        "- id: newsdoc-format",
    ]
    for hook, command in zip(hooks, ("check", "format"), strict=True):
        assert f"  entry: newsdoc {command} --force-exclude\n" in hook
        assert "  language: python\n" in hook
        assert "  files: \\.txt$\n" in hook
        assert re.search(rf"^      - id: newsdoc-{command}\b", CI, re.M), command


def test_readme_check_example(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's `newsdoc check seeds/` example shows exactly what the command prints."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    shown = [line for line in README.splitlines() if line.startswith("seeds/000_")]
    assert main(["check", "seeds/", "--output-format", "concise"]) == 0
    assert capsys.readouterr().out.splitlines() == shown


def test_the_documented_workflow_uses_the_action_with_its_inputs() -> None:
    """docs/ci.md's GitHub workflow uses newsdoc's action with inputs action.yml declares.

    The README shows the same one step.
    """
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    workflows = [yaml.safe_load(block) for block in _blocks(CI, "yaml")]
    steps = [
        step
        for workflow in workflows
        if isinstance(workflow, dict) and "jobs" in workflow
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]
    ours = [step for step in steps if str(step.get("uses", "")).startswith("newsdoc/newsdoc@")]
    assert len(ours) == 1
    assert set(ours[0]["with"]) <= set(action["inputs"])
    upload = next(s for s in steps if "upload-sarif" in str(s.get("uses")))
    assert upload["with"]["sarif_file"] == ours[0]["with"]["sarif"]
    for name in action["inputs"]:
        assert f"| `{name}` |" in CI, name
    (readme,) = [yaml.safe_load(block) for block in _blocks(README, "yaml")]
    assert readme[0]["uses"] == ours[0]["uses"]


def test_install_instructions_work_before_the_first_release() -> None:
    """Before a release, the docs install from a git commit, and say what the release changes."""
    assert 'pip install "newsdoc @ git+https://github.com/newsdoc/newsdoc@COMMIT"' in CI
    assert "rev: COMMIT" in CI
    assert "pip install newsdoc\n" not in CI and "rev: v0.1.0" not in CI
    assert "From the first release on, `pip install newsdoc`" in CI
