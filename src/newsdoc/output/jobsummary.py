"""The Markdown job summary of a ``newsdoc check`` run, for GitHub Actions' ``$GITHUB_STEP_SUMMARY``.

It holds counts only (no file name, no text of the files): the totals, the
summary line, and how many findings each rule gave, linked to the rule's
documentation.  The annotations and the SARIF upload carry the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ..rules.registry import RULES_BY_CODE
from .results import Tally, summary_of

__all__ = ["render_job_summary"]


def render_job_summary(tally: Tally, rules: Mapping[str, int] | None, failed: bool) -> str:
    """The run as a Markdown section: its verdict, totals and, if given, the findings by rule.

    ``failed`` is whether the run exits non-zero.
    """
    line = summary_of(tally)
    if not line:
        notes = []
        if tally.missing:
            notes.append(f"{tally.missing} not found")
        if tally.unreadable:
            notes.append(f"{tally.unreadable} could not be read")
        line = f"No file checked ({'; '.join(notes) or 'no files found'})."
    mark = ":x:" if failed else ":white_check_mark:"
    rows = [
        ("files checked", tally.checked),
        ("errors", tally.errors),
        ("warnings", tally.warnings),
        ("paths not found", tally.missing),
        ("files that could not be read", tally.unreadable),
        ("findings hidden by the baseline", tally.hidden),
    ]
    out = [
        "## newsdoc check",
        "",
        f"{mark} {line}",
        "",
        "| | |",
        "|---|---:|",
        *(f"| {label} | {count:,} |" for label, count in rows if count or label == "files checked"),
        "",
    ]
    if rules:
        out += ["| rule | findings |", "|---|---:|"]
        for code, count in Counter(rules).most_common():
            rule = RULES_BY_CODE[code]
            out.append(f"| [{code}]({rule.url}) {rule.name} | {count:,} |")
        out.append("")
    return "\n".join(out) + "\n"
