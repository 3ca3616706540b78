""".gitignore and .ignore files leave files out of folder searches, as git (and ruff) would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdoc.config.settings import Config
from newsdoc.io.finder import iter_sources
from tests.cli_helpers import CLEAN, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")


def checked(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """The files ``check`` reads (its JSON output's file list)."""
    code, out, err = run(capsys, "check", "--output-format", "json", *argv)
    assert (code, err) == (0, ""), err
    return [f["path"] for f in json.loads(out)["files"]]


@pytest.fixture
def work_tree(tmp_path: Path) -> Path:
    """A git work tree (a .git folder is what marks one) with ignore files at several levels."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("secret.txt\n")
    write(tmp_path / ".gitignore", "# scraped, not ours\nraw/\n*.tmp.txt\n!keep.tmp.txt\n")
    write(tmp_path / "news" / ".gitignore", "old-*.txt\n")
    write(tmp_path / "news" / ".ignore", "!old-but-wanted.txt\n")
    for name in (
        "a.txt",
        "secret.txt",
        "x.tmp.txt",
        "keep.tmp.txt",
        "raw/r.txt",
        "raw/deep/r2.txt",
        "news/n.txt",
        "news/old-1.txt",
        "news/old-but-wanted.txt",
        "other/old-2.txt",
    ):
        write(tmp_path / name, CLEAN)
    return tmp_path


def test_ignored_files_and_folders_are_not_searched(
    work_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Patterns of each folder apply below it; ! re-includes; .ignore wins; info/exclude counts."""
    assert checked(capsys, ".") == [
        "a.txt",
        "keep.tmp.txt",
        "news/n.txt",
        "news/old-but-wanted.txt",
        "other/old-2.txt",
    ]


def test_a_subfolder_search_uses_the_ignore_files_above_it(
    work_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Searching news/ from inside the tree still applies the top's .gitignore and its own."""
    os.chdir(work_tree / "news")
    assert checked(capsys, ".") == ["n.txt", "old-but-wanted.txt"]


def test_no_respect_gitignore_searches_everything(
    work_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--no-respect-gitignore turns every ignore file off (the exclude globs still apply)."""
    found = checked(capsys, "--no-respect-gitignore", ".")
    assert "raw/deep/r2.txt" in found and "secret.txt" in found and "news/old-1.txt" in found
    assert len(found) == 10


def test_files_named_are_read_even_when_ignored(
    work_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file named on the command line is read whatever the ignore files say."""
    assert checked(capsys, "raw/r.txt", "x.tmp.txt") == ["raw/r.txt", "x.tmp.txt"]


def test_every_command_honours_them(work_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Convert and report search folders with the same finder: the same files."""
    code, out, _ = run(capsys, "convert", ".", "--to", "jsonl")
    assert code == 0
    assert [json.loads(line)["source"] for line in out.splitlines()] == checked(capsys, ".")
    code, out, _ = run(capsys, "report", "--format", "json", ".")
    assert json.loads(out)["totals"]["files"] == 5


def test_outside_a_work_tree_only_ignore_files_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without .git above, a .gitignore means nothing (as in git); a .ignore still applies."""
    write(tmp_path / ".gitignore", "a.txt\n")
    write(tmp_path / ".ignore", "b.txt\n")
    write(tmp_path / "a.txt", CLEAN)
    write(tmp_path / "b.txt", CLEAN)
    assert checked(capsys, ".") == ["a.txt"]


# Patterns and paths drawn from a small vocabulary, so that they often meet.
_PIECES = st.sampled_from(["a", "b", "x.txt", "*", "*.txt", "?.txt", "**", "[ab]", "[!a]*"])
_PATTERN = st.builds(
    lambda bang, lead, parts, slash: (
        ("!" if bang else "") + ("/" if lead else "") + "/".join(parts) + ("/" if slash else "")
    ),
    st.booleans(),
    st.booleans(),
    st.lists(_PIECES, min_size=1, max_size=3),
    st.booleans(),
)
_PATH = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
    st.sampled_from(["x.txt", "a.txt", "b.txt", "ab.txt"]),
)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_PATTERN, min_size=1, max_size=5), st.sets(_PATH, min_size=1, max_size=8))
def test_the_patterns_are_gits(
    tmp_path_factory: pytest.TempPathFactory, patterns: list[str], paths: set[str]
) -> None:
    """A folder search leaves out exactly the files git itself ignores (git ls-files).

    Generated patterns (negation, anchoring, folders only, ``*``, ``**``,
    ``?``, bracket expressions) and files, in a real git work tree: the files
    newsdoc's finder keeps are the files git does not ignore.
    """
    top = tmp_path_factory.mktemp("tree")
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    (top / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    for path in paths:
        write(top / path, CLEAN)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "-z"],
        cwd=top,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    kept_by_git = sorted(name for name in listed.split("\0") if name.endswith(".txt"))
    found = iter_sources([str(top)], Config(root=top))
    kept = sorted(Path(s.name).relative_to(top).as_posix() for s in found)
    assert kept == kept_by_git, patterns


def test_no_package_is_needed_to_read_ignore_files(tmp_path: Path) -> None:
    """Searching a folder with ignore files imports no third-party package (git's rules are ours)."""
    write(tmp_path / ".ignore", "b.txt\n")
    write(tmp_path / "a.txt", CLEAN)
    code = (
        "import sys\n"
        "from newsdoc.cli.main import main\n"
        "main(['check', '-q', '.'])\n"
        "print(sorted(m for m in ('pathspec', 'fsspec') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    assert out.stdout.splitlines()[-1] == "[]"
