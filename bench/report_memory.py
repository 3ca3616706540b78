"""Peak memory of `newsdoc report` against the number of files: it should stay flat.

Writes a synthetic corpus of N files (in folders of 1,000, a mix of clean
files, warnings and errors), then runs `newsdoc report` on it in a fresh
process for each size (through bench/rss.py) and prints the peak resident
memory of the main process (the aggregator), the wall time and the size of
the report.

    python bench/report_memory.py 1000 10000 100000 [--jobs N] [--format html]
        [--extend-select ND301,ND302,ND303]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXTS = (
    "The council approved the budget on Tuesday after a long debate.\n"
    "It passed by seven votes to two.\n\n\nCouncil Approves Budget\nMayor Opens Library\n",
    "The mayor opened the library. \nIt has ten thousand books.\n\n\n"
    "Mayor Opens Library\nMayor Opens Library\n",
    "The budget is \u202e000,01\u202c dollars.\n\n\nBudget Approved\n",
    "A body with no headlines at all.\n",
)

RSS = Path(__file__).with_name("rss.py")


def corpus(root: Path, count: int) -> None:
    for index in range(count):
        folder = root / f"d{index // 1000:04}"
        if index % 1000 == 0:
            folder.mkdir(parents=True)
        text = TEXTS[index % len(TEXTS)].replace("budget", f"budget {index}")
        (folder / f"f{index:07}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--format", default="json", choices=("text", "json", "html"))
    parser.add_argument(
        "--extend-select",
        metavar="RULES",
        help="more rules, such as the corpus rules ND301,ND302,ND303 (docs/corpus.md)",
    )
    args = parser.parse_args()
    print(f"{'files':>9}  {'peak RSS (MiB)':>14}  {'seconds':>8}  report bytes")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "corpus"
            corpus(root, size)
            out, result = Path(tmp) / "report.out", Path(tmp) / "rss"
            command = [sys.executable, str(RSS), str(result), sys.executable, "-m", "newsdoc"]
            command += ["report", str(root), "--isolated", "--no-progress", "--jobs", args.jobs]
            command += ["--format", args.format, "-o", str(out), "-q"]
            if args.extend_select:
                command += ["--extend-select", args.extend_select]
            start = time.perf_counter()
            subprocess.run(command, check=False)
            seconds = time.perf_counter() - start
            peak = int(result.read_text()) / 2**20
            print(f"{size:>9,}  {peak:>14.1f}  {seconds:>8.1f}  {out.stat().st_size:,}")


if __name__ == "__main__":
    main()
