"""Every finding newsdoc gives on fixed corpora, to prove a speed change changed none.

A speed change to the rules or the engine must leave every finding as it
was: the code, the position, the message, the fix.  This script lists them
all (one ``repr`` of each diagnostic a line, per input) for

- the benchmark's corpus (``bench/corpus.py``: 5,000 seed-sized dumps and a
  large one),
- the real dumps of ``../shared/corpora/real-en`` (when present, or ``--real DIR``),
- the seeds and the rule case files (``tests/data/rules``),

with the default rules and with every rule (opt-in ones too), and writes the
list to a file, or compares it with one written before::

    python tools/findings.py --save /tmp/before.txt       # on the old code
    python tools/findings.py --compare /tmp/before.txt    # on the new code: exit 1 on any change

The comparison prints the first differences.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

import newsdoc  # noqa: E402
from newsdoc.rules.registry import RULES  # noqa: E402


def inputs(real: Path | None) -> Iterator[tuple[str, str | bytes]]:
    """Every input checked: a name and its text or bytes."""
    pools = corpus.Pools()
    for number, text in enumerate(corpus.small_dumps(5000, pools)):
        yield f"bench/{number}", text
    yield "bench/large", corpus.large_dump(1_000_000, pools)
    if real is not None and real.is_dir():
        for path in sorted(real.glob("*.txt")):
            yield f"real/{path.name}", path.read_bytes()
    for folder in (ROOT / "seeds", ROOT / "tests" / "data" / "rules"):
        for path in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{path.name}", path.read_bytes()


def listing(real: Path | None) -> Iterator[str]:
    """One line per input and configuration, then one per finding."""
    every = newsdoc.Config.from_mapping(
        {"select": [rule.code for rule in RULES if rule.configurable]}
    )
    for name, source in inputs(real):
        for label, config in (("default", None), ("every", every)):
            found = newsdoc.validate(source, config)
            yield f"== {name} {label} {len(found)}"
            for diagnostic in found:
                yield repr(diagnostic)


def main() -> int:
    """Save or compare the findings; 1 when they changed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the findings to this file")
    group.add_argument("--compare", type=Path, help="compare the findings with this file")
    parser.add_argument(
        "--real",
        type=Path,
        default=ROOT.parent / "shared" / "corpora" / "real-en",
        help="a folder of real dumps (default: ../shared/corpora/real-en)",
    )
    args = parser.parse_args()
    lines = [line + "\n" for line in listing(args.real)]
    if args.save:
        args.save.write_text("".join(lines), encoding="utf-8")
        print(f"{len(lines)} lines written to {args.save}")
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines(True)
    if before == lines:
        print(f"the same {len(lines)} lines: no finding changed")
        return 0
    diff = list(difflib.unified_diff(before, lines, "before", "after", n=1))
    sys.stdout.writelines(diff[:60])
    print(f"findings changed ({len(diff)} lines of difference)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
