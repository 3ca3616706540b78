"""``newsdoc check`` on many files: --jobs, printing file by file, and what crosses processes."""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsdoc
import newsdoc.io.pool as pool
from newsdoc.cli import checking as _checker
from newsdoc.config.settings import Config
from newsdoc.io import jobs as _jobs
from newsdoc.io.finder import Source
from newsdoc.io.paths import InputError
from tests.cli_helpers import CLEAN, ERROR, WARNING, run
from tests.conftest import DATA, SEED

pytestmark = pytest.mark.usefixtures("plain_environment")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of 70-odd files: clean, with warnings, with errors, broken, and unreadable ones."""
    folder = tmp_path / "corpus"
    texts = [CLEAN.encode(), WARNING.encode(), ERROR.encode(), SEED.read_bytes()]
    texts += [path.read_bytes() for path in sorted(DATA.glob("rules/*.txt"))]
    for index, data in enumerate(texts):
        sub = folder / f"{index % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{index:03d}.txt").write_bytes(data)
    (folder / "1" / "latin1.txt").write_bytes("Caf\xe9.\n\n\nHead\n".encode("latin-1"))
    os.mkfifo(folder / "2" / "pipe.txt")
    (folder / "2" / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(CLEAN, encoding="utf-8")
    return folder


OPTIONS = [
    ["--output-format", "full"],
    ["--output-format", "full", "--color", "always", "--strict"],
    ["--output-format", "full", "-q"],
    ["--output-format", "concise"],
    ["--output-format", "github", "--strict"],
    ["--output-format", "json"],
    ["--output-format", "sarif", "--exit-zero"],
]


@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_jobs_output_equals_sequential(
    corpus: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
) -> None:
    """--jobs 2 prints byte for byte what --jobs 1 prints, with stdin and bad files among the rest."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    monkeypatch.setattr(_jobs, "CHUNK", 3)
    used = []
    real = pool._parallel

    def parallel(*args: Any) -> Any:
        used.append(args[3])  # the number of jobs the pool is started with
        return real(*args)

    monkeypatch.setattr(pool, "_parallel", parallel)
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WARNING.encode())))
        argv = ["check", "corpus/0", "-", "corpus", "--stdin-filename", "in.txt", "-j", jobs]
        results.append(run(capsys, *argv, *options))
    assert used == [2]
    assert results[0] == results[1]
    code, out, err = results[0]
    assert code == 2
    assert "in.txt" in out and "corpus/1/latin1.txt" in out
    assert "pipe.txt: a FIFO, not a file; skipped" in err
    assert "dangling.txt: broken symbolic link" in err
    assert "caf\\xe9.txt: the file name is not valid UTF-8" in err


STREAMED = [
    ["--output-format", "full"],
    ["--output-format", "full", "--color", "always"],
    ["--output-format", "full", "-q", "--strict"],
    ["--output-format", "concise", "--exit-zero"],
    ["--output-format", "github"],
    ["--output-format", "github", "--strict"],
]


@pytest.mark.parametrize("options", STREAMED, ids=" ".join)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_printing_file_by_file_equals_rendering_the_run(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    jobs: str,
) -> None:
    """Printed file by file (no report asked for), the output is that of the whole run rendered.

    With --report the run is kept whole and rendered at the end; the
    standard output, messages and exit code are the same either way.
    """
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    monkeypatch.setattr(_jobs, "CHUNK", 5)
    streamed = run(capsys, "check", "corpus", "-j", jobs, *options)
    report = tmp_path / "report.json"
    whole = run(capsys, "check", "corpus", "-j", jobs, *options, "--report", f"json:{report}")
    assert report.exists()
    assert streamed == whole
    assert streamed[1].count("\n") > 20


def test_a_clean_corpus_in_parallel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clean files checked by workers: the summary counts them all, exit 0."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 4)
    for index in range(10):
        path = tmp_path / "clean" / f"{index}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(CLEAN, encoding="utf-8")
    assert run(capsys, "check", "clean", "-j", "2") == (0, "No problems found in 10 files.\n", "")


def test_check_streams_with_bounded_lookahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read only a bounded window ahead of the results given back (flat memory)."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 4)
    monkeypatch.setattr(_jobs, "CHUNK", 2)
    config = Config()
    for jobs in (1, 2):
        taken = 0

        def endless() -> Iterator[Source]:
            nonlocal taken
            while True:
                taken += 1
                yield Source(SEED, str(SEED), SEED.name)

        results = _checker.check_sources(endless(), config, None, jobs)
        for count in range(1, 41):
            _, result = next(results)
            assert isinstance(result, list) and result
            assert taken <= count + (4 * jobs + 2) * _jobs.CHUNK + _jobs.PARALLEL_MIN
        results.close()  # type: ignore[attr-defined]


def _die(*args: Any) -> Any:
    """A worker task that kills its process, as the OOM killer would."""
    os._exit(9)


def test_workers_that_die_on_every_chunk_still_give_the_output_of_one_process(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every chunk kills its worker: its files are run again in fresh processes, in order.

    (Only the chunk task dies here, not the files: the retries succeed, and
    the output and exit code are those of --jobs 1.)
    """
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched task reaches workers only when they are forked")
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    for options in ([], ["--output-format", "json"]):
        expected = run(capsys, "check", "corpus", "-j", "1", *options)
        with monkeypatch.context() as patch:
            patch.setattr(pool, "_run_chunk", _die)
            assert run(capsys, "check", "corpus", "-j", "2", *options) == expected


def test_bad_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs must be a whole number from 1."""
    code, _, err = run(capsys, "check", "--jobs", "0")
    assert code == 2 and "argument -j/--jobs: must be at least 1, got 0" in err
    code, _, err = run(capsys, "check", "-j", "many")
    assert code == 2 and "argument -j/--jobs: expected a whole number, got 'many'" in err


def test_diagnostics_and_input_errors_survive_pickling() -> None:
    """What a worker sends back comes out equal, source lines, fixes and edits included."""
    found = newsdoc.validate(SEED.read_bytes()) + newsdoc.validate(ERROR.replace("\n", "\r\n"))
    assert any(d.fix is not None and len(d.fix.edits) > 1 for d in found)
    again = pickle.loads(pickle.dumps(found))
    assert again == found
    assert [d.source_line for d in again] == [d.source_line for d in found]
    assert [d.fix.edits if d.fix else None for d in again] == [
        d.fix.edits if d.fix else None for d in found
    ]
    error = pickle.loads(pickle.dumps(InputError("a.txt", "no such file or folder")))
    assert (str(error), error.name, error.reason) == (
        "a.txt: no such file or folder",
        "a.txt",
        "no such file or folder",
    )


def test_streamed_full_output_gives_the_fix_hint(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printed file by file, the full format still ends with how many findings --fix can fix."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    code, out, _ = run(capsys, "check", "corpus", "-j", "2")
    assert code == 2
    assert out.splitlines()[-1].endswith(("fixable with --fix.", "with --fix --unsafe-fixes)."))


def test_fix_with_jobs_runs_in_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --fix, -j 2 fixes and reports exactly as -j 1 does (fixing runs in this process)."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)

    def parallel(*args: Any) -> Any:
        raise AssertionError("--fix must not start worker processes")

    monkeypatch.setattr(pool, "_parallel", parallel)
    results = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"fix{jobs}"
        for index in range(6):
            path = folder / f"{index}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(WARNING if index % 2 else CLEAN, encoding="utf-8")
        code, out, err = run(capsys, "check", "--fix", folder.name, "-j", jobs)
        fixed = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
        results.append((code, out.replace(folder.name, "F"), err, fixed))
    assert results[0] == results[1]
    code, out, _, fixed = results[0]
    assert code == 0 and "Fixed 3 problems in 3 files." in out
    assert set(fixed.values()) == {CLEAN}
