"""Killed and failing workers: detected at once, their inputs retried once, never a hang."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdoc.io import pool
from newsdoc.io.errors import WorkerDied

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX worker processes")


def _work(plan: dict[int, tuple[str, str]], item: int) -> int:
    """The item squared, unless the plan says to die on it: always, or only the first time.

    ``plan[item]`` is (how, when): how in "kill", "term", "exit"; when "always"
    or a marker file's path (die only if the file does not exist yet, and make it).
    """
    how, when = plan.get(item, ("", ""))
    if how and (when == "always" or not os.path.exists(when)):
        if when != "always":
            Path(when).touch()
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif how == "term":
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            os._exit(3)
    return item * item


HOW = {"kill": "killed by signal 9", "term": "killed by signal 15", "exit": "exited with status 3"}


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail a test that hangs, instead of hanging the suite (SIGALRM after 120 s)."""

    def hung(*args: object) -> None:
        raise AssertionError("the run did not end within 120 s")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_an_input_that_kills_its_worker_twice_is_reported_and_the_rest_kept(
    deadline: None,
) -> None:
    """Item 7 always kills its worker: its result says how; every other item has its own, in order."""
    plan = {7: ("kill", "always")}
    got = list(pool.map_in_chunks(_work, plan, range(20), 2, chunk=3, parallel_min=1))
    assert [item for item, _ in got] == list(range(20))
    assert [result for _, result in got] == [
        WorkerDied("killed by signal 9") if item == 7 else item * item for item in range(20)
    ]
    assert WorkerDied("killed by signal 9").message("a.txt") == (
        "worker died while checking a.txt: killed by signal 9"
    )


def test_an_input_whose_worker_dies_once_is_retried_in_a_fresh_worker(
    tmp_path: Path, deadline: None
) -> None:
    """A worker that dies once (the OOM killer, say): its inputs run again, and succeed."""
    plan = {4: ("term", str(tmp_path / "once"))}
    got = list(pool.map_in_chunks(_work, plan, range(12), 2, chunk=4, parallel_min=1))
    assert got == [(item, item * item) for item in range(12)]
    assert (tmp_path / "once").exists()


def test_an_exception_in_a_worker_is_raised_here() -> None:
    """A bug in the work is raised in the main process, as with one process."""
    with pytest.raises(ZeroDivisionError):
        list(pool.map_in_chunks(_divide, 0, range(8), 2, chunk=2, parallel_min=1))


def _divide(offset: int, item: int) -> float:
    """Fails on item 5."""
    return 1 / (item - 5)


def test_two_hundred_runs_killed_at_random_points_all_end_with_the_right_results(
    tmp_path: Path, deadline: None
) -> None:
    """200 runs, each with workers killed (SIGKILL, SIGTERM or exit) on random items.

    Some items kill every worker that runs them, some only the first one.
    Every run ends (the deadline fixture fails a hang), every item keeps its
    place, the items that always kill are reported with how their worker
    ended, and every other item has its result.
    """
    rng = random.Random(18)
    for run in range(200):
        count = rng.randint(1, 24)
        plan: dict[int, tuple[str, str]] = {}
        for item in rng.sample(range(count), rng.randint(1, min(4, count))):
            when = "always" if rng.random() < 0.5 else str(tmp_path / f"{run}-{item}")
            plan[item] = (rng.choice(list(HOW)), when)
        chunk = rng.randint(1, 5)
        got = list(pool.map_in_chunks(_work, plan, range(count), 2, chunk=chunk, parallel_min=1))
        expected = [
            WorkerDied(HOW[plan[item][0]])
            if plan.get(item, ("", ""))[1] == "always"
            else item * item
            for item in range(count)
        ]
        assert [item for item, _ in got] == list(range(count)), (run, plan)
        assert [result for _, result in got] == expected, (run, plan, chunk)


# --- the command line --------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """300 small files (enough for worker processes): one in three with a warning."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for index in range(300):
        text = f"Body {index}. \n\n\nHead {index}\n" if index % 3 else "Body.\n\n\nHead\n"
        (folder / f"f{index:03d}.txt").write_text(text)
    return folder


def _check(corpus: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsdoc",
            "check",
            "--output-format",
            "concise",
            *options,
            str(corpus),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_check_names_the_file_that_kills_its_worker_and_prints_the_rest_in_order(
    corpus: Path,
) -> None:
    """With --jobs 2, a file that kills every worker is one error naming it; exit 2; the rest in order."""
    expected = _check(corpus, "-j", "1").communicate(timeout=120)[0]
    process = _check(corpus, "-j", "2", env={pool.TEST_EXIT: "f100.txt"})
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2
    assert err == f"newsdoc: worker died while checking {corpus}/f100.txt: killed by signal 9\n"
    assert out == "".join(line for line in expected.splitlines(keepends=True) if "f100" not in line)
    for command in (["report"], ["convert", "--to", "jsonl"]):
        done = subprocess.run(
            [sys.executable, "-m", "newsdoc", *command, "-j", "2", str(corpus)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, pool.TEST_EXIT: "f100.txt"},
            check=False,
        )
        assert done.returncode == 2, command
        assert f"worker died while checking {corpus}/f100.txt: killed by signal 9" in done.stderr


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_check_whose_workers_are_killed_from_outside_ends_with_the_same_output(
    corpus: Path,
) -> None:
    """SIGKILL a worker of a running check at a random moment, 12 times: same output, never a hang.

    The killed worker's files run again in a fresh process, so the output and
    the exit code are those of a run with one process.
    """
    expected = _check(corpus, "-j", "1").communicate(timeout=120)[0]
    rng = random.Random(1818)
    for _ in range(12):
        process = _check(corpus, "-j", "2")
        started = time.monotonic()
        delay = rng.uniform(0.05, 0.6)
        killed = False
        while process.poll() is None and time.monotonic() - started < 30:
            children = _children(process.pid)
            if children and time.monotonic() - started >= delay and not killed:
                os.kill(rng.choice(children), signal.SIGKILL)
                killed = True
            time.sleep(0.005)
        out, err = process.communicate(timeout=60)
        assert (process.returncode, err) == (0, ""), err
        assert out == expected
