"""The library's edges: type errors that say what to pass, and its conveniences.

Rules by code or name, paths in parse errors, Hypothesis' ``from_type``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

import newsdoc
from tests.conftest import SEED

TEXT = "Body.\n\n\nHead\n"


def _bad(value: object) -> Any:
    """A value of the wrong type, passed on as a careless caller would (unchecked)."""
    return value


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: newsdoc.dumps(_bad(None)), "dumps() needs a NewsDump, not NoneType"),
        (lambda: newsdoc.to_dict(_bad("text")), "to_dict() needs a NewsDump, not str"),
        (
            lambda: newsdoc.load(_bad(None)),
            "load() needs a path or a file opened in binary mode, not NoneType",
        ),
        (
            lambda: newsdoc.load(_bad(b"Body.\n\n\nHead\n")),
            "load() reads a path or a binary file; for bytes, use loads()",
        ),
        (
            lambda: newsdoc.loads(_bad(Path("a.txt"))),
            "expected str or bytes, not PosixPath: to read a file, use load()",
        ),
        (lambda: newsdoc.loads(_bad(None)), "expected str or bytes, not NoneType"),
        (
            lambda: newsdoc.validate(TEXT, _bad({"ignore": ["ND101"]})),
            "config must be a newsdoc.Config, not dict "
            "(build one from a dict with Config.from_mapping())",
        ),
        (
            lambda: newsdoc.fix(TEXT, _bad({"ignore": ["ND101"]})),
            "config must be a newsdoc.Config, not dict "
            "(build one from a dict with Config.from_mapping())",
        ),
        (
            lambda: newsdoc.dump(newsdoc.loads(TEXT), _bad(3)),
            "dump() needs a path or a binary file, not int",
        ),
    ],
)
def test_wrong_types_are_named(call: Any, message: str) -> None:
    """A public function given the wrong type raises TypeError naming the type it needs."""
    with pytest.raises(TypeError) as raised:
        call()
    assert str(raised.value) == message


def test_load_reads_binary_files_and_paths() -> None:
    """load() still takes a path, a str path and a binary file."""
    expected = newsdoc.loads(SEED.read_bytes())
    assert newsdoc.load(SEED) == newsdoc.load(str(SEED)) == expected
    assert newsdoc.load(BytesIO(SEED.read_bytes())) == expected


def test_rules_are_indexed_by_code_and_name() -> None:
    """RULES is the sorted tuple of rules, also indexed by a code (any case) or a name."""
    rule = newsdoc.RULES["ND101"]
    assert rule.name == "trailing-whitespace"
    assert newsdoc.RULES["nd101"] is rule is newsdoc.RULES["trailing-whitespace"]
    assert newsdoc.RULES[0].code == "ND001"
    assert [r.code for r in newsdoc.RULES[:2]] == ["ND001", "ND002"]
    table: Any = newsdoc.RULES  # (mypy: a tuple of rules holds no str, yet this one answers)
    assert "ND214" in table and "bidi-control" in table
    assert "ND999" not in table
    with pytest.raises(KeyError, match="no rule has the code or name 'ND999'"):
        newsdoc.RULES["ND999"]


def test_a_parse_error_names_its_file(tmp_path: Path) -> None:
    """str(ParseError) starts with the file's path when load() read one, and ends with the position."""
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Body only.\n")
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.load(path)
    assert str(raised.value) == (
        f"{path}: the body is not followed by a blank line and a headline list "
        "(at line 1, column 11)"
    )
    with pytest.raises(newsdoc.ParseError) as without:
        newsdoc.loads(b"Body only.\n")
    assert str(without.value).startswith("the body is not followed")


def test_hypothesis_from_type_draws_newsdoc_documents() -> None:
    """With newsdoc installed, st.from_type() knows its types, newsdoc.strategies not imported.

    Hypothesis loads newsdoc's entry point when it is imported (in a fresh
    interpreter here).
    """
    code = (
        "from hypothesis import given, settings, strategies as st\n"
        "import newsdoc\n"
        "seen = set()\n"
        "@settings(max_examples=20, database=None)\n"
        "@given(st.from_type(newsdoc.NewsDump), st.from_type(newsdoc.Paragraph),\n"
        "       st.from_type(newsdoc.Headline), st.from_type(newsdoc.Layout))\n"
        "def check(document, paragraph, headline, layout):\n"
        "    assert newsdoc.loads(newsdoc.dumps(document)) == document\n"
        "    seen.update(type(x).__name__ for x in (document, paragraph, headline, layout))\n"
        "check()\n"
        "print(sorted(seen))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout == "['Headline', 'Layout', 'NewsDump', 'Paragraph']\n"


def test_version_is_read_only_when_asked_for() -> None:
    """``newsdoc.__version__`` is the installed version; ``import newsdoc`` does not read it.

    Reading package metadata imports ``importlib.metadata`` (about 15 ms), so
    the attribute is looked up on first access; other unknown attributes
    are still AttributeErrors.
    """
    code = (
        "import sys, newsdoc\n"
        "before = 'importlib.metadata' in sys.modules\n"
        "print(before, newsdoc.__version__)\n"
        "try:\n"
        "    newsdoc.no_such_name\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    from importlib.metadata import version

    assert done.stdout == (
        f"False {version('newsdoc')}\nmodule 'newsdoc' has no attribute 'no_such_name'\n"
    )
    assert newsdoc.__version__ == version("newsdoc")
