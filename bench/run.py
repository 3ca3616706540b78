"""newsdoc's benchmark: throughput, start-up, whole-folder runs, memory, linearity.

    python bench/run.py                # the full run (about ten minutes on 2 cores)
    python bench/run.py --smoke        # everything, tiny and fast (CI runs this)
    python bench/run.py --out docs/performance.md
    python bench/quality/benchmark.py  # the quality benchmark alone (issue 14)

Every figure is printed as it is measured, then the whole report as
Markdown; ``--out`` writes the report into that file between the markers
``<!-- bench:begin -->`` and ``<!-- bench:end -->`` (the whole file when it
has no markers).  A full run ends with the quality benchmark
(``bench/quality/benchmark.py``: precision on real dumps, recall on injected
defects; see docs/quality.md), printed but not part of the performance
report; ``--no-quality`` leaves it out, and ``--smoke`` always does.  Features that are not in this checkout of newsdoc
(``newsdoc.validate``, ``newsdoc.to_dict``, ``newsdoc convert --to jsonl``)
are skipped, and the report says so.  See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import corpus
import measure
from archive import archive_runs
from baseline import CANDIDATES, split_dump

import newsdoc

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MB = 1_000_000


@dataclass(frozen=True)
class Sizes:
    """How much work each part of the run does."""

    docs: int  # seed-sized dumps measured in process
    rounds: int  # interleaved rounds of the in-process measurements
    linear_base: int  # bytes of the 1x dump of the linearity table
    start_runs: int  # runs of each command for the start-up wall time
    folder_files: int  # files of the whole-folder runs
    folder_runs: int
    big_dump: int  # bytes of the one large dump loaded for memory
    corpus_part: int  # bytes of each of the 4 parts of the conversion corpus
    jobs_small: tuple[int, ...] = ()  # seed-sized files of the --jobs crossover folders
    jobs_large: tuple[int, ...] = ()  # 1 MB files (jobs_large_size) of the crossover folders
    jobs_large_size: int = MB
    jobs_runs: int = 5


FULL = Sizes(
    5000,
    15,
    1 * MB,
    30,
    5000,
    5,
    100 * MB,
    50 * MB,
    jobs_small=(500, 1000, 2000, 4000, 8000, 16000),
    jobs_large=(8, 16, 32, 64),
)
SMOKE = Sizes(
    40,
    2,
    2_000,
    2,
    40,
    1,
    1 * MB,
    MB // 4,
    jobs_small=(20,),
    jobs_large=(2,),
    jobs_large_size=20_000,
    jobs_runs=1,
)


class Report:
    """The Markdown report, printed as it grows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.skipped: list[str] = []
        self.targets: list[list[str]] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.say("| " + " | ".join(headers) + " |")
        self.say("|" + "|".join("---" for _ in headers) + "|")
        for row in rows:
            self.say("| " + " | ".join(row) + " |")
        self.say()

    def skip(self, what: str, why: str) -> None:
        self.skipped.append(f"- {what}: skipped, {why}.")
        print(f"SKIPPED {what}: {why}", flush=True)

    def target(self, what: str, goal: str, value: str, met: bool | None) -> None:
        """Record one target (issues 6 and 17) and what this run measured for it (None: not measured)."""
        verdict = {True: "yes", False: "**no**", None: "not measured"}[met]
        self.targets.append([what, goal, value, verdict])


# --- what this checkout of newsdoc has ---------------------------------------------------


def newsdoc_command() -> list[str]:
    """The installed ``newsdoc`` console script (what users run), else ``python -m newsdoc``."""
    script = Path(sys.executable).with_name("newsdoc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsdoc"]


def has_jsonl(command: list[str]) -> bool:
    done = subprocess.run([*command, "convert", "--help"], capture_output=True, text=True)
    return done.returncode == 0 and "jsonl" in done.stdout


def to_json_line() -> Callable[[str], str] | None:
    """Text to one JSON line through newsdoc.to_dict (issue 4), when this checkout has it."""
    to_dict = getattr(newsdoc, "to_dict", None)
    if to_dict is None:
        return None
    return lambda text: json.dumps(to_dict(newsdoc.loads(text)), ensure_ascii=False)


# --- the parts of the run -------------------------------------------------------------------


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}"


def _each(function: Callable[[Any], object], items: list[Any]) -> None:
    """Call ``function`` on each item and drop the result, as a streaming pipeline does."""
    for item in items:
        function(item)


BASELINE = "baseline: one split, strip, cut at the first blank line"
LOADS = "`loads` (items made when first read)"
TOUCHED = "`loads`, then every item read"


def _touch(text: str) -> object:
    """``loads``, then read every item, as any use of the document does."""
    document = newsdoc.loads(text)
    return document.body, document.headlines


def throughput(report: Report, sizes: Sizes, pools: corpus.Pools) -> None:
    texts = corpus.small_dumps(sizes.docs, pools)
    documents = [newsdoc.loads(t) for t in texts]
    for document in documents:  # dumps measures writing, not making the items
        document.body, document.headlines  # noqa: B018
    size = sum(len(t.encode()) for t in texts)
    names = list(CANDIDATES)
    ops: dict[str, Callable[[], object]] = {
        BASELINE: lambda: _each(split_dump, texts),
        **{
            f"reference: {name}": (lambda f: lambda: _each(f, texts))(CANDIDATES[name])
            for name in names[1:]
        },
        LOADS: lambda: _each(newsdoc.loads, texts),
        TOUCHED: lambda: _each(_touch, texts),
        "`dumps`": lambda: _each(newsdoc.dumps, documents),
    }
    validate = getattr(newsdoc, "validate", None)
    if validate is not None:
        ops["`validate` (default rules)"] = lambda: _each(validate, texts)
    else:
        report.skip("`validate` throughput", "`newsdoc.validate` is not in this checkout")
    convert = to_json_line()
    if convert is not None:
        ops["JSON: `loads` + `to_dict` + `json.dumps`"] = lambda: _each(convert, texts)
    else:
        report.skip("JSON conversion throughput", "`newsdoc.to_dict` is not in this checkout")
    report.say(
        f"### In process: {sizes.docs} seed-sized dumps ({size / MB:.1f} MB), "
        f"median of {sizes.rounds} interleaved rounds"
    )
    report.say()
    times = measure.interleaved(ops, sizes.rounds)
    base = sizes.docs / times[BASELINE].cpu
    rows = []
    for name, figure in times.items():
        per_second = sizes.docs / figure.cpu
        rows.append(
            [
                name,
                f"{per_second:,.0f}",
                f"{size / MB / figure.cpu:.1f}",
                ratio(per_second, base),
                f"{sizes.docs / figure.wall:,.0f}",
                f"{figure.spread:.0%}",
            ]
        )
    report.table(
        [
            "operation",
            "docs per CPU second",
            "MB per CPU second",
            "ratio to baseline",
            "docs/s (wall)",
            "spread of rounds",
        ],
        rows,
    )
    report.say(
        "The ratios are of CPU time (user + system of this process, "
        "`time.process_time`), which other jobs on the machine disturb much less than "
        "wall time; the spread is the slowest round's CPU time less the fastest's, "
        f"over the median. {LOADS.split(' ')[0]} matches the text and reads its "
        "layout; a document's items are made the first time its `body` or "
        f'`headlines` is read, which the row "{TOUCHED}" includes.'
    )
    report.say()
    loads = sizes.docs / times[LOADS].cpu / base
    touched = sizes.docs / times[TOUCHED].cpu / base
    report.target(
        "`loads`, seed-sized dumps",
        ">= 0.35 of the baseline's docs per CPU second",
        f"{loads:.2f} ({touched:.2f} with every item read)",
        loads >= 0.35,
    )
    name = "`validate` (default rules)"
    goal = ">= 0.20 of the baseline's docs per CPU second"
    if name in times:
        value = sizes.docs / times[name].cpu / base
        report.target("`validate`, default rules", goal, f"{value:.2f}", value >= 0.20)
    else:
        report.target("`validate`, default rules", goal, "skipped", None)


COPY = 'reference: copy the text (`text + "x"`)'


def _one_dump_ops(text: str, document: newsdoc.NewsDump) -> dict[str, Callable[[], object]]:
    ops: dict[str, Callable[[], object]] = {
        "baseline": lambda: split_dump(text),
        "`loads`": lambda: newsdoc.loads(text),
        "`loads`, items read": lambda: _touch(text),
        "`dumps`": lambda: newsdoc.dumps(document),
        COPY: lambda: text + "x",
    }
    validate = getattr(newsdoc, "validate", None)
    if validate is not None:
        ops["`validate`"] = lambda: validate(text)
    convert = to_json_line()
    if convert is not None:
        ops["JSON"] = lambda: convert(text)
    return ops


def _corpus_ops(texts: list[str], documents: list[Any]) -> dict[str, Callable[[], object]]:
    ops: dict[str, Callable[[], object]] = {
        "baseline": lambda: _each(split_dump, texts),
        "`loads`": lambda: _each(newsdoc.loads, texts),
        "`loads`, items read": lambda: _each(_touch, texts),
        "`dumps`": lambda: _each(newsdoc.dumps, documents),
    }
    validate = getattr(newsdoc, "validate", None)
    if validate is not None:
        ops["`validate`"] = lambda: _each(validate, texts)
    convert = to_json_line()
    if convert is not None:
        ops["JSON"] = lambda: _each(convert, texts)
    return ops


def _growth_rows(
    label: str,
    scale: float,
    count: float,
    times: dict[str, measure.Figure],
    first: dict[str, float],
) -> list[list[str]]:
    """Rows of CPU seconds per unit (times ``scale``) and their ratio to the first size's."""
    rows = []
    for name, figure in times.items():
        seconds = figure.cpu
        per_unit = seconds / count
        first.setdefault(name, per_unit)
        rows.append(
            [
                label,
                name,
                f"{seconds * 1000:.1f}",
                f"{per_unit * scale:.1f}",
                ratio(per_unit, first[name]),
            ]
        )
    return rows


def linearity(report: Report, sizes: Sizes, pools: corpus.Pools) -> None:
    """Cost at 1x, 10x and 100x: more dumps, then one larger dump."""
    docs = max(4, sizes.docs // 10)
    report.say(
        f"### Linearity: {docs:,}, {docs * 10:,} and {docs * 100:,} seed-sized dumps, "
        "median of interleaved rounds"
    )
    report.say()
    rows: list[list[str]] = []
    first: dict[str, float] = {}
    for factor in (1, 10, 100):
        texts = corpus.small_dumps(docs * factor, pools, seed=corpus.SEED + 2)
        documents = [newsdoc.loads(t) for t in texts]
        for document in documents:
            document.body, document.headlines  # noqa: B018 - made before dumps is timed
        ops = _corpus_ops(texts, documents)
        times = measure.interleaved(ops, 3 if factor == 100 else 5)
        rows += _growth_rows(
            f"{factor}x ({docs * factor:,} dumps)", 1e6, docs * factor, times, first
        )
    worst_corpus = max(float(row[4]) for row in rows)
    report.table(["corpus", "operation", "CPU ms", "CPU µs per dump", "cost per dump vs 1x"], rows)
    report.say(
        f"### Linearity: one dump of 1x, 10x and 100x {sizes.linear_base / MB:g} MB, "
        "median of interleaved rounds"
    )
    report.say()
    rows = []
    first = {}
    for factor in (1, 10, 100):
        text = corpus.large_dump(sizes.linear_base * factor, pools)
        size = len(text.encode())
        document = newsdoc.loads(text)
        document.body, document.headlines  # noqa: B018 - made before dumps is timed
        times = measure.interleaved(_one_dump_ops(text, document), 3 if factor == 100 else 5)
        del document
        rows += _growth_rows(f"{factor}x ({size / MB:.2f} MB)", 1e3, size / MB, times, first)
    report.table(["size", "operation", "CPU ms", "CPU ms per MB", "cost per byte vs 1x"], rows)
    report.say(
        "Past the CPU's caches, every byte costs more, for any code: the copy of the "
        "text shows what the memory system alone does. An operation counts as linear "
        "when its cost per byte grows no more than 1.25 times, or no more than the copy's."
    )
    report.say()
    copy = max(float(row[4]) for row in rows if row[1] == COPY)
    worst_dump = max(float(row[4]) for row in rows if row[1] not in (COPY, "baseline"))
    report.target(
        "linear cost: 1x, 10x, 100x dumps",
        "cost per dump at 10x and 100x <= 1.25 x at 1x",
        f"worst {worst_corpus:.2f}",
        worst_corpus <= 1.25,
    )
    report.target(
        "linear cost: one dump of 1x, 10x, 100x the size",
        "cost per byte <= 1.25 x at 1x, or <= the copy's growth",
        f"worst {worst_dump:.2f} (copy {copy:.2f})",
        worst_dump <= max(1.25, copy),
    )


SAMPLE = corpus.ROOT / "seeds" / "000_9d9ba48a29917d4d.txt"
NOT_JSONL = "this checkout's `newsdoc convert` has no `--to jsonl`"


START_GOAL = 0.8
"""``newsdoc check <sample>`` may take this much of ``import lark, attrs``'s CPU time."""


def start_up(report: Report, sizes: Sizes, command: list[str]) -> None:
    commands = {
        "`newsdoc check <sample>`": [*command, "check", str(SAMPLE)],
        '`python -c "import lark, attrs"`': [sys.executable, "-c", "import lark, attrs"],
        '`python -c "import attrs"`': [sys.executable, "-c", "import attrs"],
        '`python -c "pass"`': [sys.executable, "-c", "pass"],
    }
    report.say(
        f"### Start-up: new processes, median of {sizes.start_runs} interleaved runs "
        "(after a warm-up run, so the parser cache is filled)"
    )
    report.say()
    times = measure.processes(commands, sizes.start_runs)
    reference = times['`python -c "import lark, attrs"`']
    report.table(
        ["command", "CPU ms", "ratio (CPU)", "wall ms", "ratio (wall)", "spread of runs"],
        [
            [
                name,
                f"{f.cpu * 1000:.1f}",
                ratio(f.cpu, reference.cpu),
                f"{f.wall * 1000:.1f}",
                ratio(f.wall, reference.wall),
                f"{f.spread:.0%}",
            ]
            for name, f in times.items()
        ],
    )
    report.say(
        "CPU time is the user + system time of the process (`os.wait4`); the ratios "
        'are to `python -c "import lark, attrs"`.'
    )
    report.say()
    check = times["`newsdoc check <sample>`"]
    value = check.cpu / reference.cpu
    report.target(
        "`newsdoc check <sample>`, cold start",
        f'<= {START_GOAL} x `python -c "import lark, attrs"` (CPU)',
        f"{value:.2f} (wall {check.wall / reference.wall:.2f})",
        value <= START_GOAL,
    )


def _importtime(argv: list[str]) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of everything ``python -X importtime ARGV`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, check=True
    )
    entries = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if match:
            entries.append((match.group(3), int(match.group(1)), int(match.group(2))))
    return entries


HEAVY = ("lark", "importlib.metadata", "json", "tempfile", "hashlib", "cattrs", "jsonschema")


def import_budget(report: Report) -> None:
    """What `newsdoc check <sample>` imports, beside `import lark, attrs`."""
    ours = _importtime(["-m", "newsdoc", "check", str(SAMPLE)])
    theirs = _importtime(["-c", "import lark, attrs"])
    heavy = [m for m in HEAVY if any(name == m for name, _, _ in ours)]
    report.say("### Import budget of `newsdoc check <sample>` (`python -X importtime`)")
    report.say()
    report.say(
        f"`newsdoc check <sample>` imports {len(ours)} modules for "
        f"{sum(e[1] for e in ours) / 1000:.1f} ms; `import lark, attrs` imports "
        f"{len(theirs)} for {sum(e[1] for e in theirs) / 1000:.1f} ms (importtime's own "
        "overhead inflates both). Heavy modules imported on this path: "
        f"{', '.join(f'`{m}`' for m in heavy) if heavy else 'none'}. "
        "The most expensive, by their own time:"
    )
    report.say()
    report.table(
        ["module", "self ms", "cumulative ms"],
        [
            [f"`{name}`", f"{own / 1000:.1f}", f"{total / 1000:.1f}"]
            for name, own, total in sorted(ours, key=lambda e: -e[1])[:15]
        ],
    )


SCRIPT = "hand-written script: read, split, write JSONL"
FOLDER_GOALS = {
    "`newsdoc check DIR --jobs 1`": 1.5,
    "`newsdoc convert DIR --to jsonl --jobs 1`": 1.1,
}
"""How much of the hand-written script's CPU time each whole-folder run may take."""


def folder_runs(
    report: Report, sizes: Sizes, pools: corpus.Pools, work: Path, command: list[str], jsonl: bool
) -> None:
    folder = work / "folder"
    texts = corpus.small_dumps(sizes.folder_files, pools, seed=corpus.SEED + 1)
    size = corpus.write_files(folder, texts)
    script = [sys.executable, str(Path(__file__).with_name("baseline.py"))]
    commands = {
        SCRIPT: [*script, str(folder), "--out", str(work / "script.jsonl")],
        "`newsdoc check DIR --jobs 1`": [*command, "check", str(folder), "--jobs", "1"],
        "`newsdoc check DIR`": [*command, "check", str(folder)],
    }
    if jsonl:
        convert = [*command, "convert", str(folder), "--to", "jsonl"]
        commands["`newsdoc convert DIR --to jsonl --jobs 1`"] = [*convert, "--jobs", "1"]
        commands["`newsdoc convert DIR --to jsonl`"] = convert
    else:
        report.skip("`newsdoc convert DIR --to jsonl`, CPU and wall time", NOT_JSONL)
    report.say(
        f"### Whole folder: {sizes.folder_files} files ({size / MB:.1f} MB), "
        f"median of {sizes.folder_runs} interleaved runs after a warm-up run"
    )
    report.say()
    times = measure.processes(commands, sizes.folder_runs, stdout=work / "stdout.jsonl")
    reference = times[SCRIPT]
    report.table(
        [
            "command",
            "CPU s",
            "ratio (CPU)",
            "wall s",
            "ratio (wall)",
            "files per CPU second",
            "spread of runs",
        ],
        [
            [
                name,
                f"{f.cpu:.2f}",
                ratio(f.cpu, reference.cpu),
                f"{f.wall:.2f}",
                ratio(f.wall, reference.wall),
                f"{sizes.folder_files / f.cpu:,.0f}",
                f"{f.spread:.0%}",
            ]
            for name, f in times.items()
        ],
    )
    report.say(
        "CPU time is the user + system time of the process and of its workers "
        "(`os.wait4`): what a corpus run pays on any number of cores. The runs "
        "without `--jobs` use the default number of workers; their wall time is "
        "only as good as the cores other jobs leave free."
    )
    report.say()
    for name, goal in FOLDER_GOALS.items():
        what = f"{name}, {sizes.folder_files} files"
        text = f"<= {goal} x the hand-written script (CPU)"
        if name in times:
            value = times[name].cpu / reference.cpu
            wall = times[name].wall / reference.wall
            report.target(what, text, f"{value:.2f} (wall {wall:.2f})", value <= goal)
        else:
            report.target(what, text, "skipped", None)
    shutil.rmtree(folder)


def _default_jobs(folder: Path) -> int:
    """How many processes ``newsdoc check FOLDER`` starts by default (newsdoc.io.jobs.plan)."""
    from newsdoc.config.settings import Config
    from newsdoc.io.finder import iter_sources, source_size
    from newsdoc.io.jobs import plan

    sources = iter_sources([str(folder)], Config(root=folder))
    return plan(sources, None, source_size)[1]


def jobs_crossover(
    report: Report, sizes: Sizes, pools: corpus.Pools, work: Path, command: list[str]
) -> None:
    """``--jobs 1`` against ``--jobs 2`` and the default, on folders of growing work.

    Seed-sized files (many small inputs) and 1 MB files (few large ones):
    where two processes start to beat one is the crossover that
    ``newsdoc.io.jobs.PARALLEL_WORK`` is set from.  Every command of a
    folder runs interleaved with the others, ``jobs_runs`` times.
    """
    folders: list[tuple[str, Path]] = []
    for count in sizes.jobs_small:
        folder = work / f"jobs-small-{count}"
        texts = corpus.small_dumps(count, pools, seed=corpus.SEED + 20)
        size = corpus.write_files(folder, texts)
        folders.append((f"{count:,} seed-sized files ({size / MB:.1f} MB)", folder))
    for count in sizes.jobs_large:
        folder = work / f"jobs-large-{count}"
        texts = [
            corpus.large_dump(sizes.jobs_large_size, pools, seed=corpus.SEED + 30 + i)
            for i in range(count)
        ]
        size = corpus.write_files(folder, texts)
        folders.append(
            (f"{count:,} files of {sizes.jobs_large_size / MB:g} MB ({size / MB:.1f} MB)", folder)
        )
    report.say(
        f"### Jobs: one process or two, median of {sizes.jobs_runs} interleaved runs per folder"
    )
    report.say()
    report.say(
        "Wall seconds of `newsdoc check DIR` and `newsdoc convert DIR --to jsonl` with "
        "`--jobs 1`, `--jobs 2` and the default, which starts one worker per core only "
        "for enough work (`newsdoc.io.jobs.PARALLEL_WORK`: each file's bytes plus "
        "`FILE_WORK`), with their CPU seconds (of the process and its workers) in "
        "brackets. The ratio is of wall time, `-j 2` over `-j 1`: below 1.00, two "
        "processes win."
    )
    report.say()
    rows = []
    worst = 0.0
    for label, folder in folders:
        argv = {
            "check": [*command, "check", "--isolated", "-q", "--exit-zero", str(folder)],
            "convert": [*command, "convert", "--isolated", "--to", "jsonl", str(folder)],
        }
        commands = {
            f"{name} {jobs}": [*line, *([] if jobs == "default" else ["-j", jobs])]
            for name, line in argv.items()
            for jobs in ("1", "2", "default")
        }
        times = measure.processes(commands, sizes.jobs_runs, stdout=work / "jobs.out")
        chosen = _default_jobs(folder)
        row = [label, str(chosen)]
        for name in argv:
            one, two, default = (times[f"{name} {jobs}"] for jobs in ("1", "2", "default"))
            worst = max(worst, default.wall / one.wall)
            row += [
                f"{one.wall:.2f} ({one.cpu:.2f})",
                f"{two.wall:.2f} ({two.cpu:.2f})",
                ratio(two.wall, one.wall),
                f"{default.wall:.2f} ({default.cpu:.2f})",
            ]
        rows.append(row)
        shutil.rmtree(folder)
    report.table(
        [
            "folder",
            "default processes",
            "check -j1",
            "check -j2",
            "ratio",
            "check default",
            "convert -j1",
            "convert -j2",
            "ratio",
            "convert default",
        ],
        rows,
    )
    report.target(
        "`--jobs` default, every folder measured",
        "<= 1.10 x the wall of `--jobs 1`",
        f"worst {worst:.2f}",
        worst <= 1.10,
    )


def memory_one_dump(report: Report, sizes: Sizes, pools: corpus.Pools, work: Path) -> None:
    big = work / "big.txt"
    big.write_text(corpus.large_dump(sizes.big_dump, pools), encoding="utf-8")
    size = big.stat().st_size
    idle = measure.peak_rss([sys.executable, "-c", "import newsdoc"])
    loaded = measure.peak_rss(
        [
            sys.executable,
            "-c",
            "import newsdoc, sys; d = newsdoc.load(sys.argv[1]); d.body, d.headlines",
            str(big),
        ]
    )
    split = measure.peak_rss(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[2]); from baseline import split_dump; "
            "split_dump(open(sys.argv[1], encoding='utf-8').read())",
            str(big),
            str(Path(__file__).parent),
        ]
    )
    big.unlink()
    report.say(f"### Memory: loading one {size / MB:.0f} MB dump (peak RSS of a new process)")
    report.say()
    rows = [['`python -c "import newsdoc"`', f"{idle / MB:.0f}", "", ""]]
    for name, peak in [
        ("`newsdoc.load(path)`, every item read", loaded),
        ("baseline: read, split and strip", split),
    ]:
        rows.append(
            [name, f"{peak / MB:.0f}", f"{(peak - idle) / MB:.0f}", ratio(peak - idle, size)]
        )
    report.table(
        ["process", "peak RSS MB", "above `import newsdoc`, MB", "ratio to the file"], rows
    )
    value = (loaded - idle) / size
    report.target(f"one {size / MB:.0f} MB dump loads", "< 4 x its size", f"{value:.2f}", value < 4)


def memory_corpus(
    report: Report, sizes: Sizes, pools: corpus.Pools, work: Path, command: list[str], jsonl: bool
) -> None:
    parts: list[str] = []
    files = total = 0
    for index in range(4):
        part = work / f"part{index}"
        count, written = corpus.write_corpus(
            part, sizes.corpus_part, pools, corpus.SEED + 10 + index
        )
        files, total = files + count, total + written
        parts.append(str(part))
    out = work / "out.jsonl"
    script = [sys.executable, str(Path(__file__).with_name("baseline.py"))]
    programs: dict[str, Callable[[list[str]], list[str]]] = {
        "hand-written script": lambda chosen: [*script, *chosen, "--out", str(out)],
        "`newsdoc check`": lambda chosen: [*command, "check", *chosen],
    }
    if jsonl:
        programs["`newsdoc convert --to jsonl`"] = lambda chosen: [
            *command,
            "convert",
            *chosen,
            "--to",
            "jsonl",
        ]
    else:
        report.skip("`newsdoc convert --to jsonl`, peak memory", NOT_JSONL)
    peaks: dict[str, list[int]] = {name: [] for name in programs}
    rows = []
    for count in (1, 2, 4):
        chosen = parts[:count]
        row = [
            f"{count} of 4 parts: about {files * count // 4:,} files, {total * count / 4 / MB:.0f} MB"
        ]
        for name, argv in programs.items():
            peaks[name].append(measure.peak_rss(argv(chosen), stdout=out))
            row.append(f"{peaks[name][-1] / MB:.0f}")
        rows.append(row)
    report.say(
        f"### Memory: a corpus of {files:,} files ({total / MB:.0f} MB) in 4 parts, "
        "1, 2 and 4 parts at once (peak RSS, MB)"
    )
    report.say()
    report.table(["corpus", *programs], rows)
    for name in ("`newsdoc convert --to jsonl`", "`newsdoc check`"):
        goal = "flat: peak at 4 parts <= 1.25 x at 1 part"
        if name in peaks:
            growth = peaks[name][-1] / peaks[name][0]
            report.target(
                f"{name}, peak memory over {total / MB:.0f} MB",
                goal,
                f"{growth:.2f}",
                growth <= 1.25,
            )
        else:
            report.target(f"{name}, peak memory over {total / MB:.0f} MB", goal, "skipped", None)
    for folder in parts:
        shutil.rmtree(folder)


def compile_bytecode() -> None:
    """Write the bytecode of newsdoc's modules, as installing it does, so starts do not compile."""
    import compileall

    compileall.compile_dir(Path(newsdoc.__file__).parent, quiet=1)


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(corpus.ROOT), *args], capture_output=True, text=True
        )
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (
        " (with uncommitted changes)" if dirty else ""
    )


def write_out(path: Path, lines: list[str]) -> None:
    """Put the report between the marker lines of ``path``, or make it the whole file."""
    block = "\n".join([BEGIN, *lines, END])
    if path.exists():
        text = path.read_text(encoding="utf-8")
        markers = re.compile(f"^{re.escape(BEGIN)}$.*?^{re.escape(END)}$", re.MULTILINE | re.DOTALL)
        if markers.search(text):
            path.write_text(markers.sub(lambda _: block, text, count=1), encoding="utf-8")
            return
    path.write_text(block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="run everything, tiny and fast")
    parser.add_argument("--out", type=Path, help="write the report into this Markdown file")
    parser.add_argument(
        "--workdir", type=Path, help="where to write the corpora (default: a temporary folder)"
    )
    parser.add_argument(
        "--no-quality", action="store_true", help="leave out the quality benchmark at the end"
    )
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    command = newsdoc_command()
    jsonl = has_jsonl(command)
    report = Report()
    started = time.time()
    info = measure.machine()
    how = "python bench/run.py" + (" --smoke" if args.smoke else "")
    report.say(f"Measured with `{how}` on newsdoc {git_commit()}, {time.strftime('%Y-%m-%d')}.")
    if args.smoke:
        report.say("A smoke run: every figure comes from tiny inputs and means nothing.")
    report.say()
    report.say(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}; "
        f"{info['python']}; lark {_version('lark')}, attrs {_version('attrs')}; "
        f"the CLI run as `{' '.join(Path(c).name for c in command)}`."
    )
    report.say()
    compile_bytecode()
    capacity = measure.parallel_capacity(1 if args.smoke else 5)
    report.say(
        "newsdoc's bytecode was compiled first (`python -m compileall`), as `pip install` "
        "does: with `PYTHONDONTWRITEBYTECODE` set, an editable install would otherwise "
        "compile every module at every start."
    )
    report.say()
    pools = corpus.Pools()
    work = Path(tempfile.mkdtemp(prefix="newsdoc-bench-", dir=args.workdir))
    try:
        throughput(report, sizes, pools)
        linearity(report, sizes, pools)
        start_up(report, sizes, command)
        import_budget(report)
        folder_runs(report, sizes, pools, work, command, jsonl)
        jobs_crossover(report, sizes, pools, work, command)
        archive_runs(report, sizes.folder_files, sizes.folder_runs, pools, work, command)
        memory_one_dump(report, sizes, pools, work)
        memory_corpus(report, sizes, pools, work, command, jsonl)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.say(
        f"Parallel capacity (two CPU-bound processes at once, against one after the other; "
        f"2.00 is two free cores): {capacity:.2f} at the start of the run, "
        f"{measure.parallel_capacity(1 if args.smoke else 5):.2f} at its end."
    )
    report.say()
    report.say("### The targets of issues 6 and 17")
    report.say()
    report.table(["target", "goal", "this run", "met"], report.targets)
    report.say("### Skipped")
    report.say()
    for line in report.skipped or ["- nothing: every measurement ran."]:
        report.say(line)
    report.say()
    report.say(f"The run took {time.time() - started:.0f} s.")
    if args.out:
        write_out(args.out, report.lines)
    if not (args.smoke or args.no_quality):
        quality()
    return 0


def quality() -> None:
    """The quality benchmark (issue 14), its own report: ``python bench/quality/benchmark.py``."""
    print("\n## Quality: python bench/quality/benchmark.py (see docs/quality.md)\n", flush=True)
    script = Path(__file__).resolve().parent / "quality" / "benchmark.py"
    subprocess.run([sys.executable, str(script)], check=True)


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
