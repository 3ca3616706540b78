"""Bad input is one error, never the end of the run: JSON, globs, configuration, fix() and from_dict()."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.config.globs import GlobError, glob_regex

from .cli_helpers import run

pytestmark = pytest.mark.usefixtures("plain_environment")

DOC = '{"schema": "newsdoc/document/1", "body": [%s], "headlines": ["Head"]}'
HUGE = "1" * 5000


def test_a_5000_digit_integer_is_one_document_error_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON Lines and JSON arrays: the document with the huge integer is reported where it is."""
    lines = tmp_path / "docs.jsonl"
    lines.write_text(
        "\n".join([DOC % '{"text": "a", "line": %s}' % HUGE, DOC % '"Fine."', HUGE]) + "\n"
    )
    code, out, err = run(capsys, "convert", "--to", "jsonl", str(lines))
    assert code == 1
    assert [json.loads(line)["body"] for line in out.splitlines()] == [["Fine."]]
    assert err == (
        f"newsdoc: {lines}:1: $.body[0].line: expected a line number (an integer from 1, or null), "
        "got an integer of 5000 digits\n"
        f"newsdoc: {lines}:3: $: expected a newsdoc document (an object), "
        "got an integer of 5000 digits\n"
    )
    array = tmp_path / "docs.json"
    fine, huge = DOC % '"Fine."', DOC % ("-" + HUGE)
    array.write_text(f"[{fine}, {huge}]")
    code, out, err = run(capsys, "convert", "--to", "jsonl", str(array))
    assert code == 1 and len(out.splitlines()) == 1
    assert "$[1].body[0]: expected a string or an object, got an integer of 5000 digits" in err


def test_from_dict_with_keys_that_are_not_strings_is_a_document_error() -> None:
    """Keys that JSON cannot have are named, at their place, not a bare TypeError."""
    data = {"schema": "newsdoc/document/1", 1: "x", "a": 2, "body": ["a"], "headlines": ["b"]}
    with pytest.raises(newsdoc.DocumentError) as raised:
        newsdoc.from_dict(data)
    assert raised.value.problems == (("$", "object keys must be strings, not the number 1"),)
    nested: dict[Any, Any] = {"schema": "newsdoc/document/1", "body": ["a"], "headlines": ["b"]}
    nested["layout"] = {None: 1, "separator": ["\n"]}
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.layout: object keys must be strings"):
        newsdoc.from_dict(nested)


def test_fix_of_bytes_that_are_not_utf8_raises_the_parse_error() -> None:
    """fix(bytes) that are not UTF-8: ParseError ND001 at the first bad byte, as loads() gives."""
    data = b"Body \xff text.\n\n\nHead\n"
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.fix(data)
    assert (raised.value.code, raised.value.line, raised.value.column) == ("ND001", 1, 6)
    with pytest.raises(newsdoc.ParseError) as again:
        newsdoc.loads(data)
    assert raised.value == again.value


def test_a_pyproject_that_is_not_utf8_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A UTF-16 pyproject.toml is reported like any unreadable configuration (exit 2), not ignored."""
    (tmp_path / "pyproject.toml").write_bytes("[tool.newsdoc]\nstrict = true\n".encode("utf-16"))
    (tmp_path / "a.txt").write_text("Body.\n\n\nHead\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "a.txt")
    assert (code, out) == (2, "")
    assert err.startswith(f"newsdoc: {tmp_path / 'pyproject.toml'}: not UTF-8: ")
    with pytest.raises(newsdoc.ConfigError, match="not UTF-8"):
        newsdoc.Config.discover(tmp_path)


@pytest.mark.parametrize("flag", ["--include", "--exclude", "--extend-exclude"])
def test_a_bad_glob_on_the_command_line_is_a_clear_error(
    flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--include "[z-a]" names the option and the glob (exit 2), not an internal error."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", flag, "[z-a]", ".")
    assert (code, out) == (2, "")
    assert err == f"newsdoc: {flag}: bad glob '[z-a]': the range z-a in [z-a] is reversed\n"


def test_a_bad_glob_in_the_configuration_names_the_file_and_the_key(tmp_path: Path) -> None:
    """Globs are checked when the configuration is read, wherever they come from."""
    path = tmp_path / "newsdoc.toml"
    path.write_text('[per-file-ignores]\n"[9-0].txt" = ["ND101"]\n')
    with pytest.raises(newsdoc.ConfigError) as raised:
        newsdoc.Config.load(path)
    assert str(raised.value) == (
        f"{path}: per-file-ignores: bad glob '[9-0].txt': the range 9-0 in [9-0] is reversed"
    )
    with pytest.raises(newsdoc.ConfigError, match="include: bad glob ''"):
        newsdoc.Config(include=("",))
    with pytest.raises(newsdoc.ConfigError, match="exclude: bad glob ''"):
        newsdoc.Config(exclude=("",))
    with pytest.raises(newsdoc.ConfigError, match="extend-exclude: bad glob ''"):
        newsdoc.Config(extend_exclude=("",))


SLOW = """
import sys
from newsdoc.config.globs import glob_regex
for pattern, path in [
    ("*a*a*a*a*a*a*a*a*a*a*a*a*b", "a" * 20000),
    ("**/a/**/a/**/a/**/a/**/a/**/b", "a/" * 5000 + "c"),
    ("a*?*?*?*?*?*?*?*?*?*b", "a" * 20000),
]:
    for folders in (True, False):
        assert glob_regex(pattern, folders).fullmatch(path) is None
print("done")
"""


def test_glob_matching_is_linear_on_hostile_patterns() -> None:
    """Patterns that make a plain regex translation backtrack for ages finish at once.

    (A plain translation of the first takes hours on 20,000 characters; the
    subprocess gets 60 seconds.)
    """
    done = subprocess.run(
        [sys.executable, "-c", SLOW], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "done\n"


def _component(pattern: str, name: str) -> bool:
    """Reference: whether a one-component glob matches a name (``*``, ``?``, ``[...]``)."""

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(name)
        char = pattern[i]
        if char == "*":
            k = i
            while k < len(pattern) and pattern[k] == "*":
                k += 1
            return any(match(k, jj) for jj in range(j, len(name) + 1))
        if j == len(name):
            return False
        if char == "?":
            return match(i + 1, j + 1)
        if char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            content = pattern[i + 1 : end]
            negate = content.startswith("!")
            content = content[1:] if negate else content
            found, x = False, 0
            while x < len(content):
                if x + 2 < len(content) and content[x + 1] == "-":
                    found |= content[x] <= name[j] <= content[x + 2]
                    x += 3
                else:
                    found |= content[x] == name[j]
                    x += 1
            return found != negate and match(end + 1, j + 1)
        return char == name[j] and match(i + 1, j + 1)

    return match(0, 0)


def _reference(pattern: str, path: str, folders: bool) -> bool:
    """Reference: .gitignore-style matching, component by component (slow, obviously right)."""
    parts = pattern.strip("/").split("/")
    if "/" not in pattern.rstrip("/"):
        parts = ["**", *parts]
    names = path.split("/")

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(parts):
            return j == len(names) or (folders and 0 < j < len(names))
        if parts[i] == "**":
            if all(part == "**" for part in parts[i:]):
                return j < len(names)
            return any(match(i + 1, jj) for jj in range(j, len(names) + 1))
        return j < len(names) and _component(parts[i], names[j]) and match(i + 1, j + 1)

    return match(0, 0)


PIECES = st.sampled_from(["a", "b", "*", "?", "/", "**", "[ab]", "[!a]", "[a-b]", ".", "-"])


@given(
    pattern=st.lists(PIECES, min_size=1, max_size=8).map("".join),
    path=st.lists(st.text("ab.", min_size=1, max_size=3), min_size=1, max_size=4).map("/".join),
    folders=st.booleans(),
)
def test_globs_match_as_the_reference_does(pattern: str, path: str, folders: bool) -> None:
    """The linear expression matches exactly what component-by-component matching does."""
    try:
        compiled = glob_regex(pattern, folders)
    except GlobError:
        assert not pattern.strip("/")
        return
    assert (compiled.fullmatch(path) is not None) == _reference(pattern, path, folders)
