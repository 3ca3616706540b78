"""newsdoc's quality benchmark (issue 14): precision on real dumps, recall on injected defects.

    python bench/quality/benchmark.py                 # everything, printed
    python bench/quality/benchmark.py --judge         # the sampled findings nobody judged yet
    python bench/quality/benchmark.py --markdown      # the report as Markdown tables
    python bench/quality/benchmark.py --out docs/quality.md   # written between the markers

Precision: the default rules run on ``../shared/corpora/real-en`` (next to the
repository); a seeded sample of each rule's findings is looked up in
``judgements.json`` (a person's verdicts).  Recall: ``inject.py`` puts each
defect class of issue 14 into real dumps at known lines and counts the
injected lines that get a finding of the class's rules.  See docs/quality.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import inject
from judged import (
    CORPUS,
    JUDGEMENTS,
    PER_RULE,
    SEED,
    Dump,
    Judgements,
    Run,
    leaked_lines,
    line_hash,
    run_default_rules,
    run_opt_in_rules,
    sample,
    split_key,
)
from qreport import Report, judge, share, top, write_out

import newsdoc

BASELINE = json.loads((Path(__file__).with_name("baseline.json")).read_text("utf-8"))


# --- precision ---------------------------------------------------------------------------


def precision(
    report: Report, run: Run, judgements: Judgements, which: str = "default rules"
) -> dict[str, float | None]:
    """Per rule: findings, sampled, judged, precision; returns the precision by code."""
    samples = sample(run.findings)
    by_code = run.by_code()
    rows = []
    out: dict[str, float | None] = {}
    total = Counter[str]()
    for code, found in by_code.items():
        chosen = samples[code]
        verdicts = Counter(j.verdict for f in chosen if (j := judgements.get(f.key)) is not None)
        judged = sum(verdicts.values())
        value = verdicts["true"] / judged if judged else None
        out[code] = value
        total.update(verdicts)
        total["findings"] += len(found)
        rows.append(
            [
                code,
                newsdoc.RULES[code].name,
                found[0].severity,
                str(len(found)),
                str(len({f.name for f in found})),
                str(len(chosen)),
                str(judged),
                str(verdicts["true"]),
                str(verdicts["wrong-reason"]),
                str(verdicts["false"]),
                "-" if value is None else f"{value:.0%}",
                str(len(chosen) - judged),
            ]
        )
    report.say(f"### Precision: {which} on real-en, up to {PER_RULE} sampled lines per rule")
    report.say()
    headers = ["code", "rule", "severity", "findings", "files", "sampled", "judged", "true"]
    headers += ["wrong reason", "false", "precision", "unjudged"]
    report.table(headers, rows)
    judged = total["true"] + total["false"] + total["wrong-reason"]
    report.say(
        f"All sampled lines: {judged} judged, {total['true']} true ({share(total['true'], judged)}),"
        f" {total['wrong-reason']} right line but wrong reason, {total['false']} false alarms."
    )
    report.say()
    if which == "default rules":
        low = [f"{c} ({v:.0%})" for c, v in out.items() if v is not None and v < 0.9]
        unknown = [c for c, v in out.items() if v is None]
        report.say(
            "Rules on by default under 90% precision (target: none): "
            + (", ".join(low) or "none")
            + (f"; not judged yet: {', '.join(unknown)}" if unknown else "")
            + "."
        )
        report.say()
    return out


def agreement(report: Report, judgements: Judgements) -> None:
    """Other judges' files (``judgements-*.json``): how often they agree with judgements.json.

    Only ``judgements.json`` counts for precision; the others are kept as
    their authors' labels, and where both judged a key the verdicts are
    compared, so that a reader sees how much the judgement depends on the judge.
    """
    rows = []
    for path in sorted(JUDGEMENTS.parent.glob("judgements-*.json")):
        other = Judgements.load(path)
        shared = sorted(set(other.entries) & set(judgements.entries))
        differ = Counter(
            split_key(k)[2]
            for k in shared
            if other.entries[k].verdict != judgements.entries[k].verdict
        )
        same = len(shared) - sum(differ.values())
        rows.append(
            [
                path.name,
                str(len(other.entries)),
                str(len(shared)),
                f"{same} ({share(same, len(shared))})",
                ", ".join(f"{c} {n}" for c, n in sorted(differ.items())) or "-",
            ]
        )
    if rows:
        report.say("### Other judges: agreement with judgements.json on the keys both judged")
        report.say()
        report.table(
            ["file", "judgements", "shared keys", "same verdict", "differ (by rule)"], rows
        )


def noise(report: Report, run: Run) -> tuple[float, bool]:
    """Files with findings, findings per file, and the ">= 5x fewer" target against the baseline."""
    files = len(run.dumps)
    per_file = len(run.findings) / files if files else 0.0
    with_findings = len({f.name for f in run.findings})
    base = BASELINE["findings"] / BASELINE["files"]
    drop = base / per_file if per_file else float("inf")
    met = drop >= 5
    report.say("### How much the default rules report on real-en")
    report.say()
    rows = [
        ["files", str(files), str(BASELINE["files"])],
        ["findings", str(len(run.findings)), str(BASELINE["findings"])],
        ["findings per file", f"{per_file:.2f}", f"{base:.2f}"],
        [
            "files with findings",
            f"{with_findings} ({share(with_findings, files)})",
            f"{BASELINE['files_with_findings']} "
            f"({share(BASELINE['files_with_findings'], BASELINE['files'])})",
        ],
    ]
    report.table(["", "now", f"main before issue 14 ({BASELINE['commit']})"], rows)
    report.say(
        f"Findings per file dropped {drop:.1f}x (target: at least 5x): "
        + ("met." if met else "**not met**.")
    )
    before = [f for f in run.findings if f.code < "ND216"]  # the rules main had before issue 14
    if files and before:
        old_drop = base / (len(before) / files)
        report.say(
            f"Of these, the rules that existed before issue 14 (up to ND215) report "
            f"{len(before)} ({len(before) / files:.2f} per file, {old_drop:.1f}x fewer than "
            f"before); the rules added by issue 14 report {len(run.findings) - len(before)}."
        )
    report.say()
    return drop, met


def kept_true(report: Report, run: Run, judgements: Judgements) -> None:
    """Lines judged true problems (under any code, at any time): are they still reported?

    A line counts as kept when a default rule flags it, or when the rule it
    was judged under still reports the file elsewhere (a rule that now
    reports once per file, with the count, covers every such line).
    """
    flagged = run.flagged_lines()
    in_file = {(f.name, f.code) for f in run.findings}
    lines = {(name, line): key for key, name, line in true_lines(run, judgements)}
    on_line = [k for k in lines if k in flagged]
    collapsed = [k for k in lines if k not in flagged and (k[0], split_key(lines[k])[2]) in in_file]
    kept = len(on_line) + len(collapsed)
    report.say(
        f"Lines judged true problems (under any rule, including rules of main before "
        f"issue 14): {len(lines)}; still reported by a default rule: {kept} "
        f"({share(kept, len(lines))}): {len(on_line)} on the line, {len(collapsed)} by the "
        "same rule's one finding for the file."
    )
    lost = sorted(set(lines) - set(on_line) - set(collapsed))
    by_code = Counter(split_key(lines[k])[2] for k in lost)
    if lost:
        report.say(
            "No longer reported, by the rule they were judged under: "
            + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items()))
            + "."
        )
    report.say()


def true_lines(
    run: Run, judgements: Judgements, level: str | None = None
) -> list[tuple[str, str, int]]:
    """Key, file and line of each judgement "true" (of ``level``) whose line is still that text."""
    out = []
    for key, judgement in judgements.entries.items():
        name, line, _code, digest = split_key(key)
        dump = run.dumps.get(name)
        if judgement.verdict != "true" or (level and judgement.level != level) or dump is None:
            continue
        if line_hash(dump.line(line)) == digest:
            out.append((key, name, line))
    return out


def furniture_shares(report: Report, run: Run, corpus: Path) -> None:
    """score.py's two shares: leaked body lines caught, article body lines quiet."""
    leaks = leaked_lines(corpus)
    if not leaks:
        report.say("(leaked-lines.json is missing: no furniture shares)")
        return
    flagged = run.flagged_lines()
    caught = total = article = quiet = 0
    on_leaks, on_article = Counter[str](), Counter[str]()
    for name, bad in leaks.items():
        dump = run.dumps.get(name)
        if dump is None:
            continue
        for number in range(1, dump.body_end + 1):
            codes = flagged.get((name, number), set())
            if number in bad:
                total += 1
                caught += bool(codes)
                on_leaks.update(codes)
            elif dump.line(number).strip():
                article += 1
                quiet += not codes
                on_article.update(codes)
    report.say("### Page furniture (leaked-lines.json, as score.py counts it)")
    report.say()
    report.table(
        ["share", "value", "codes"],
        [
            [
                "leaked body lines caught",
                f"{caught}/{total} = {share(caught, total)}",
                top(on_leaks),
            ],
            [
                "article body lines quiet",
                f"{quiet}/{article} = {quiet / max(article, 1):.3f}",
                top(on_article),
            ],
        ],
    )


# --- exit codes ----------------------------------------------------------------------------


def _exit_code(path: Path) -> int:
    command = [
        str(Path(sys.executable).with_name("newsdoc")),
        "check",
        "--isolated",
        "-q",
        str(path),
    ]
    if not Path(command[0]).exists():
        command[:1] = [sys.executable, "-m", "newsdoc"]
    return subprocess.run(command, capture_output=True, check=False).returncode


def exit_codes(report: Report, run: Run, corpus: Path, judgements: Judgements) -> bool:
    """Files ``newsdoc check`` fails at default settings, beside files with an error-level label."""
    paths = [corpus / name for name in run.dumps]
    with ThreadPoolExecutor(2) as pool:
        codes = dict(zip(run.dumps, pool.map(_exit_code, paths), strict=True))
    failed = {name for name, code in codes.items() if code == 1}
    odd = {name: code for name, code in codes.items() if code not in (0, 1)}
    labelled: dict[str, list[str]] = defaultdict(list)
    for key, name, _line in true_lines(run, judgements, "error"):
        labelled[name].append(key)
    same = failed == set(labelled) and not odd
    report.say("### Exit codes: `newsdoc check` at default settings, file by file")
    report.say()
    rows = []
    for name in sorted(failed | set(labelled) | set(odd)):
        rows.append(
            [
                name[:16] + "…",
                str(codes[name]),
                "yes" if name in labelled else "no",
                "; ".join(k.split(":", 1)[1] for k in sorted(labelled.get(name, []))[:3]) or "-",
            ]
        )
    if rows:
        report.table(["file", "exit", "labelled error", "error-level labels (line:code)"], rows)
    verdict = "the same set: target met." if same else "**not the same set**."
    if same and not failed:
        verdict = "the same (empty) set: target met; no judged defect is error-level."
    report.say(
        f"{len(failed)} files exit 1, {len(labelled)} hold a defect judged error-level; {verdict}"
    )
    report.say()
    return same


# --- recall --------------------------------------------------------------------------------


def recall(report: Report, corpus: Path, per_class: int, seed: int) -> tuple[float, float]:
    """Inject every defect class into real dumps; the share caught on the right line."""
    hosts = [Dump.read(p) for p in sorted(corpus.glob("*.txt"))]
    results = inject.measure(hosts, per_class, seed)
    rows = []
    caught_all = total_all = 0
    worst = 1.0
    for name, cases in results.items():
        spec = inject.CLASSES[name]
        caught = sum(c.caught for c in cases)
        anywhere = sum(c.any_code for c in cases)
        caught_all += caught
        total_all += len(cases)
        worst = min(worst, caught / len(cases) if cases else 0.0)
        by = Counter(code for c in cases for code in c.codes)
        rows.append(
            [
                name,
                ", ".join(spec.codes),
                str(len(cases)),
                f"{caught} ({share(caught, len(cases))})",
                f"{anywhere} ({share(anywhere, len(cases))})",
                ", ".join(f"{k} {n}" for k, n in by.most_common(4)) or "none",
            ]
        )
    overall = caught_all / total_all if total_all else 0.0
    report.say(f"### Recall: injected defects, {per_class} per class (seed {seed})")
    report.say()
    report.table(
        [
            "class",
            "its rules",
            "injected",
            "caught (its rules)",
            "any finding",
            "codes on the line",
        ],
        rows,
    )
    met = overall >= 0.9 and worst >= 0.75
    misses = []
    for name, cases in results.items():
        variants: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for c in cases:
            variants[c.variant][0] += c.caught
            variants[c.variant][1] += 1
        if any(got < total for got, total in variants.values()):
            parts = ", ".join(f"{v} {got}/{total}" for v, (got, total) in sorted(variants.items()))
            misses.append(f"- {name}: {parts}")
    languages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cases in results.values():
        for c in cases:
            if c.language != "host":
                languages[c.language][0] += c.caught
                languages[c.language][1] += 1
    report.say(
        "Caught per language of the generated texts (the other cases change the host's own "
        "lines): " + ", ".join(f"{k} {got}/{total}" for k, (got, total) in languages.items()) + "."
    )
    report.say()
    if misses:
        report.say("Caught per variant, in the classes with a miss:")
        report.say()
        for line in misses:
            report.say(line)
        report.say()
    report.say(
        f"Overall: {caught_all}/{total_all} = {share(caught_all, total_all)} (target 90%); "
        f"worst class {worst:.0%} (target 75%): " + ("met." if met else "**not met**.")
    )
    report.say()
    return overall, worst


# --- the run -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the real dumps")
    parser.add_argument("--judge", action="store_true", help="print unjudged sampled findings")
    parser.add_argument("--code", action="append", help="with --judge: only these codes")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--out", type=Path, help="write the Markdown report into this file")
    parser.add_argument("--per-class", type=int, default=40, help="injected cases per class")
    parser.add_argument("--seed", type=int, default=inject.SEED)
    parser.add_argument("--no-exit-codes", action="store_true", help="skip the 131 CLI runs")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        print(f"SKIPPED the quality benchmark: no corpus of dumps at {corpus}", flush=True)
        return 0
    judgements = Judgements.load()
    run = run_default_rules(corpus)
    opt_in = run_opt_in_rules(corpus)
    if args.judge:
        codes = set(args.code or ())
        judge(Run(run.dumps, run.findings + opt_in.findings), corpus, judgements, codes)
        return 0
    report = Report(args.markdown or args.out is not None)
    report.say(
        f"Default rules of newsdoc {newsdoc.__version__} on {len(run.dumps)} files of "
        f"`{corpus.name}`; sample seed `{SEED}`."
    )
    report.say()
    by_rule = precision(report, run, judgements)
    if opt_in.findings:
        precision(report, opt_in, judgements, "opt-in rules (`--extend-select`)")
    agreement(report, judgements)
    drop, _ = noise(report, run)
    kept_true(report, run, judgements)
    furniture_shares(report, run, corpus)
    same = None if args.no_exit_codes else exit_codes(report, run, corpus, judgements)
    overall, worst = recall(report, corpus, args.per_class, args.seed)
    low = [f"{c} {v:.0%}" for c, v in by_rule.items() if v is not None and v < 0.9]
    unjudged = [c for c, v in by_rule.items() if v is None]
    yes = {True: "yes", False: "**no**", None: "not measured"}
    report.say("### The targets of issue 14")
    report.say()
    report.table(
        ["target", "goal", "this run", "met"],
        [
            [
                "precision of each default rule",
                ">= 90% on the judged sample",
                ("under 90%: " + ", ".join(low) if low else "every rule judged >= 90%")
                + (f"; unjudged: {', '.join(unjudged)}" if unjudged else ""),
                yes[not low and not unjudged],
            ],
            [
                "findings per file",
                ">= 5x fewer than main before issue 14",
                f"{drop:.1f}x fewer",
                yes[drop >= 5],
            ],
            ["recall, all injected defects", ">= 90%", f"{overall:.0%}", yes[overall >= 0.9]],
            ["recall, every class", ">= 75%", f"worst {worst:.0%}", yes[worst >= 0.75]],
            [
                "`check` fails exactly the files with an error-level defect",
                "the same set",
                "skipped" if same is None else ("the same" if same else "different"),
                yes[same],
            ],
        ],
    )
    if args.out:
        write_out(args.out, report.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
