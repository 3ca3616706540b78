"""A long Hypothesis fuzz session over newsdoc's hostile-input properties.

    nice -n 19 python fuzz/session.py --minutes 30 --log fuzz-session.log

Runs the property tests of the fuzz suite, the escaping of every output
format, the globs and bad input, and the memory limits, with many more
examples than the test suite (the ``long`` profile of tests/conftest.py,
``NEWSDOC_FUZZ_EXAMPLES`` each), again and again with a new seed each
round, until the time is up.  Each round's outcome is logged; a failure is
printed with the example Hypothesis found, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "tests/test_fuzz.py",
    "tests/test_escaping.py",
    "tests/test_bad_input.py::test_globs_match_as_the_reference_does",
    "tests/test_fastpath.py",
]


def main() -> int:
    """Run rounds until the time is up; return 1 if any round failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--log", default="fuzz-session.log")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "NEWSDOC_FUZZ_EXAMPLES": str(args.examples)}
    env.pop("CI", None)
    deadline = time.monotonic() + args.minutes * 60
    failed = False
    rounds = 0
    with open(args.log, "a", encoding="utf-8") as log:
        while time.monotonic() < deadline:
            seed = random.randrange(2**32)
            started = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    f"--hypothesis-seed={seed}",
                    *TESTS,
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            rounds += 1
            tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            line = (
                f"round {rounds} seed {seed}: exit {done.returncode}, "
                f"{time.monotonic() - started:.0f} s: {tail}"
            )
            print(line, flush=True)
            log.write(line + "\n")
            if done.returncode != 0:
                failed = True
                log.write(done.stdout[-20000:] + "\n")
                print(done.stdout[-5000:], flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
