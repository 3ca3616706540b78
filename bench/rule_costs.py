"""What each rule costs ``validate``, per dump, on the benchmark's seed-sized dumps.

    python bench/rule_costs.py            # 2,000 dumps, median of 5 rounds
    python bench/rule_costs.py --dumps 500 --rounds 3

After a warm-up round, prints, in CPU µs per dump: the fastest plain splitter (the baseline), what
``validate`` costs before any rule runs (decoding, the grammar's verdict, the
reader's structure, the context), each enabled rule's check (its findings
included: building them is part of its cost), and ``validate`` whole. Each
round gives every rule a fresh context per dump, in the engine's order, so
work that rules share (the scan of characters, the words of each line) is
charged to the first rule that asks for it. The timer's own cost (about a
tenth of a µs a call) is in each figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from baseline import split_dump

import newsdoc
from newsdoc.rules import engine
from newsdoc.rules.base import Context
from newsdoc.syntax.parser import accepts
from newsdoc.syntax.reader import read


def _each(function: object, items: list[str]) -> float:
    """CPU µs per item of ``function`` over ``items``."""
    call = function  # (a local name: the loop's own cost stays small)
    start = time.process_time()
    for item in items:
        call(item)  # type: ignore[operator]
    return (time.process_time() - start) / len(items) * 1e6


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=int, default=2000, help="how many dumps (2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the median is shown (5)")
    args = parser.parse_args()
    texts = corpus.small_dumps(args.dumps, corpus.Pools())
    settings = engine.default_settings()
    rules = engine._active(settings.checked)
    for text in texts:  # a warm-up: every expression a rule compiles on first use
        newsdoc.validate(text)
    clock = time.process_time
    costs: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        rows = {
            "baseline (split_dump)": _each(split_dump, texts),
            "grammar (accepts)": _each(accepts, texts),
            "reader and context": _each(lambda t: Context(t, read(t), settings), texts),
        }
        spent = dict.fromkeys((rule.code for rule in rules), 0.0)
        for text in texts:
            context = Context(text, read(text), settings)
            for rule in rules:
                context.rule = rule
                context.first = len(context.found)
                before = clock()
                rule.check(context)  # type: ignore[misc]
                spent[rule.code] += clock() - before
        rows.update({code: value / len(texts) * 1e6 for code, value in spent.items()})
        rows["validate, whole"] = _each(newsdoc.validate, texts)
        for name, value in rows.items():
            costs.setdefault(name, []).append(value)
    medians = {name: statistics.median(values) for name, values in costs.items()}
    names = {rule.code: f"{rule.code} {rule.name}" for rule in rules}
    fixed = ("baseline (split_dump)", "grammar (accepts)", "reader and context")
    order = [*fixed, *sorted(names, key=lambda code: -medians[code]), "validate, whole"]
    print(f"CPU µs per dump, {args.dumps} seed-sized dumps, median of {args.rounds} rounds")
    print("| part | µs per dump |\n|---|---|")
    for name in order:
        print(f"| {names.get(name, name)} | {medians[name]:.1f} |")
    ratio = medians["baseline (split_dump)"] / medians["validate, whole"]
    print(f"\nvalidate: {ratio:.3f} x the baseline's dumps per CPU second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
