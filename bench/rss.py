"""Run a command and write its peak resident memory, in bytes, to a file.

    python bench/rss.py RESULT_FILE COMMAND [ARG...]

The command's standard streams are this process's.  Peak memory is the
child's ``ru_maxrss`` from ``wait4``.  It is read through this small process
rather than the benchmark itself because on Linux a child starts from its
parent's high-water mark (vfork and exec carry it over): a benchmark that
has just held a 100 MB dump in memory would inflate every figure.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    result, argv = sys.argv[1], sys.argv[2:]
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="ascii") as file:
        file.write(f"{usage.ru_maxrss * 1024}\n")  # kilobytes on Linux
    return code


if __name__ == "__main__":
    sys.exit(main())
