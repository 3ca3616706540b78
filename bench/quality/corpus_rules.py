"""Measure the corpus rules (ND301-ND303) on real dumps: recall on injected cases, false findings, cost.

Copies the real corpus (``../shared/corpora/real-en`` by default) into a
temporary folder, never touching the original, and runs ``newsdoc check``
(the command line, in a subprocess) over:

1. the untouched copy: every ND301/ND302 finding there is a false pair
   (the 131 dumps are different pages), and each ND303 finding is printed
   with its line so that it can be judged; a body line counts as right when
   ``leaked-lines.json`` labels it page furniture;
2. a copy with injected cases, each made from a real dump, in folders of
   their own so that they sort after the originals:
   * exact duplicates: the same body under another headline list, with
     runs of spaces and trailing spaces added;
   * near duplicates: about 5% of the words replaced by words of other
     dumps, the paragraphs shuffled, the headline list swapped for
     another dump's;
   * repeated lines: furniture lines (newsletter, sharing, cookie
     prompts), each put into the body of 5 to 20 dumps at a random place;
   and prints the recall of each kind: the share of injected duplicates
   reported on the copy naming its original, and the share of injected
   lines (one per file) that an ND303 finding of the file names.

It also prints the estimated similarity of every pair of different real
dumps (the highest is how close different articles come) against that of
the near duplicates (the lowest is how far an edited copy goes), which is
how ND302's default threshold was chosen; and, with ``--cost N``, the CPU
time of ``check --jobs 1`` over N seed-sized dumps (bench/corpus.py) with
and without the corpus rules.

    python bench/quality/corpus_rules.py [--corpus PATH] [--seed N] [--cost 5000]
    python bench/quality/corpus_rules.py --cost-only --cost 5000   # the cost alone
    python bench/quality/corpus_rules.py --dask 20000   # Dask on one machine: files/s, memory
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "corpora" / "real-en"
FURNITURE = (
    "Sign up for our daily newsletter to get the latest headlines in your inbox.",
    "Share this article on Facebook, Twitter and WhatsApp.",
    "We use cookies to give you the best experience on our website.",
    "Download our app for breaking news alerts.",
    "Follow us on Instagram for more stories like this one.",
    "This article is available to subscribers only.",
    "Comments are closed for this story.",
    "Advertisement - scroll to continue reading.",
)
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>ND\d{3}) \[\w+\] (?P<message>.*)$"
)
MORE = re.compile(r"\(line ([\d, .]+)\)$")


def split(text: str) -> tuple[list[str], list[str]]:
    """A valid dump's body lines and headlines (real-en's dumps are all valid)."""
    body, _, heads = text.strip("\n").partition("\n\n\n")
    return body.split("\n"), [line for line in heads.split("\n") if line.strip()]


def join(body: Sequence[str], heads: Sequence[str]) -> str:
    return "\n".join(body) + "\n\n\n" + "\n".join(heads) + "\n"


def check(folder: Path, select: str, extend: bool = False) -> list[dict[str, str]]:
    """The findings of ``newsdoc check`` over a folder (concise output, parsed).

    With ``extend``, the rules on by default run too (``--extend-select``).
    """
    command = [sys.executable, "-m", "newsdoc", "check", str(folder), "--isolated", "--jobs", "1"]
    if select:  # else the rules on by default
        command += ["--extend-select" if extend else "--select", select]
    command += ["--output-format", "concise", "-q", "--exit-zero"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        match = LINE.match(line)
        if match:
            found.append(match.groupdict())
    return found


def relative(path: str, folder: Path) -> str:
    return path[len(str(folder)) + 1 :]


def lines_named(finding: dict[str, str]) -> set[int]:
    """The line numbers an ND303 finding names: its own and those of "(line a, b, ...)"."""
    named = {int(finding["line"])}
    more = MORE.search(finding["message"])
    if more:
        named.update(int(n) for n in re.findall(r"\d+", more.group(1)))
    return named


def untouched(folder: Path, leaked: dict[str, list[int]]) -> None:
    found = check(folder, "ND301,ND302,ND303")
    pairs = [f for f in found if f["code"] in ("ND301", "ND302")]
    print(f"untouched corpus ({len(list(folder.glob('*.txt')))} files):")
    print(f"  false pairs (ND301/ND302): {len(pairs)}")
    for pair in pairs:
        print(f"    {relative(pair['path'], folder)}: {pair['message']}")
    repeated = [f for f in found if f["code"] == "ND303"]
    right = body = 0
    print(f"  ND303 findings: {len(repeated)}")
    for finding in repeated:
        name = relative(finding["path"], folder)
        text = (folder / name).read_text(encoding="utf-8")
        number = int(finding["line"])
        body_lines, _ = split(text)
        line = text.split("\n")[number - 1]
        where = "body" if number <= len(body_lines) else "headline"
        verdict = ""
        if where == "body":
            body += 1
            labelled = number in leaked.get(name, [])
            right += labelled
            verdict = "labelled furniture" if labelled else "NOT labelled furniture"
        print(f"    {name[:16]}…:{number} ({where}) {line!r} {verdict}")
    if body:
        print(f"  body findings on lines labelled furniture: {right}/{body}")


Truth = tuple[dict[str, str], dict[str, str], dict[str, dict[int, str]]]
"""Exact copies and near copies (copy: original), and the lines put in each file."""


def inject(folder: Path, names: list[str], rng: random.Random) -> Truth:
    """Write the injected cases into ``folder`` (a copy); return what was injected where."""
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in names}
    words = [w for name in names for line in split(texts[name])[0] for w in line.split()]
    picked = rng.sample(names, 60)
    exact, near = picked[:20], picked[20:40]
    exact_copies: dict[str, str] = {}
    near_copies: dict[str, str] = {}
    placed: dict[str, dict[int, str]] = {}
    (folder / "zz-exact").mkdir()
    (folder / "zz-near").mkdir()
    for index, name in enumerate(exact):
        body, _ = split(texts[name])
        other = split(texts[picked[40 + index]])[1]
        spaced = [line.replace(" ", "  ", 1) + " " for line in body]
        copy = f"zz-exact/{index:02d}.txt"
        (folder / copy).write_text(join(spaced, other), encoding="utf-8")
        exact_copies[copy] = name
    for index, name in enumerate(near):
        body, _ = split(texts[name])
        edited = []
        for line in body:
            tokens = line.split()
            for at in range(len(tokens)):
                if rng.random() < 0.05:
                    tokens[at] = rng.choice(words)
            edited.append(" ".join(tokens))
        rng.shuffle(edited)
        other = split(texts[picked[40 + index]])[1]
        copy = f"zz-near/{index:02d}.txt"
        (folder / copy).write_text(join(edited, other), encoding="utf-8")
        near_copies[copy] = name
    others = [name for name in names if name not in picked[:40]]  # originals stay as copied
    for furniture in FURNITURE:
        for name in rng.sample(others, rng.randint(5, 20)):
            body, heads = split((folder / name).read_text(encoding="utf-8"))
            at = rng.randint(0, len(body))
            body.insert(at, furniture)
            # Lines already injected below this one move down by one.
            moved = {line + (line > at): text for line, text in placed.get(name, {}).items()}
            moved[at + 1] = furniture
            placed[name] = moved
            (folder / name).write_text(join(body, heads), encoding="utf-8")
    return exact_copies, near_copies, placed


def injected(
    folder: Path, names: list[str], rng: random.Random, tally: dict[str, list[int]]
) -> None:
    """Inject the cases into ``folder``, check it, and add (found, injected) per kind to ``tally``."""
    exact_copies, near_copies, placed_lines = inject(folder, names, rng)
    found = check(folder, "ND301,ND302,ND303")
    by_file: dict[str, list[dict[str, str]]] = {}
    for finding in found:
        by_file.setdefault(relative(finding["path"], folder), []).append(finding)
    # The rules on by default, alone (with ND303, check leaves out their guess on its lines).
    by_file_default: dict[str, list[dict[str, str]]] = {}
    for finding in check(folder, ""):
        by_file_default.setdefault(relative(finding["path"], folder), []).append(finding)
    for kind, code, cases in (("exact", "ND301", exact_copies), ("near", "ND302", near_copies)):
        hit = sum(
            any(
                f["code"] == code and f["message"].startswith(f"{prefix} {folder}/{original}")
                for f in by_file.get(copy, [])
                for prefix in ("same body as", "nearly the same body as")
            )
            for copy, original in cases.items()
        )
        tally[kind][0] += hit
        tally[kind][1] += len(cases)
    copies = set(exact_copies) | set(near_copies)
    false = [
        (name, f["message"])
        for name, findings in by_file.items()
        for f in findings
        if f["code"] in ("ND301", "ND302") and name not in copies
    ]
    tally["false pairs"][0] += len(false)
    for name, placed in placed_lines.items():
        named: set[int] = set()
        for finding in by_file.get(name, []):
            if finding["code"] == "ND303":
                named |= lines_named(finding)
        tally["lines"][0] += sum(line in named for line in placed)
        tally["lines"][1] += len(placed)
        # The per-file rules on by default (the phrasebook's furniture rules...) on those lines.
        per_file: dict[int, set[str]] = {}
        for finding in by_file_default.get(name, []):
            if not finding["code"].startswith("ND3"):
                per_file.setdefault(int(finding["line"]), set()).add(finding["code"])
        for line in placed:
            codes = per_file.get(line, set())
            tally["per-file"][0] += bool(codes)
            tally["per-file"][1] += 1
            for code in codes:
                tally.setdefault(f"by {code}", [0, 0])[0] += 1


def similarities(folder: Path, names: list[str], rng: random.Random) -> None:
    """The estimated similarity of different real dumps, and of near duplicates made from them."""
    from newsdoc.rules.sketch import minhash, similarity

    hashes = {}
    for name in names:
        body, _ = split((folder / name).read_text(encoding="utf-8"))
        hashes[name] = minhash(body)
    signed = [n for n in names if hashes[n]]
    distinct = sorted((similarity(hashes[a], hashes[b]), a, b) for a, b in combinations(signed, 2))
    words = [
        w for n in names for line in split((folder / n).read_text("utf-8"))[0] for w in line.split()
    ]
    near = []
    for name in signed:
        body, _ = split((folder / name).read_text(encoding="utf-8"))
        edited = []
        for line in body:
            tokens = [rng.choice(words) if rng.random() < 0.05 else t for t in line.split()]
            edited.append(" ".join(tokens))
        rng.shuffle(edited)
        near.append(similarity(hashes[name], minhash(edited)))
    near.sort()
    print(
        f"similarity (MinHash estimate) over {len(distinct)} pairs of different real dumps: "
        f"max {distinct[-1][0]:.2f}, 99.9th percentile {distinct[int(len(distinct) * 0.999)][0]:.2f}"
    )
    print(
        f"similarity of each of {len(near)} dumps to a copy with 5% of words changed and "
        f"paragraphs shuffled: min {near[0]:.2f}, 5th percentile {near[len(near) // 20]:.2f}, "
        f"median {near[len(near) // 2]:.2f}"
    )


def cost(count: int) -> None:
    """CPU seconds of check --jobs 1 over ``count`` seed-sized dumps, corpus rules off and on."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import SEED, Pools, small_dumps, write_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dumps"
        write_files(folder, small_dumps(count, Pools(), SEED))
        runs = {
            "off": [],
            "ND301": ["--extend-select", "ND301"],
            "ND301,ND302": ["--extend-select", "ND301,ND302"],
            "ND303": ["--extend-select", "ND303"],
            "ND301,ND302,ND303": ["--extend-select", "ND301,ND302,ND303"],
        }
        results: dict[str, float] = {}
        for _ in range(2):  # best of 2: the machine may be busy
            for label, extra in runs.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                command = [sys.executable, "-m", "newsdoc", "check", str(folder), "--isolated"]
                command += ["--jobs", "1", "--output-format", "concise", "-q", "--exit-zero"]
                subprocess.run([*command, *extra], capture_output=True, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                results[label] = min(results.get(label, float("inf")), seconds)
        off = results["off"]
        print(f"CPU time of check --jobs 1 over {count:,} seed-sized dumps (best of 2):")
        for label, seconds in results.items():
            print(f"  {label:<18} {seconds:6.2f} s  {seconds / off:.2f}x")


DASK_RUN = """
import resource, sys, time
import newsdoc.dask
started = time.perf_counter()
found = newsdoc.dask.corpus_findings(sys.argv[1], scheduler=sys.argv[2], files_per_partition=1000)
seconds = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, len(found), own, workers)
"""


def dask_scale(count: int) -> None:
    """Files per second and peak memory of newsdoc.dask.corpus_findings over ``count`` dumps."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import SEED, Pools, small_dumps, write_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dumps"
        write_files(folder, small_dumps(count, Pools(), SEED))
        print(f"newsdoc.dask.corpus_findings over {count:,} seed-sized dumps (ND301-ND303):")
        for scheduler in ("sync", "processes"):
            command = [sys.executable, "-c", DASK_RUN, str(folder), scheduler]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            seconds, files, own, workers = out.split()
            print(
                f"  {scheduler:<10} {float(seconds):6.1f} s  {count / float(seconds):6.0f} files/s  "
                f"{files} files with findings  peak RSS {int(own) / 1024:.0f} MiB "
                f"(client), {int(workers) / 1024:.0f} MiB (largest worker)"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--runs", type=int, default=5, help="injected copies, each its own seed")
    parser.add_argument("--cost", type=int, default=0, metavar="N")
    parser.add_argument("--cost-only", action="store_true", help="only the CPU cost (--cost N)")
    parser.add_argument("--dask", type=int, default=0, metavar="N", help="Dask over N dumps")
    args = parser.parse_args()
    if args.cost_only or args.dask:
        if args.cost:
            cost(args.cost)
        if args.dask:
            dask_scale(args.dask)
        return
    leaked = json.loads((args.corpus / "leaked-lines.json").read_text(encoding="utf-8"))["files"]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "untouched"
        shutil.copytree(args.corpus, base, ignore=shutil.ignore_patterns("*.json"))
        names = sorted(p.name for p in base.glob("*.txt"))
        untouched(base, leaked)
        similarities(base, names, random.Random(args.seed))
        tally = {
            "exact": [0, 0],
            "near": [0, 0],
            "lines": [0, 0],
            "false pairs": [0, 0],
            "per-file": [0, 0],
        }
        for run in range(args.runs):
            copy = Path(tmp) / f"injected-{run}"
            shutil.copytree(base, copy)
            injected(copy, names, random.Random(args.seed + run), tally)
            shutil.rmtree(copy)
        print(
            f"injected corpus ({args.runs} runs, seeds {args.seed} to {args.seed + args.runs - 1}):"
        )
        for kind, what in (
            ("exact", "exact duplicates reported (ND301) naming the original"),
            ("near", "near duplicates reported (ND302) naming the original"),
            ("lines", "injected repeated lines (one per file) named by an ND303 finding"),
        ):
            hit, total = tally[kind]
            print(f"  {what}: {hit}/{total}, recall {hit / total:.3f}")
        print(f"  pairs reported on files that are not copies: {tally['false pairs'][0]}")
        hit, total = tally["per-file"]
        codes = ", ".join(
            f"{key[3:]} {value[0]}" for key, value in sorted(tally.items()) if key.startswith("by ")
        )
        print(
            f"  injected repeated lines also flagged by a default per-file rule on their line: "
            f"{hit}/{total} ({codes or 'none'})"
        )
    if args.cost:
        cost(args.cost)


if __name__ == "__main__":
    main()
