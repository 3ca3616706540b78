"""What ``newsdoc check`` on one file skips to start fast, without changing what it finds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc.config import globs as _globs
from newsdoc.config import settings as _config
from newsdoc.config.settings import ConfigError, _maybe_ours, discover
from newsdoc.io.finder import Source, iter_sources
from newsdoc.model.speed import LAZY_IMPORTS
from tests.conftest import SEED

OURS = [
    "[tool.newsdoc]\nstrict = true\n",
    "[tool]\nnewsdoc = { strict = true }\n",
    "[ tool ]\nnewsdoc.strict = true\n",
    "tool.newsdoc.strict = true\n",
    ' "tool" . "newsdoc" . strict = true\n',
    "tool = { newsdoc = { strict = true } }\n",
    "tool = { other = 1, 'newsdoc' = { strict = true } }\n",
    '[tool."newsdoc"]\nstrict = true\n',
    "[ tool . newsdoc ]\r\nstrict = true\r\n",
    "[tool.newsdoc.rules.ND203]\nmax-length = 9\n",
    '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 99\n\n[tool.newsdoc]\nstrict = true\n',
]


@pytest.mark.parametrize("text", OURS)
def test_every_way_to_write_the_table_is_parsed(tmp_path: Path, text: str) -> None:
    """The pre-test never skips a file that holds [tool.newsdoc], however it is written."""
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert _maybe_ours(text.encode())
    config = discover(tmp_path)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.strict == ("strict" in text)


@pytest.mark.parametrize(
    "text",
    [
        "[tool.newsdoc\nstrict = true\n",
        "[tool.newsdoc.rules.ND203\nmax-length = 9\n",
        "[ tool . newsdoc ]]\nstrict = true\n",
        "[tool newsdoc]\nstrict = true\n",
        "[project]\nname = 'x'\n\n[tool.newsdoc\nstrict = true\n",
        "[tool]\nnewsdoc\n",
        "tool.newsdoc strict = true\n",
        "tool = { newsdoc = { strict = true }\n",
    ],
)
def test_a_broken_table_header_is_reported(tmp_path: Path, text: str) -> None:
    """A file that tries to hold [tool.newsdoc] but is not valid TOML is an error, not ignored."""
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert _maybe_ours(text.encode())
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: "):
        discover(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "[tool]\nnewsdoc = 5\n",
        "[tool]\nnewsdoc = 'strict'\n",
        "tool.newsdoc = [1]\n",
        "[[tool.newsdoc]]\nstrict = true\n",
    ],
)
def test_a_table_that_is_not_one_is_still_an_error(tmp_path: Path, text: str) -> None:
    """A tool.newsdoc that is not a table is parsed and reported, as before."""
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool\.newsdoc\] must be a table"):
        discover(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "x"\ndependencies = ["newsdoc==1.0", "newsdoc.extra>=2"]\n',
        '[project.scripts]\nnewsdoc = "newsdoc.cli.main:main_entry"\n',
        '[project.entry-points."newsdoc.plugins"]\nmine = "pkg:plugin"\n',
        '[tool.ruff]\nknown-first-party = ["newsdoc"]\n[tool.mypy]\npackages = ["newsdoc.x"]\n',
    ],
)
def test_projects_that_only_mention_us_are_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A project that depends on newsdoc or names a newsdoc script is skipped without TOML."""
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")

    def fail(path: Path) -> dict[str, Any]:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(_config, "_read_toml", fail)
    assert discover(tmp_path).source is None


KEYS = st.sampled_from(["tool", "newsdoc", "strict", "project", "scripts", "'newsdoc'", "x"])


@given(
    st.lists(
        st.tuples(
            st.booleans(), st.lists(KEYS, min_size=1, max_size=3), st.sampled_from(["{}", "1"])
        ),
        max_size=6,
    )
)
def test_the_pre_test_never_misses_a_table_it_would_parse(
    entries: list[tuple[bool, list[str], str]],
) -> None:
    """Generated TOML: whenever tomllib finds tool.newsdoc, the pre-test said it may be there."""
    import tomllib

    lines = []
    for header, keys, value in entries:
        dotted = ".".join(keys)
        lines.append(f"[{dotted}]" if header else f"{dotted} = {value}")
    text = "\n".join(lines) + "\n"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    tool = data.get("tool")
    if isinstance(tool, dict) and "newsdoc" in tool:
        assert _maybe_ours(text.encode()), text


def test_a_file_named_alone_compiles_no_glob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking files named on the command line (as pre-commit does) builds no glob regex."""
    (tmp_path / "a.txt").write_text("P.\n\n\nH\n", encoding="utf-8")
    _globs.any_glob.cache_clear()
    called = []
    real = _globs.any_glob

    def spy(*args: Any, **kwargs: Any) -> Any:
        called.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr("newsdoc.io.finder.any_glob", spy)
    config = _config.Config(root=tmp_path)
    found = list(iter_sources([str(tmp_path / "a.txt")], config))
    assert [s.relative for s in found if isinstance(s, Source)] == ["a.txt"]
    assert called == []
    list(iter_sources([str(tmp_path)], config))
    assert called


@pytest.mark.parametrize("columns", ["", "50", "120"])
def test_help_is_laid_out_as_argparse_does(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    """The formatter that reads the width without shutil gives argparse's own help text."""
    import argparse

    from newsdoc.cli import main as _cli

    monkeypatch.setenv("COLUMNS", columns)

    def helps() -> list[str]:
        parser = _cli.build_parser()
        (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return [parser.format_help()] + [sub.format_help() for sub in action.choices.values()]

    ours = helps()
    monkeypatch.setattr(_cli, "_Formatter", argparse.HelpFormatter)
    assert ours == helps()


def test_checking_one_file_imports_neither_shutil_nor_tomllib() -> None:
    """In this project (whose pyproject.toml names a newsdoc script), one file is checked lean."""
    import subprocess
    import sys

    from tests.conftest import ROOT, SEED

    code = (
        "import sys; from newsdoc.cli.main import main;"
        f"main(['check', {str(SEED)!r}]);"
        "print('heavy:', [m for m in ('shutil', 'tomllib', 'multiprocessing') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.splitlines()[-1] == "heavy: []"


def test_checking_a_valid_file_imports_nothing_deferred() -> None:
    """`newsdoc check FILE` on a valid file imports none of LAZY_IMPORTS' modules.

    (Except the check command's own modules, which are what runs, and what
    a bare interpreter has loaded anyway.)  So the list in
    newsdoc.model.speed stays the list of what a common run does without.
    """
    code = (
        "import sys\n"
        "from newsdoc.cli.main import main\n"
        f"assert main(['check', '-q', {str(SEED)!r}]) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    bare = subprocess.run(
        [sys.executable, "-c", "import sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(run.stdout.splitlines()[-1].split())
    loaded -= set(bare.stdout.split())
    running = {"newsdoc.cli", "newsdoc.cli.main", "newsdoc.cli.check"}
    running |= {"newsdoc.cli.options", "newsdoc.cli.checking"}
    deferred = {
        module
        for module in loaded - running
        if any(module == name or module.startswith(name + ".") for name in LAZY_IMPORTS)
    }
    assert deferred == set()
