"""Checking a corpus straight from a .tar.gz, against the same dumps as loose files.

Issue 15's target: ``newsdoc check corpus.tar.gz`` costs no more than 1.3
times ``newsdoc check corpus/`` on the same dumps, with flat memory (an
archive four times as large peaks at about the same resident memory).  The
two commands run as new processes, interleaved, after a warm-up run (see
``measure.walls``); the machine is shared, so read the ratio, not the
seconds.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path
from typing import Any

import corpus
import measure

MB = 1_000_000


def _tar_gz(folder: Path, target: Path) -> int:
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return target.stat().st_size


def archive_runs(
    report: Any, files: int, runs: int, pools: corpus.Pools, work: Path, command: list[str]
) -> None:
    """Wall time and peak memory of check on a .tar.gz and on the same loose files."""
    folder = work / "loose"
    texts = corpus.small_dumps(files, pools, seed=corpus.SEED + 2)
    size = corpus.write_files(folder, texts)
    archive = work / "corpus.tar.gz"
    packed = _tar_gz(folder, archive)
    check = [*command, "check", "--exit-zero", "--output-format", "concise"]
    commands = {
        "`newsdoc check DIR` (loose files)": [*check, str(folder)],
        "`newsdoc check corpus.tar.gz`": [*check, str(archive)],
    }
    report.say(
        f"### Archives: {files} dumps ({size / MB:.1f} MB; {packed / MB:.1f} MB as .tar.gz), "
        f"median of {runs} interleaved runs after a warm-up run"
    )
    report.say()
    times = measure.walls(commands, runs)
    loose, packed_time = times.values()
    big_folder = work / "loose4"
    corpus.write_files(big_folder, texts * 4)
    big = work / "corpus4.tar.gz"
    _tar_gz(big_folder, big)
    shutil.rmtree(big_folder)
    rss = {
        "`newsdoc check DIR` (loose files)": measure.peak_rss([*check, str(folder)]),
        "`newsdoc check corpus.tar.gz`": measure.peak_rss([*check, str(archive)]),
        f"`newsdoc check corpus4.tar.gz` ({4 * files} dumps)": measure.peak_rss([*check, str(big)]),
    }
    report.table(
        ["command", "wall s", "files/s", "ratio to loose files", "peak RSS MB"],
        [
            [name, f"{s:.2f}", f"{files / s:,.0f}", f"{s / loose:.2f}", f"{rss[name] / MB:.0f}"]
            for name, s in times.items()
        ]
        + [[name, "", "", "", f"{value / MB:.0f}"] for name, value in list(rss.items())[2:]],
    )
    value = packed_time / loose
    report.target(
        f"`check corpus.tar.gz`, {files} dumps",
        "<= 1.3 x the same loose files",
        f"{value:.2f}",
        value <= 1.3,
    )
    growth = list(rss.values())[2] / list(rss.values())[1]
    report.target(
        "`check` of a .tar.gz 4 times as large: peak memory",
        "flat: <= 1.2 x",
        f"{growth:.2f}",
        growth <= 1.2,
    )
    shutil.rmtree(folder)
    archive.unlink()
    big.unlink()


def main() -> int:
    """Run this part of the benchmark alone: ``python bench/archive.py [--files N] [--runs N]``."""
    import argparse
    import tempfile

    import run

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=run.FULL.folder_files)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    report = run.Report()
    work = Path(tempfile.mkdtemp(prefix="newsdoc-bench-"))
    try:
        run.compile_bytecode()
        archive_runs(report, args.files, args.runs, corpus.Pools(), work, run.newsdoc_command())
        report.table(["target", "goal", "this run", "met"], report.targets)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
