"""The default number of processes: workers only for enough work (files and bytes), never slower."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import newsdoc.io.pool as pool
from newsdoc.io import jobs as _jobs
from newsdoc.io.finder import Source, SourceError, source_size
from tests.cli_helpers import CLEAN, WARNING, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")


def test_plan_counts_files_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default, workers start once the files' work (FILE_WORK each, plus bytes) is enough."""
    monkeypatch.setattr(_jobs, "PARALLEL_WORK", 10 * _jobs.FILE_WORK)
    monkeypatch.setattr(_jobs, "default_jobs", lambda since=None: 2)
    items, jobs = _jobs.plan(iter(range(9)), None)
    assert (list(items), jobs) == (list(range(9)), 1)
    items, jobs = _jobs.plan(iter(range(12)), None)
    assert (list(items), jobs) == (list(range(12)), 2)
    # Three large items are as much work as ten small ones.
    items, jobs = _jobs.plan(iter(range(3)), None, lambda item: 3 * _jobs.FILE_WORK)
    assert (list(items), jobs) == ([0, 1, 2], 2)
    # An explicit --jobs counts files, as before: PARALLEL_MIN of them.
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 3)
    assert _jobs.plan(iter(range(2)), 4)[1] == 1
    assert _jobs.plan(iter(range(3)), 4)[1] == 4
    assert _jobs.plan(iter(range(300)), 1)[1] == 1


def test_an_archive_member_counts_its_bytes(tmp_path: Path) -> None:
    """The work of an archive's member is its bytes, read with the archive, not a file's size.

    The run holds the members it reads ahead until it decides how many
    processes to start; counting them as empty files read ten thousand of
    them ahead (the benchmark's peak memory grew 1.44 times for an archive
    four times as large).
    """
    file = write(tmp_path / "a.txt", "Body.\n\nHead\n")
    assert source_size(Source(file, str(file), "a.txt")) == 12
    assert source_size(Source(None, "x.tar:a.txt", "a.txt", data=b"Body.\n")) == 6
    assert source_size(Source(None, "-", "-")) == 0
    assert source_size(SourceError("gone.txt", "no such file")) == 0


def test_chunks_end_at_a_byte_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few large files still make several tasks: a chunk ends at CHUNK_BYTES too."""
    monkeypatch.setattr(_jobs, "CHUNK_BYTES", 100)
    chunks = list(pool._chunks(range(6), 64, lambda item: False, lambda item: 60))
    assert chunks == [[0, 1], [2, 3], [4, 5]]
    assert list(pool._chunks(range(6), 4, lambda item: False)) == [[0, 1, 2, 3], [4, 5]]


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of every pool started (through the one pool wrapper)."""
    started: list[int] = []
    real = pool._parallel

    def spy(*args: Any) -> Any:
        started.append(args[3])
        return real(*args)

    monkeypatch.setattr(pool, "_parallel", spy)
    monkeypatch.setattr(_jobs, "default_jobs", lambda since=None: 2)
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)  # what an explicit --jobs needs
    return started


COMMANDS = [
    ["check", "--output-format", "concise"],
    ["check", "--output-format", "json"],
    ["convert", "--to", "jsonl"],
    ["report", "--format", "json"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_by_default_little_work_runs_in_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pools: list[int], argv: list[str]
) -> None:
    """Without --jobs, a few small files start no worker, where -j 2 would (same output)."""
    for index in range(6):
        write(tmp_path / f"{index}.txt", WARNING if index % 2 else CLEAN)
    default = run(capsys, *argv, ".")
    assert pools == []
    assert run(capsys, *argv, "-j", "2", ".") == default
    assert pools == [2]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_by_default_enough_work_uses_every_core(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pools: list[int],
    argv: list[str],
) -> None:
    """Without --jobs, files whose bytes add up to the threshold get one worker per core."""
    monkeypatch.setattr(_jobs, "PARALLEL_WORK", 3 * _jobs.FILE_WORK + 30_000)
    monkeypatch.setattr(_jobs, "CHUNK_BYTES", 10_000)
    for index in range(3):
        write(tmp_path / f"small{index}.txt", CLEAN)
    small = run(capsys, *argv, ".")
    assert pools == []
    big = CLEAN.replace("budget.", "budget. " + "More words here. " * 800)
    for index in range(3):
        write(tmp_path / f"big{index}.txt", big)
    parallel = run(capsys, *argv, ".")
    assert pools == [2]
    assert run(capsys, *argv, "-j", "1", ".") == parallel != small


@pytest.mark.parametrize(
    ("cores", "load", "jobs"),
    [(2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 3.5, 1), (8, 2.2, 6), (8, 0.0, 8)],
)
def test_the_default_uses_the_free_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, jobs: int
) -> None:
    """Without a CPU sample (not Linux): one process per core the load average leaves free."""
    monkeypatch.setattr(_jobs, "cores", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert _jobs.default_jobs() == jobs


@pytest.mark.parametrize(
    ("machine", "idle_share", "own", "jobs"),
    [
        (2, 0.5, 1.0, 2),  # the other core idle, this run on one: both
        (2, 0.0, 1.0, 1),  # another job on the other core: one
        (2, 0.0, 0.5, 1),  # sharing a core with another job: one
        (8, 0.25, 1.0, 3),  # two cores idle and this run's own
        (8, 1.0, 0.0, 8),  # all idle (this run waited on the disk): every core
    ],
)
def test_the_default_reads_the_free_cores_from_the_machine(
    monkeypatch: pytest.MonkeyPatch, machine: int, idle_share: float, own: float, jobs: int
) -> None:
    """The free cores are the machine's idle ones since the run started, plus the one it uses.

    The load average is not read when the CPU times are (it counts runs that
    ended up to a minute ago).
    """
    monkeypatch.setattr(_jobs, "cores", lambda: machine)
    monkeypatch.setattr(os, "cpu_count", lambda: machine)
    monkeypatch.setattr(os, "getloadavg", lambda: pytest.fail("the load average was read"))
    ticks = 1000
    since = _jobs.CpuSample(0, 0, 0.0, 0.0)
    now = _jobs.CpuSample(ticks, int(ticks * idle_share), own * 0.1, 0.1)
    monkeypatch.setattr(_jobs, "cpu_sample", lambda: now)
    assert _jobs.default_jobs(since) == jobs


def test_a_short_window_is_waited_out_and_no_sample_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under MIN_WINDOW seconds the free cores are read again after a wait; no sample: None."""
    samples = iter([_jobs.CpuSample(10, 5, 0.0, 0.01), _jobs.CpuSample(20, 15, 0.0, 0.05)])
    waited: list[float] = []
    monkeypatch.setattr(_jobs, "cpu_sample", lambda: next(samples))
    monkeypatch.setattr(time, "sleep", waited.append)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    free = _jobs.free_cores(_jobs.CpuSample(0, 0, 0.0, 0.0))
    assert waited == [pytest.approx(0.04)]
    assert free == pytest.approx(2 * 15 / 20)
    assert _jobs.free_cores(None) is None


def test_the_cpu_sample_reads_this_machine() -> None:
    """On Linux the sample reads /proc/stat: ticks that only grow, idle within total."""
    first = _jobs.cpu_sample()
    if first is None:
        pytest.skip("no /proc/stat here")
    second = _jobs.cpu_sample()
    assert second is not None
    assert 0 <= first.idle <= first.total <= second.total
    assert second.wall >= first.wall
