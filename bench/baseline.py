"""The hand-written baseline: what a script that "just splits the file" does.

``split_dump`` reads a dump the quick way: find the first run of blank lines
with a regular expression, split the text before and after it into lines
and strip them (dropping the empty ones at the end).  It checks nothing, keeps
no layout and reports no error; it is the floor newsdoc's cost is compared to.

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

_BLANK_RUN = re.compile(r"\r?\n(?:[ \t]*\r?\n)+")


def split_dump(text: str) -> tuple[list[str], list[str]]:
    """The body lines and the headlines of a dump, the quick way."""
    match = _BLANK_RUN.search(text)
    if match is None:
        raise ValueError("no blank line in the text")
    body = [line.strip() for line in text[: match.start()].split("\n")]
    headlines = [line.strip() for line in text[match.end() :].split("\n")]
    return body, [line for line in headlines if line]


def _files(folders: list[str]) -> list[str]:
    found: list[str] = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            found.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".txt"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as sink:
        for path in _files(args.folders):
            with open(path, encoding="utf-8") as file:
                body, headlines = split_dump(file.read())
            record = {"source": path, "body": body, "headlines": headlines}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
