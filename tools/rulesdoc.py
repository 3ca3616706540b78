"""Generate ``docs/rules.md`` from the rule registry.

Run ``python tools/rulesdoc.py`` from the top of the repository to
rewrite ``docs/rules.md``, or with ``--check`` to exit 1 when it is out of
date.  tests/test_rules.py fails when the file and the registry disagree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from newsdoc.rules.characters import KIND, REPLACEMENT
from newsdoc.rules.registry import RULES, Rule

__all__ = ["escape_example", "main", "render"]

DEFAULT_PATH: Final = Path("docs") / "rules.md"

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

In the examples, `\\t` is a tab, `\\r` a carriage return, `\\xHH` and
`\\uHHHH` the character with that code (used for invisible characters and
for spaces at the end of a line), `<0xHH>` a byte that is not UTF-8, `\\\\` a
backslash, and `\\z` the end of a file that has no final line break.
"""

_GROUPS: Final = (
    ("structure", "Structure and encoding (ND0xx)"),
    ("layout", "Layout (ND1xx)"),
    ("content", "Content (ND2xx)"),
)


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
    kind = KIND.get(char, 0)
    if code < 0x20 or 0x7F <= code <= 0x9F or (kind and kind <= REPLACEMENT) or char == "\ufeff":
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
        f"| [{r.code}](#{r.anchor}) | {r.name} | {r.severity} | {_fix(r)} | {r.summary} |"
        for r in RULES
    )
    parts = [_INTRO, "\n".join(table) + "\n"]
    for category, title in _GROUPS:
        parts.append(f"## {title}\n")
        parts.extend(_section(rule) for rule in RULES if rule.category == category)
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/rules.md, or check that it is up to date; return the exit code."""
    parser = argparse.ArgumentParser(prog="python tools/rulesdoc.py", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.is_file() else ""
        if current != text:
            print(f"{args.path} is out of date: run python tools/rulesdoc.py", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
