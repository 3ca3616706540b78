"""docs/cli.md is generated from the argument parser and cannot drift from it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from tools import clidoc as _clidoc

from newsdoc.cli.main import COMMANDS, build_parser
from tests.conftest import DATA, ROOT

CLI_MD = ROOT / "docs" / "cli.md"


def _sections(text: str) -> dict[str, str]:
    """The page's sections, keyed by their heading: `newsdoc`, `newsdoc check`, ..."""
    parts = re.split(r"^#{2,6} `([^`]+)`\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_committed_reference_is_current() -> None:
    """docs/cli.md is exactly what the generator makes from today's parser."""
    assert CLI_MD.read_text(encoding="utf-8") == _clidoc.reference(), (
        f"docs/cli.md is out of date: run `{_clidoc.REGENERATE}`"
    )


def test_every_command_and_option_is_in_the_reference() -> None:
    """Each command has a section naming each option and argument that its --help shows."""
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    parser = build_parser()
    commands = _subparsers(parser)
    assert set(commands) == set(COMMANDS)
    assert list(sections) == ["newsdoc", *(f"newsdoc {name}" for name in COMMANDS)]
    for prog, sub in [("newsdoc", parser), *((f"newsdoc {n}", p) for n, p in commands.items())]:
        section = sections[prog]
        help_text = sub.format_help()
        options = set(re.findall(r"(?<![\w-])--?[a-zA-Z][\w-]*", help_text))
        assert options, prog
        for option in options:
            assert f"`{option}" in section, f"{option} of `{prog}` is not in docs/cli.md"
        for action in sub._actions:
            positional = not action.option_strings and action.help != argparse.SUPPRESS
            if positional and not isinstance(action, argparse._SubParsersAction):
                name = re.escape(str(action.metavar or action.dest))
                # An optional positional (nargs="?") is shown as `[NAME]`.
                assert re.search(rf"`\[?{name}", section), f"{name} of `{prog}`"


def _synthetic_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tool", description="A tool   that does things.")
    parser.add_argument("--version", action="version", version="tool 9.9")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    run = commands.add_parser(
        "run",
        aliases=["r"],
        help="run things on files",
        description="Run things.",
        epilog="Exit 3 means nothing to do.",
    )
    run.add_argument("paths", nargs="*", metavar="PATH", help="files (default: stdin)")
    run.add_argument("pair", nargs=2, metavar="P", help="two values")
    run.add_argument("-o", "--output", metavar="OUT", required=True, help="write to OUT")
    run.add_argument("--format", choices=["a", "b"], default="a", help="output format")
    run.add_argument("--level", type=int, default=3, help="level, %(default)s by default")
    run.add_argument("--jobs", type=int, default=2, help="number of jobs")
    run.add_argument("--report", action="append", metavar="FORMAT:PATH", help="also report")
    run.add_argument("-v", "--verbose", action="count", default=0, help="say more!")
    exclusive = run.add_mutually_exclusive_group()
    exclusive.add_argument("--strict", action="store_true", help="warnings fail the run")
    exclusive.add_argument("--exit-zero", action="store_true", help="always exit 0")
    run.add_argument("--secret", help=argparse.SUPPRESS)
    output = run.add_argument_group("output options")
    output.add_argument(
        "--color",
        choices=["auto", "never"],
        metavar="WHEN",
        default="auto",
        help="colour *text* in [brackets] | pipes <here> `--as-code`",
    )
    commands.add_parser("plain")
    commands.add_parser("internal", help=argparse.SUPPRESS)
    return parser


def test_renderer_output_is_pinned() -> None:
    """A parser with every feature the renderer handles renders as pinned.

    Usage wrapping, argument groups, nargs forms, choices, defaults, required,
    repeatable and mutually exclusive options, aliases, hidden options and
    commands, and Markdown escaping.
    """
    text = _clidoc.render(_synthetic_parser(), [(0, "fine"), (3, "a | b")])
    expected = (DATA / "clidoc" / "synthetic.md").read_text(encoding="utf-8")
    assert text == expected


def test_check_mode_reports_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check exits 1 and says how to regenerate when the file differs; 0 when current."""
    target = tmp_path / "cli.md"
    target.write_text("# Old\n", encoding="utf-8")
    assert _clidoc.main(["--check", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"newsdoc: {target} is out of date with the command line; "
        f"regenerate it with `{_clidoc.REGENERATE}`\n"
    )
    assert _clidoc.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == _clidoc.reference()
    assert _clidoc.main(["--check", str(target)]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_mode_names_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check on a file that cannot be read is exit 2, with the file named."""
    missing = tmp_path / "missing.md"
    assert _clidoc.main(["--check", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"newsdoc: {missing}: cannot read: ")


def test_no_path_prints_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a path the reference goes to stdout."""
    assert _clidoc.main([]) == 0
    assert capsys.readouterr().out == _clidoc.reference()
