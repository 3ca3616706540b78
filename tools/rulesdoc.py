"""Generate ``docs/rules.md`` and ``docs/rule-codes.json`` from the rule registry.

Run ``python tools/rulesdoc.py`` from the top of the repository to rewrite
both, or with ``--check`` to exit 1 when one is out of date.
``tests/test_rules.py`` fails when the files and the registry disagree.
``docs/rule-codes.json`` lists every code ever published with its name; it
only grows: the tool refuses a registry that lost or renamed a published
code (a rule may be deprecated, never renumbered).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from newsdoc.model.chars import REPORTED, charset
from newsdoc.rules.registry import RULES, Rule

__all__ = ["escape_example", "main", "render"]

DEFAULT_PATH: Final = Path("docs") / "rules.md"
CODES_PATH: Final = Path("docs") / "rule-codes.json"
"""Every code ever published, with its name: it may only grow (see :func:`published`)."""

_INTRO: Final = """\
<!-- Generated from the rule registry by `python tools/rulesdoc.py`: do not edit. -->
# Rules

`newsdoc check` and `newsdoc.validate()` check news dumps with the rules
below. Each rule has a stable code that never changes meaning once
published, and a name; both work in `--select`, `--ignore` and the
configuration. Codes are grouped:

- **ND0xx, structure and encoding**: the parser's errors (see
  [the specification](spec.md#5-errors)). A file with one of these is not a
  news dump. They are always reported, always as errors, and cannot be
  selected, ignored or given another severity.
- **ND1xx, layout**: whitespace, line breaks, BOM and blank lines. The
  texts are fine; the bytes are not in the canonical form.
- **ND2xx, content**: what the texts say and hold.
- **ND3xx, corpus**: what a whole corpus shows (the same article twice,
  lines that many files repeat) and the published quality filters of web-text
  pipelines. They are off until selected: `--select ND3`,
  `--extend-select ND301`, or `extend-select` in the configuration (`ALL`
  leaves them off). See [the corpus checks](corpus.md).

A rule's **severity** is `error` or `warning`; errors fail the run
(exit 1), warnings only with `--strict`. Change a rule's severity or options
in the configuration (see [the command line guide](ci.md#configuration)):

```toml
[tool.newsdoc.rules.ND203]   # or [tool.newsdoc.rules.headline-too-long]
severity = "error"
max-length = 120
```

A **fix** is *safe* when it changes only layout (the parsed texts stay
equal) and *unsafe* when it changes text and needs review. `newsdoc check
--fix` applies the safe fixes, and the unsafe ones too with
`--unsafe-fixes` (see [Formatting and fixing](fixing.md)).

An **opt-in** rule (marked so below) is off by default: its precision on
real dumps is below 90%. Turn it on with `--extend-select CODE`, its name,
or a prefix of its family such as `ND2` (`ALL` leaves it off); see
[Choosing rules](ci.md#choosing-rules).

In the examples, `\\t` is a tab, `\\r` a carriage return, `\\xHH` and
`\\uHHHH` the character with that code (used for invisible characters and
for spaces at the end of a line), `<0xHH>` a byte that is not UTF-8, `\\\\` a
backslash, and `\\z` the end of a file that has no final line break.
"""

_GROUPS: Final = (
    ("structure", "Structure and encoding (ND0xx)"),
    ("layout", "Layout (ND1xx)"),
    ("content", "Content (ND2xx)"),
    ("corpus", "Corpus (ND3xx, opt-in)"),
)


_REPORTED: Final = charset(REPORTED)


def _escape_char(char: str) -> str:
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    if 0xDC80 <= code <= 0xDCFF:
        return f"<0x{code - 0xDC00:02X}>"
    if code < 0x20 or 0x7F <= code <= 0x9F or char in _REPORTED or char == "\ufeff":
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def escape_example(text: str) -> str:
    """Write a dump in the examples' notation (the inverse of the tests' decoder)."""
    lines = text.split("\n")
    final = lines.pop() if lines else ""
    out = []
    for line in [*lines, final] if final else lines:
        body = line.rstrip(" \t")
        trailing = line[len(body) :].replace(" ", "\\x20").replace("\t", "\\t")
        out.append("".join(map(_escape_char, body)) + trailing)
    if final:
        out[-1] += "\\z"
    elif not text:
        out.append("\\z")
    return "\n".join(out)


def _fix(rule: Rule) -> str:
    return {"safe": "safe", "unsafe": "unsafe", None: "none"}[rule.fix]


def _section(rule: Rule) -> str:
    facts = [f"**Severity:** {rule.severity}", f"**Fix:** {_fix(rule)}"]
    if not rule.configurable:
        facts.append("always reported")
    if rule.opt_in:
        facts.append("**opt-in** (off unless selected)")
    parts = [f"### {rule.code} {rule.name}\n", " · ".join(facts) + "\n", rule.summary + "\n"]
    parts.append(rule.rationale + "\n")
    if rule.options:
        rows = [
            f"| `{o.name}` | {o.default} | {o.summary} (at least {o.minimum}) |"
            for o in rule.options
        ]
        parts.append("| Option | Default | Meaning |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    parts.append(f"Reported:\n\n```text\n{escape_example(rule.bad)}\n```\n")
    parts.append(f"Not reported:\n\n```text\n{escape_example(rule.good)}\n```\n")
    return "\n".join(parts)


def render() -> str:
    """The text of docs/rules.md."""
    table = ["| Code | Name | Severity | Fix | Summary |", "|---|---|---|---|---|"]
    table.extend(
        f"| [{r.code}](#{r.anchor}) | {r.name} | {r.severity}{' (opt-in)' if r.opt_in else ''} "
        f"| {_fix(r)} | {r.summary} |"
        for r in RULES
    )
    parts = [_INTRO, "\n".join(table) + "\n"]
    for category, title in _GROUPS:
        parts.append(f"## {title}\n")
        parts.extend(_section(rule) for rule in RULES if rule.category == category)
    return "\n".join(parts)


class UnstableCodeError(ValueError):
    """A published code was removed or renamed: codes and names are stable forever."""


def published(before: Mapping[str, str]) -> dict[str, str]:
    """The published codes and names: those ``before``, and every rule's; sorted by code.

    Raises :class:`UnstableCodeError` when a code published before is gone
    from the registry or has another name: a rule may be deprecated, never
    renumbered or renamed.
    """
    now = {rule.code: rule.name for rule in RULES}
    for code, name in before.items():
        if code not in now:
            raise UnstableCodeError(f"{code} ({name}) was published and is gone from the registry")
        if now[code] != name:
            raise UnstableCodeError(f"{code} was published as {name!r}, now named {now[code]!r}")
    return dict(sorted(now.items()))


def _published_text(path: Path) -> str:
    before = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return json.dumps(published(before), indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/rules.md and the published codes, or check them; return the exit code."""
    parser = argparse.ArgumentParser(prog="python tools/rulesdoc.py", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--codes", type=Path, default=CODES_PATH, help="the published codes (JSON)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    try:
        codes = _published_text(args.codes)
    except UnstableCodeError as error:
        print(f"{args.codes}: {error}", file=sys.stderr)
        return 1
    status = 0
    for path, text in ((args.path, render()), (args.codes, codes)):
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else ""
            if current != text:
                print(f"{path} is out of date: run python tools/rulesdoc.py", file=sys.stderr)
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
