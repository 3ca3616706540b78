"""Plumbing shared by every command: one plural helper, one version lookup."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.metadata import version as installed
from pathlib import Path
from typing import Any

import pytest

from newsdoc.io import metadata
from newsdoc.model.words import plural
from tests.cli_helpers import WARNING, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")


@pytest.mark.parametrize(
    ("count", "thousands", "expected"),
    [
        (0, False, "0 files"),
        (1, False, "1 file"),
        (2, False, "2 files"),
        (1234, False, "1234 files"),
        (1, True, "1 file"),
        (1234, True, "1,234 files"),
        (1_000_000, True, "1,000,000 files"),
    ],
)
def test_plural_adds_an_s_unless_one(count: int, thousands: bool, expected: str) -> None:
    """plural() writes the count and the noun, with an s unless the count is one; separators on request."""
    assert plural(count, "file", thousands=thousands) == expected


def test_the_model_words_import_nothing_of_newsdoc() -> None:
    """newsdoc.model.words imports nothing of newsdoc (every layer may use it), only the standard library."""
    import ast

    import newsdoc.model.words as words

    tree = ast.parse(Path(words.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if not (isinstance(node, ast.ImportFrom) and node.level)
    ]
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == []
    assert imported == ["__future__"]


def test_one_version_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    """--version, the JSON and SARIF reports of check and the JSON report of report give one version."""
    expected = installed("newsdoc")
    assert metadata.version() == expected
    write_path = write(Path("a.txt"), WARNING)
    assert run(capsys, "--version") == (0, f"newsdoc {expected}\n", "")
    _, out, _ = run(capsys, "check", "--output-format", "json", str(write_path))
    assert json.loads(out)["tool"]["version"] == expected
    _, out, _ = run(capsys, "check", "--output-format", "sarif", str(write_path))
    assert json.loads(out)["runs"][0]["tool"]["driver"]["version"] == expected
    _, out, _ = run(capsys, "report", "--format", "json", str(write_path))
    assert json.loads(out)["tool"]["version"] == expected


def test_the_version_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version is read from the package metadata once per process, then remembered."""
    import importlib.metadata

    metadata.version.cache_clear()
    calls = []
    real = importlib.metadata.version

    def counted(name: str) -> str:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", counted)
    try:
        assert metadata.version() == metadata.version() == real("newsdoc")
        assert calls == ["newsdoc"]
    finally:
        metadata.version.cache_clear()


# --- the one process-pool wrapper ----------------------------------------------------


def _square(offset: int, item: int) -> tuple[int, int]:
    """The work: the item squared plus the context, and the process that worked it out."""
    import os

    return item * item + offset, os.getpid()


def test_map_in_chunks_keeps_the_order_and_runs_local_items_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Items come back in order with their results, whatever the jobs; local items never reach a worker.

    Non-local items travel in chunks of the given size, each local item runs
    alone in this process at its turn.  jobs None is one worker per core,
    looked up only when there are enough items for workers.
    """
    import os

    from newsdoc.io import jobs as _jobs
    from newsdoc.io import pool

    sent: list[list[int]] = []
    real = pool._parallel

    def spy(work: Any, context: Any, tasks: Any, *args: Any) -> Any:
        def recorded() -> Any:
            for task in tasks:
                sent.append(task)
                yield task

        return real(work, context, recorded(), *args)

    monkeypatch.setattr(pool, "_parallel", spy)
    looked_up = []

    def cores(since: object = None) -> int:
        looked_up.append(True)
        return 2

    monkeypatch.setattr(_jobs, "default_jobs", cores)
    few = _done(pool.map_in_chunks(_square, 0, [1, 2], None, parallel_min=4))
    assert [(item, result) for item, (result, _) in few] == [(1, 1), (2, 4)]
    assert (looked_up, sent) == ([], [])  # too few items: the number of cores is not looked up
    items = list(range(-3, 20))
    here = os.getpid()

    def local(item: int) -> bool:
        return item < 0 or item % 7 == 0

    expected = [(item, item * item + 10) for item in items]
    for jobs in (1, 2, None):
        sent.clear()
        got = _done(
            pool.map_in_chunks(_square, 10, iter(items), jobs, local=local, chunk=3, parallel_min=4)
        )
        assert [(item, result) for item, (result, _) in got] == expected
        assert all(pid == here for item, (_, pid) in got if local(item) or jobs == 1)
        if jobs == 1:
            assert sent == []
        else:
            assert all(pid != here for item, (_, pid) in got if not local(item))
            assert [len(task) for task in sent if not local(task[0])] == [3, 3, 3, 3, 3, 2]
            assert [task for task in sent if local(task[0])] == [[-3], [-2], [-1], [0], [7], [14]]
    assert looked_up == [True]


def _done(results: Iterable[tuple[int, Any]]) -> list[tuple[int, tuple[int, int]]]:
    """The results of map_in_chunks, none of them a dead worker's."""
    from newsdoc.io.errors import WorkerDied

    got = list(results)
    assert not any(isinstance(result, WorkerDied) for _, result in got)
    return got


def test_workers_that_cannot_start_are_one_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """No worker process can be started: one WorkerError advising to run again, saying when the output is lost."""
    import multiprocessing

    from newsdoc.io import pool
    from newsdoc.io.errors import WorkerError

    def refuse(self: Any) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    for discards, lost in ((False, ""), (True, "the output was not written: ")):
        with pytest.raises(WorkerError) as raised:
            list(
                pool.map_in_chunks(
                    _square, 0, range(10), 2, discards_output=discards, parallel_min=1
                )
            )
        assert str(raised.value) == (
            "cannot start a worker process: Resource temporarily unavailable; "
            f"{lost}run again, or with --jobs 1"
        )


# --- the command line's shared options ------------------------------------------------


def test_no_cli_module_imports_a_private_name_of_another() -> None:
    """The cli modules share helpers under public names only (newsdoc.cli.options, main)."""
    import ast

    import newsdoc.cli

    folder = Path(newsdoc.cli.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or "newsdoc" in (node.module or "")
            ):
                found += [
                    f"{path.name}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and alias.name != "__future__"
                ]
    assert found == []


@pytest.mark.parametrize("command", ["check", "format", "report", "convert"])
def test_every_command_that_reads_files_takes_the_same_file_options(command: str) -> None:
    """check, format, report and convert declare the finder's options once, with the same form."""
    import argparse

    from newsdoc.cli.main import build_parser

    parser = build_parser([command])
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    actions = {
        option: action
        for action in sub.choices[command]._actions
        for option in action.option_strings
    }
    for option in (
        "--config",
        "--isolated",
        "--include",
        "--exclude",
        "--extend-exclude",
        "--force-exclude",
        "--stdin-filename",
        "--max-bytes",
        "--jobs" if command != "format" else "--max-bytes",
    ):
        assert option in actions, f"{command} has no {option}"
    assert (
        actions["--exclude"].help
        == "files and folders to skip, replacing the configured globs (repeatable)"
    )
    assert actions["--max-bytes"].default == 64 * 1024 * 1024
