"""``newsdoc check`` end to end: exit codes, formats, reports, config, stdin, baseline."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from newsdoc.cli.main import main
from tests.cli_helpers import CLEAN, ERROR, WARNING, run, write
from tests.conftest import SEED

pytestmark = pytest.mark.usefixtures("plain_environment")


# --- exit codes ---------------------------------------------------------------------------


def test_clean_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A clean file: exit 0 and a one-line summary."""
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "check", "a.txt") == (0, "No problems found in 1 file.\n", "")


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Warnings alone exit 0; with --strict (or strict = true) they exit 1."""
    write(tmp_path / "a.txt", WARNING)
    assert run(capsys, "check", "a.txt")[0] == 0
    assert run(capsys, "check", "--strict", "a.txt")[0] == 1
    write(tmp_path / "newsdoc.toml", "strict = true\n")
    assert run(capsys, "check", "a.txt")[0] == 1


def test_errors_fail_unless_exit_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An error (here a bidi control) exits 1; --exit-zero reports it and exits 0."""
    write(tmp_path / "a.txt", ERROR)
    code, out, _ = run(capsys, "check", "--output-format", "concise", "a.txt")
    assert code == 1
    assert out.startswith("a.txt:1:15: ND214 [error] bidirectional control character U+202E")
    assert run(capsys, "check", "--exit-zero", "a.txt")[0] == 0


def test_io_errors_win_and_do_not_stop_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A missing file is exit 2 even with --exit-zero, and the other files are still checked."""
    write(tmp_path / "a.txt", ERROR)
    code, out, err = run(capsys, "check", "--exit-zero", "-q", "missing.txt", "a.txt")
    assert code == 2
    assert err == "newsdoc: missing.txt: no such file or folder\n"
    assert "a.txt:1:15" in out


def test_default_path_is_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With no path, the current folder is searched."""
    write(tmp_path / "corpus" / "a.txt", WARNING)
    code, out, _ = run(capsys, "check", "--output-format", "concise")
    assert (code, out) == (
        0,
        "corpus/a.txt:1:33: ND101 [warning] trailing whitespace: a space after the text\n",
    )


# --- selection --------------------------------------------------------------------------


def test_select_ignore_and_extend_select(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--select, --ignore and --extend-select take comma-separated codes, prefixes and names."""
    write(tmp_path / "a.txt", "Body  text. \n\nHead.\n")

    def codes(*flags: str) -> list[str]:
        out = run(capsys, "check", "--output-format", "concise", *flags, "a.txt")[1]
        return [line.split()[1] for line in out.splitlines()]

    assert codes() == ["ND215", "ND101", "ND107"]  # (ND204 is opt-in)
    assert codes("--select", "ND1") == ["ND101", "ND107"]
    assert codes("--select", "ND1", "--ignore", "separator-blank-lines") == ["ND101"]
    assert codes("--select", "ND101,ND204") == ["ND101", "ND204"]
    assert codes("--select", "ND101", "--extend-select", "ND215") == ["ND215", "ND101"]


def test_unknown_selector_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An unknown code on the command line is exit 2, naming the option and the code."""
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "check", "--ignore", "ND101,ND999", "a.txt") == (
        2,
        "",
        "newsdoc: --ignore: unknown rule code, prefix or name 'ND999'\n",
    )


# --- output formats and reports --------------------------------------------------------


def test_github_actions_picks_the_github_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GITHUB_ACTIONS=true makes github the default format; --output-format still wins."""
    write(tmp_path / "a.txt", WARNING)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run(capsys, "check", "a.txt")[1]
    assert out.startswith("::warning title=ND101 trailing-whitespace,file=a.txt,line=1,col=33,")
    assert out.rstrip().endswith("::a.txt:1:33: ND101 trailing whitespace: a space after the text")
    assert run(capsys, "check", "--output-format", "concise", "a.txt")[1].startswith("a.txt:1:33")


def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Colour appears on a terminal, not in a pipe, not with NO_COLOR; --color overrides."""
    write(tmp_path / "a.txt", WARNING)
    assert "\x1b[" not in run(capsys, "check", "a.txt")[1]
    assert "\x1b[" in run(capsys, "check", "--color", "always", "a.txt")[1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert "\x1b[" in run(capsys, "check", "a.txt")[1]
    assert "\x1b[" not in run(capsys, "check", "--color", "never", "a.txt")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", "a.txt")[1]


def test_reports_from_one_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--report FORMAT:PATH writes further reports from the same run as the printed one."""
    write(tmp_path / "a.txt", WARNING)
    code, out, _ = run(
        capsys,
        "check",
        "--output-format",
        "concise",
        "--report",
        "sarif:out/newsdoc.sarif",
        "--report",
        "junit:junit.xml",
        "--report",
        "json:report.json",
        "a.txt",
    )
    assert code == 0
    assert out == "a.txt:1:33: ND101 [warning] trailing whitespace: a space after the text\n"
    sarif = json.loads((tmp_path / "out" / "newsdoc.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == 1
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [d["code"] for d in data["diagnostics"]] == ["ND101"]
    assert "<testsuites" in (tmp_path / "junit.xml").read_text(encoding="utf-8")


def test_report_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A malformed --report is a usage error; an unwritable report path is exit 2 naming it."""
    write(tmp_path / "a.txt", CLEAN)
    code, _, err = run(capsys, "check", "--report", "xml:out.xml", "a.txt")
    assert code == 2
    assert err.startswith(
        "newsdoc: --report 'xml:out.xml': expected FORMAT:PATH with FORMAT one of"
    )
    code, out, err = run(capsys, "check", "--report", "json:a.txt/report.json", "a.txt")
    assert code == 2
    assert out == "No problems found in 1 file.\n"
    assert err.startswith("newsdoc: a.txt/report.json: cannot write report: ")


# --- stdin --------------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` reads standard input; --stdin-filename names it in the output."""
    _stdin(monkeypatch, WARNING.encode())
    assert run(capsys, "check", "--output-format", "concise", "-")[1].startswith("-:1:33: ND101")
    _stdin(monkeypatch, WARNING.encode())
    out = run(capsys, "check", "--output-format", "concise", "--stdin-filename", "news/x.txt", "-")[
        1
    ]
    assert out.startswith("news/x.txt:1:33: ND101")
    _stdin(monkeypatch, WARNING.encode())
    out = run(capsys, "check", "--output-format", "concise", "--stdin-filename", "y.txt")[1]
    assert out.startswith("y.txt:1:33: ND101")


def test_stdin_filename_selects_per_file_ignores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-file ignores apply to standard input through its --stdin-filename."""
    write(tmp_path / "newsdoc.toml", '[per-file-ignores]\n"legacy/*" = ["ND101"]\n')
    _stdin(monkeypatch, WARNING.encode())
    assert run(capsys, "check", "--stdin-filename", "legacy/a.txt", "-")[:2] == (
        0,
        "No problems found in 1 file.\n",
    )


# --- files and configuration -----------------------------------------------------------


def test_folders_include_and_exclude(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Folders are searched for *.txt, skipping .venv and the like; globs can change that."""
    for name in ("a.txt", "sub/b.txt", "sub/c.md", ".venv/lib/d.txt", "build/e.txt", "skip/f.txt"):
        write(tmp_path / "corpus" / name, WARNING)

    def files(*flags: str) -> list[str]:
        out = run(capsys, "check", "--output-format", "concise", *flags, "corpus")[1]
        return [line.split(":")[0] for line in out.splitlines()]

    assert files() == ["corpus/a.txt", "corpus/skip/f.txt", "corpus/sub/b.txt"]
    assert files("--extend-exclude", "skip") == ["corpus/a.txt", "corpus/sub/b.txt"]
    assert files("--include", "*.md") == ["corpus/sub/c.md"]
    # Sorted by path, folders where they sort: the order of sorted(rglob()).
    assert files("--exclude", "sub") == [
        "corpus/.venv/lib/d.txt",
        "corpus/a.txt",
        "corpus/build/e.txt",
        "corpus/skip/f.txt",
    ]


def test_explicit_files_and_force_exclude(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file named on the command line is checked even if excluded, unless --force-exclude."""
    write(tmp_path / "build" / "a.txt", WARNING)
    assert run(capsys, "check", "-q", "build/a.txt")[1] != ""
    assert run(capsys, "check", "--force-exclude", "build/a.txt") == (
        0,
        "",
        "newsdoc: warning: no files found in build/a.txt (include: *.txt, *.txt.gz, *.txt.bz2, *.txt.xz, *.txt.zst); no file checked "
        "(--fail-on-empty makes this an error)\n",
    )


def test_configuration_is_discovered_from_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.newsdoc] in a pyproject.toml above the current folder applies, globs relative to it."""
    write(
        tmp_path / "pyproject.toml",
        '[tool.newsdoc]\nignore = ["ND215"]\nextend-exclude = ["corpus/old"]\n'
        '[tool.newsdoc.rules.ND101]\nseverity = "error"\n',
    )
    write(tmp_path / "corpus" / "a.txt", WARNING.replace("approved the", "approved  the"))
    write(tmp_path / "corpus" / "old" / "b.txt", WARNING)
    monkeypatch.chdir(tmp_path / "corpus")
    code, out, _ = run(capsys, "check", "--output-format", "concise", ".")
    assert (code, out) == (
        1,
        "a.txt:1:34: ND101 [error] trailing whitespace: a space after the text\n",
    )
    assert run(capsys, "check", "--isolated", "-q", ".")[0] == 0


def test_configuration_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An unknown key or code in the configuration is exit 2, naming the file and the key."""
    config = write(tmp_path / "newsdoc.toml", 'selct = ["ND1"]\n')
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "check", "a.txt") == (
        2,
        "",
        f"newsdoc: {config}: unknown key 'selct' (known: select, extend-select, ignore, strict, "
        "include, exclude, extend-exclude, per-file-ignores, rules, max-findings-per-rule, fail-on-empty, "
        "phrases, language, per-file-language)\n",
    )
    other = write(tmp_path / "conf" / "pyproject.toml", '[tool.newsdoc]\nignore = ["ND9"]\n')
    code, _, err = run(capsys, "check", "--config", str(other), "a.txt")
    assert (code, err) == (
        2,
        f"newsdoc: {other}: ignore: unknown rule code, prefix or name 'ND9'\n",
    )
    code, _, err = run(capsys, "check", "--config", str(other), "--isolated", "a.txt")
    assert (code, err) == (2, "newsdoc: --isolated and --config cannot be used together\n")


# --- baseline ---------------------------------------------------------------------------


def test_baseline_ratchet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Write a baseline, then only new findings are reported; edits elsewhere keep it valid."""
    corpus = write(tmp_path / "a.txt", ERROR)
    code, out, err = run(capsys, "check", "--write-baseline", "baseline.json", "a.txt")
    assert (code, out) == (0, "")
    assert err == "newsdoc: wrote 2 findings in 1 file to baseline.json\n"
    assert run(capsys, "check", "--baseline", "baseline.json", "a.txt")[:2] == (
        0,
        "No problems found in 1 file (2 findings hidden by the baseline).\n",
    )
    write(corpus, "A new first paragraph.\n" + ERROR)
    assert run(capsys, "check", "--baseline", "baseline.json", "a.txt")[0] == 0
    write(corpus, "A new first paragraph. \n" + ERROR)
    code, out, _ = run(
        capsys, "check", "--baseline", "baseline.json", "--output-format", "concise", "a.txt"
    )
    assert (code, out) == (
        0,
        "a.txt:1:23: ND101 [warning] trailing whitespace: a space after the text\n",
    )


def test_baseline_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing baseline or an unwritable one is exit 2, naming the file."""
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "check", "--baseline", "nope.json", "a.txt") == (
        2,
        "",
        "newsdoc: nope.json: no such baseline file\n",
    )
    code, _, err = run(capsys, "check", "--write-baseline", "missing/b.json", "a.txt")
    assert code == 2
    assert err.startswith("newsdoc: missing/b.json: cannot write baseline: ")


def test_sample_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    """Every format runs on the sample and exits 0 (warnings only)."""
    for name in ("full", "concise", "json", "github", "sarif", "junit", "gitlab"):
        code, out, err = run(capsys, "check", "--output-format", name, str(SEED))
        assert (code, err) == (0, "") and out, name


def test_odd_file_names_and_narrow_terminals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name that is not UTF-8 is reported escaped (exit 2); a stdout that cannot encode gets escapes."""
    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, WARNING)
    code, out, err = run(capsys, "check", "--output-format", "concise", ".")
    assert (code, out) == (2, "")
    assert err.startswith("newsdoc: caf\\xe9.txt: the file name is not valid UTF-8; skipped\n")
    assert run(capsys, "check", name)[0] == 2
    write(tmp_path / "café.txt", "The mayor’s office said so. \n\n\nMayor’s Office Speaks\n")
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert main(["check", "--output-format", "full", "café.txt"]) == 0
    shown = raw.getvalue().decode("ascii")
    assert "caf\\xe9.txt:1:28" in shown and "The mayor\\u2019s office" in shown
