"""The quality benchmark's report (text or Markdown), its --out writer and its --judge listing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from judged import JUDGEMENTS, Dump, Finding, Judgements, Run, leaked_lines, sample

BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"

NUMBER = re.compile(r"[\d.,]+(%|x)?( \([\d.,]+%\))?|-|[\d.,]+/[\d.,]+ = [\d.,]+%?")
"""A table cell that is a figure (right-aligned in Markdown)."""

FURNITURE = frozenset({"ND205", "ND216", "ND217", "ND218", "ND219", "ND227"})
"""Rules that report body lines as page furniture: leaked-lines.json is evidence for them."""


class Report:
    """Text printed as it is made, kept for the Markdown report."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        if not rows:
            self.say("(none)")
        elif self.markdown:
            self.say("| " + " | ".join(headers) + " |")
            numeric = [all(NUMBER.fullmatch(r[k]) for r in rows) for k in range(len(headers))]
            self.say("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
            for row in rows:
                self.say("| " + " | ".join(row) + " |")
        else:
            widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(headers)]
            self.say("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
            for row in rows:
                self.say("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        self.say()


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def top(counts: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in counts.most_common(6)) or "none"


def write_out(path: Path, lines: list[str]) -> None:
    text = "\n".join(lines).strip() + "\n"
    old = path.read_text("utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        text = f"{head}{BEGIN}\n{text}{END}{rest.split(END, 1)[1]}"
    path.write_text(text, "utf-8")


# --- judging -------------------------------------------------------------------------------


def judge(run: Run, corpus: Path, judgements: Judgements, codes: set[str] | None) -> int:
    """Print the sampled findings nobody judged yet, with their line and its neighbours.

    Then the sampled findings judged "wrong-reason" under another message
    (or with none recorded), which may now name the right cause, and those
    judged "true" under another recorded message, which may no longer.
    """
    leaks = leaked_lines(corpus)
    waiting: list[Finding] = []
    reworded: list[Finding] = []
    for code, chosen in sample(run.findings).items():
        if codes and code not in codes:
            continue
        for finding in chosen:
            judgement = judgements.get(finding.key)
            if judgement is None:
                waiting.append(finding)
            elif judgement.message != finding.message and (
                judgement.verdict == "wrong-reason"
                or (judgement.verdict == "true" and judgement.message)
            ):
                reworded.append(finding)
    for finding in waiting:
        show(finding, run.dumps[finding.name], leaks)
    for finding in reworded:
        verdict = judgements.entries[finding.key].verdict
        print(f"RE-CHECK (judged {verdict} under another message): {finding.key}")
        print(f"    judged: {judgements.entries[finding.key].message or '(not recorded)'}")
        print(f"    now:    {finding.message}")
        print()
    print(
        f"{len(waiting)} sampled findings wait for a judgement, {len(reworded)} judged "
        f"under another message wait for a re-check (record them in {JUDGEMENTS.name})."
    )
    return 0


def show(finding: Finding, dump: Dump, leaks: dict[str, set[int]]) -> None:
    section = dump.section(finding.line)
    hint = ""
    if section == "body" and dump.name in leaks:
        leaked = finding.line in leaks[dump.name]
        hint = "leaked (page furniture)" if leaked else "article text"
        if finding.code in FURNITURE:
            hint += ": suggests " + ("true" if leaked else "false")
    print(f"=== {finding.key}")
    print(f"    {finding.severity}: {finding.message}")
    print(f"    {section} line, body ends at {dump.body_end}; {hint}")
    at = finding.column - 1
    print(f"    at column {finding.column}: {finding.text[max(0, at - 40) : at + 40]!r}")
    for number in range(max(1, finding.line - 1), min(len(dump.lines), finding.line + 1) + 1):
        mark = ">>" if number == finding.line else "  "
        print(f"  {mark}{number:4}| {dump.line(number)[:400]!r}")
    print()
