"""The command-line reference, ``docs/cli.md``, generated from the argument parser.

Regenerate it after changing any command or option::

    python tools/clidoc.py docs/cli.md

and check that the committed file is current (exit 1 and a message if not)::

    python tools/clidoc.py --check docs/cli.md

The page is built from :func:`newsdoc.cli.main.build_parser` alone, so every
command, argument and option the parser accepts is documented, with its help
text, choices, default and constraints.  The rendering does not depend on the
terminal width or on the Python version's ``--help`` layout.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = ["main", "render"]

REGENERATE = "python tools/clidoc.py docs/cli.md"
_USAGE_WIDTH = 80

# What each exit code means; the numbers come from the CLI's constants.
_EXIT_CODES = (
    ("EXIT_OK", "success: every file is fine, or the command did its job"),
    ("EXIT_PROBLEMS", "problems were found in the input (for example a file with errors)"),
    (
        "EXIT_ERROR",
        "usage, configuration or I/O error (each named with its file), or an internal error",
    ),
)
_NO_DEFAULT_ACTIONS = (
    argparse._HelpAction,
    argparse._VersionAction,
    argparse._StoreConstAction,  # store_true and store_false too
    argparse._CountAction,
    argparse._AppendConstAction,
    argparse._SubParsersAction,
)


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return action.metavar if isinstance(action.metavar, str) else " ".join(action.metavar)
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return "{" + ",".join(str(choice) for choice in action.choices) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _argument_form(action: argparse.Action) -> str:
    """The argument part of an action as ``--help`` shows it: ``PATH [PATH ...]``."""
    name = _metavar(action)
    nargs = action.nargs
    if nargs is None:
        return name
    if nargs == argparse.OPTIONAL:
        return f"[{name}]"
    if nargs == argparse.ZERO_OR_MORE:
        return f"[{name} ...]"
    if nargs == argparse.ONE_OR_MORE:
        return f"{name} [{name} ...]"
    if nargs == argparse.PARSER:
        return f"{name} ..."
    if nargs == argparse.REMAINDER:
        return "..."
    if isinstance(nargs, int):
        return " ".join([name] * nargs)
    return name  # pragma: no cover - argparse has no other nargs


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0


def _invocation(action: argparse.Action) -> str:
    """How an action is written: ``-o OUT``, ``--output OUT``, or ``PATH [PATH ...]``."""
    if not action.option_strings:
        return f"`{_argument_form(action)}`"
    value = f" {_argument_form(action)}" if _takes_value(action) else ""
    return ", ".join(f"`{option}{value}`" for option in action.option_strings)


def _usage_item(action: argparse.Action) -> str:
    if not action.option_strings:
        return _argument_form(action)
    text = action.option_strings[0]
    if _takes_value(action):
        text += " " + _argument_form(action)
    return text


def _usage(prog: str, parser: argparse.ArgumentParser) -> str:
    visible = [a for a in parser._actions if a.help != argparse.SUPPRESS]
    groups = {
        id(action): group
        for group in parser._mutually_exclusive_groups
        for action in group._group_actions
    }
    parts = [prog]
    done: set[int] = set()
    for action in (a for a in visible if a.option_strings):
        group = groups.get(id(action))
        if group is not None:
            if id(group) in done:
                continue
            done.add(id(group))
            members = " | ".join(
                _usage_item(a) for a in group._group_actions if a.help != argparse.SUPPRESS
            )
            parts.append(f"({members})" if group.required else f"[{members}]")
        elif action.required:
            parts.append(_usage_item(action))
        else:
            parts.append(f"[{_usage_item(action)}]")
    parts.extend(_usage_item(a) for a in visible if not a.option_strings)
    return _wrap(parts, indent=len(prog) + 1)


def _wrap(parts: list[str], indent: int, width: int = _USAGE_WIDTH) -> str:
    """Join the parts of a usage line, wrapped like ``--help`` wraps it."""
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 1 + len(part) > width and lines[-1].strip():
            lines.append(" " * indent + part)
        else:
            lines[-1] += " " + part
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, with Markdown's specials escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _escape(text: str) -> str:
    """Help text as Markdown: characters that would start markup are escaped.

    Backticks are kept: a help text that quotes code in backticks shows it as code.
    """
    return re.sub(r"([\\*_<\[\]])", r"\\\1", text)


def _help(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" in text:
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        params["prog"] = prog
        if params.get("choices") is not None:
            params["choices"] = ", ".join(str(c) for c in params["choices"])
        text = text % params
    return _sentence(text)


def _notes(action: argparse.Action, parser: argparse.ArgumentParser) -> list[str]:
    notes: list[str] = []
    mentioned = (action.help or "").lower()
    if action.option_strings and action.required:
        notes.append("Required.")
    if isinstance(
        action, argparse._AppendAction | argparse._AppendConstAction | argparse._CountAction
    ):
        notes.append("Repeatable.")
    if (
        action.choices is not None
        and action.metavar is not None
        and not isinstance(action, argparse._SubParsersAction)
        and "choices" not in mentioned
    ):
        notes.append("One of " + ", ".join(f"`{c}`" for c in action.choices) + ".")
    if (
        action.option_strings
        and not isinstance(action, _NO_DEFAULT_ACTIONS)
        and action.default not in (None, argparse.SUPPRESS, [], ())
        and "default" not in mentioned
    ):
        notes.append(f"Default: `{action.default}`.")
    for group in parser._mutually_exclusive_groups:
        if action in group._group_actions:
            others = [
                a.option_strings[0]
                for a in group._group_actions
                if a is not action and a.help != argparse.SUPPRESS and a.option_strings
            ]
            if others:
                notes.append("Not with " + ", ".join(f"`{o}`" for o in others) + ".")
    return notes


class _Command(NamedTuple):
    name: str
    aliases: list[str]
    summary: str
    parser: argparse.ArgumentParser


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[_Command]:
    """Each subcommand of ``parser``, except those whose help is suppressed."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        names: dict[int, list[str]] = {}
        for name, sub in action.choices.items():
            names.setdefault(id(sub), []).append(name)
        for name, sub in action.choices.items():
            first, *aliases = names[id(sub)]
            summary = helps.get(name)
            if name != first or summary == argparse.SUPPRESS:
                continue
            yield _Command(name, aliases, summary or "", sub)


def _section(prog: str, parser: argparse.ArgumentParser, level: int) -> Iterator[str]:
    yield f"{'#' * level} `{prog}`"
    yield ""
    if parser.description:
        yield " ".join(parser.description.split())
        yield ""
    yield "```text"
    yield _usage(prog, parser)
    yield "```"
    yield ""
    for group in parser._action_groups:
        actions = [
            a
            for a in group._group_actions
            if a.help != argparse.SUPPRESS and not isinstance(a, argparse._SubParsersAction)
        ]
        if not actions:
            continue
        title = group.title or "options"
        yield f"**{title[:1].upper() + title[1:]}**"
        yield ""
        yield "| argument | description |"
        yield "|---|---|"
        for action in actions:
            text = " ".join([_escape(_help(action, prog)), *_notes(action, parser)]).strip()
            yield f"| {_cell(_invocation(action))} | {_cell(text)} |"
        yield ""
    commands = list(_subcommands(parser))
    if commands:
        yield "**Commands**"
        yield ""
        yield "| command | description |"
        yield "|---|---|"
        for command in commands:
            link = f"[`{command.name}`](#{_anchor(f'{prog} {command.name}')})"
            text = _escape(_sentence(command.summary))
            if command.aliases:
                text += " Also: " + ", ".join(f"`{a}`" for a in command.aliases) + "."
            yield f"| {link} | {_cell(text.strip())} |"
        yield ""
    if parser.epilog:
        yield " ".join(parser.epilog.split())
        yield ""
    for command in commands:
        yield from _section(f"{prog} {command.name}", command.parser, level + 1)


def _sentence(text: str) -> str:
    """``text`` as a sentence: capitalised, ending in a full stop."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def _anchor(title: str) -> str:
    """The anchor MyST gives a heading (lower case, spaces to dashes)."""
    kept = "".join(c for c in title.lower() if c.isalnum() or c in " -_")
    return kept.strip().replace(" ", "-")


def render(parser: argparse.ArgumentParser, exit_codes: Sequence[tuple[int, str]] = ()) -> str:
    """The Markdown reference of ``parser`` and its subcommands, with an exit code table."""
    prog = parser.prog
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from newsdoc's argument parser: do not edit by hand.",
        f"     Regenerate with `{REGENERATE}`; a test fails when it is out of date. -->",
        "",
        f"Every command and option of `{prog}`, as its argument parser defines them.",
        f"`{prog} --help` and `{prog} COMMAND --help` print the same help in the terminal.",
        "",
    ]
    if exit_codes:
        lines += ["**Exit codes**", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{code}` | {_cell(meaning)} |" for code, meaning in exit_codes]
        lines += [""]
    lines += list(_section(prog, parser, 2))
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def reference() -> str:
    """The reference of the ``newsdoc`` command line, as committed in ``docs/cli.md``."""
    from newsdoc.cli import main as _cli

    codes = [(getattr(_cli, name), meaning) for name, meaning in _EXIT_CODES]
    return render(_cli.build_parser(), codes)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference to a file (or stdout), or check that a file is current."""
    parser = argparse.ArgumentParser(
        prog="python tools/clidoc.py",
        description="Generate the command-line reference (docs/cli.md) from the parser.",
    )
    parser.add_argument("path", nargs="?", help="the file to write or check (default: stdout)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from the generated text"
    )
    args = parser.parse_args(argv)
    text = reference()
    if args.path is None:
        if args.check:
            parser.error("--check needs a path")
        sys.stdout.write(text)
        return 0
    path = Path(args.path)
    if args.check:
        try:
            current = path.read_text(encoding="utf-8")
        except OSError as error:
            print(f"newsdoc: {path}: cannot read: {error.strerror}", file=sys.stderr)
            return 2
        if current != text:
            print(
                f"newsdoc: {path} is out of date with the command line; "
                f"regenerate it with `{REGENERATE}`",
                file=sys.stderr,
            )
            return 1
        return 0
    from newsdoc.io.files import atomic_write

    with atomic_write(path) as file:
        file.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
