"""Thread safety: the public functions called from many threads at once, on a cold process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    import newsdoc
    from newsdoc.model.speed import ONCE

    THREADS, ROUNDS = 16, int(sys.argv[1])
    VALID = "Body line one.\\n\\n\\nHeadline\\n"
    INVALID = "a\\x01b\\n\\x02\\n\\n\\nc\\n\\n\\nd\\n"
    FIXABLE = "  Body line.  \\n\\nHead  \\n"

    def call(kind):
        try:
            if kind == 0:
                return repr(newsdoc.loads(VALID))
            if kind == 1:
                errors = newsdoc.parse(INVALID).errors
                return repr([(e.code, e.line, e.column, e.msg, e.source_line) for e in errors])
            if kind == 2:
                return repr(newsdoc.validate(INVALID))
            result = newsdoc.fix(FIXABLE)
            return repr((result.text, result.remaining))
        except BaseException as error:
            return f"{type(error).__name__}: {error}"

    def cold():
        for function in ONCE:
            function.cache_clear()

    outcomes = []
    for _ in range(ROUNDS):
        cold()
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def work(index):
            barrier.wait()
            results[index] = call(index % 4)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(results)
    cold()
    expected = [call(i % 4) for i in range(THREADS)]
    wrong = [(n, r) for n, results in enumerate(outcomes) for r in results if r not in expected]
    print(len(outcomes), len(wrong), wrong[:3])
    """
)


def test_sixteen_threads_on_a_cold_process_get_the_single_threaded_results(tmp_path: Path) -> None:
    """loads, parse (invalid input), validate and fix from 16 threads at once, 50 times.

    The process starts cold (an empty parser cache), and before each of the
    50 rounds every lazily built part (the parser, its label table, the rule
    settings, the converters) is forgotten again, so each round races the
    first use.  Every result must equal the one of a single-threaded call.
    """
    env = {**os.environ, "NEWSDOC_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "50"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "50 0 []", done.stdout
