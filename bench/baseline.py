"""The hand-written baseline: what a script that "just splits the file" does, as fast as we know.

``split_dump`` reads a dump the quick way: split the text at LF once, strip
each line (``str.strip`` takes the CR of a CRLF break with the other
whitespace), skip the blank lines at the start, and cut at the first blank
line: the body before it, the non-blank lines after it the headlines.  It
checks nothing, keeps no layout and reports no error; it is the floor
newsdoc's cost is compared to.  On the benchmark's corpus it gives exactly
the body lines and headlines ``newsdoc.loads`` gives (``tests/test_bench.py``).

It is the fastest plain splitter we found (docs/performance.md compares the
candidates, ``python bench/baseline.py --compare``): about 1.2 times as fast
as the same split around a regular expression for the separator,
``\\n(?:[ \\t]*\\r?\\n)+``, and 2.7 times as fast as the first baseline's
``\\r?\\n(?:[ \\t]*\\r?\\n)+``, which has no literal prefix, so Python's engine
tries it at every character.

Run as a script, it is the hand-written converter the CLI is compared to::

    python bench/baseline.py FOLDER... --out corpus.jsonl

It reads every ``*.txt`` file under the folders, splits it and writes one
JSON object per line, like ``newsdoc convert --to jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable

BOM = "\ufeff"


def split_dump(text: str) -> tuple[list[str], list[str]]:
    """The body lines and the headlines of a dump, the quick way: one split, no expression."""
    lines = list(map(str.strip, text.lstrip(BOM).split("\n")))
    start = 0
    while not lines[start]:
        start += 1
    end = lines.index("", start)  # ValueError: no blank line after the body
    return lines[start:end], list(filter(None, lines[end:]))


# --- the other candidates, for --compare and docs/performance.md -------------------------

_FAST_SEPARATOR = re.compile(r"\n(?:[ \t]*\r?\n)+")
_SLOW_SEPARATOR = re.compile(r"\r?\n(?:[ \t]*\r?\n)+")


def split_at_separator(text: str) -> tuple[list[str], list[str]]:
    """The split of issue 17: find the separator with ``\\n(?:[ \\t]*\\r?\\n)+``, split both sides."""
    text = text.lstrip(BOM + " \t\r\n")
    match = _FAST_SEPARATOR.search(text)
    if match is None:
        raise ValueError("no blank line in the text")
    body = list(map(str.strip, text[: match.start()].split("\n")))
    return body, list(filter(None, map(str.strip, text[match.end() :].split("\n"))))


def split_first_baseline(text: str) -> tuple[list[str], list[str]]:
    """The first baseline (issue 6): the separator found with ``\\r?\\n(?:[ \\t]*\\r?\\n)+``."""
    text = text.lstrip(BOM + " \t\r\n")
    match = _SLOW_SEPARATOR.search(text)
    if match is None:
        raise ValueError("no blank line in the text")
    body = [line.strip() for line in text[: match.start()].split("\n")]
    headlines = [line.strip() for line in text[match.end() :].split("\n")]
    return body, [line for line in headlines if line]


CANDIDATES: dict[str, Callable[[str], tuple[list[str], list[str]]]] = {
    "one split, strip, cut at the first blank line (the baseline)": split_dump,
    r"split around `\n(?:[ \t]*\r?\n)+` (issue 17's pattern)": split_at_separator,
    r"split around `\r?\n(?:[ \t]*\r?\n)+` (the first baseline)": split_first_baseline,
}
"""Every splitter measured; the benchmark's baseline is the fastest that gives newsdoc's lines."""


def _files(folders: list[str]) -> list[str]:
    found: list[str] = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            found.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".txt"))
    return found


def _compare() -> None:
    """Time every candidate on the benchmark corpus (CPU time, interleaved rounds)."""
    import corpus
    import measure

    texts = corpus.small_dumps(5000, corpus.Pools())

    def each(split: Callable[[str], object]) -> Callable[[], object]:
        return lambda: [split(t) for t in texts]

    ops = {name: each(split) for name, split in CANDIDATES.items()}
    for name, figure in measure.interleaved(ops, 15).items():
        print(f"{figure.cpu / len(texts) * 1e6:6.2f} CPU µs per dump  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*")
    parser.add_argument("--out")
    parser.add_argument("--compare", action="store_true", help="time the candidate splitters")
    args = parser.parse_args()
    if args.compare:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        _compare()
        return
    if not args.folders or not args.out:
        parser.error("give the folders and --out")
    with open(args.out, "w", encoding="utf-8") as sink:
        for path in _files(args.folders):
            with open(path, encoding="utf-8") as file:
                body, headlines = split_dump(file.read())
            record = {"source": path, "body": body, "headlines": headlines}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
