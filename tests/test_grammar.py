"""The grammar file: one copy, the parser runs it, and the diagnosis agrees with it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.model import chars
from newsdoc.syntax import diagnosis as _diagnosis
from newsdoc.syntax import grammar as _grammar
from tests.conftest import ROOT


def _terminal(name: str) -> re.Pattern[str]:
    parser = _grammar.lark_parser(None)
    (terminal,) = [t for t in parser.terminals if t.name == name]
    return re.compile(terminal.pattern.to_regexp())


def test_one_grammar_file() -> None:
    """There is exactly one .lark file in the source tree, and the parser reads it."""
    found = sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*.lark")
        if not {".venv", "build", "dist", ".git", "_build"} & set(p.relative_to(ROOT).parts)
    )
    assert found == ["grammar/newsdoc.lark"]
    assert _grammar.grammar_text() == (ROOT / "grammar" / "newsdoc.lark").read_text(
        encoding="utf-8"
    )


def test_parser_is_not_built_at_import() -> None:
    """Importing newsdoc neither imports lark nor builds a parser."""
    code = "import sys, newsdoc; print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_grammar_parses_the_sample_as_a_tree() -> None:
    """The plain grammar (no transformer) gives a tree with one body and one headline block."""
    tree = _grammar.lark_parser(None).parse("P\n\nH\n")
    assert [getattr(c, "data", getattr(c, "type", None)) for c in tree.children] == [
        "body",
        "SEPARATOR",
        "headlines",
        "TRAILING",
    ]


_SPECIAL = [chr(c) for c in range(0x20)] + [
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ud800",
    "\udfff",
    " ",
    "a",
]


@given(st.one_of(st.sampled_from(_SPECIAL), st.characters()))
def test_forbidden_characters_agree_with_grammar(char: str) -> None:
    """The diagnosis' forbidden characters are exactly those the grammar's lines cannot hold."""
    allowed = _terminal("BLOCK").fullmatch(f"a{char}b") is not None
    flagged = _diagnosis._BAD_CHAR.fullmatch(char) is not None
    if char == "\n":
        assert allowed and not flagged  # a line break inside a block of lines
    else:
        assert allowed != flagged, repr(char)


@given(st.one_of(st.sampled_from(_SPECIAL), st.characters()))
def test_the_forbidden_class_is_the_grammars(char: str) -> None:
    """newsdoc.model.chars.FORBIDDEN is exactly what the grammar's TEXTCHAR leaves out."""
    (source,) = re.findall(r"^TEXTCHAR: /(.*)/$", _grammar.grammar_text(), re.M)
    text_char = re.fullmatch(source, char) is not None
    assert text_char != (char in chars.charset(chars.FORBIDDEN)), repr(char)


def test_lone_cr_is_flagged_but_crlf_is_not() -> None:
    """A CR is an error unless it starts a CRLF line break."""
    assert _diagnosis._BAD_CHAR.findall("a\r\nb\rc\r") == ["\r", "\r"]


def test_every_error_state_is_labelled() -> None:
    """Every parser state an error can happen in maps to a structural error code."""
    labels = _diagnosis._labels()
    assert set(labels.values()) == {"ND003", "ND004", "ND005", "ND006"}
    # A BOM and leading blank lines give states of their own.
    assert len(labels) > 4


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\ufeff", "ND003"),
        ("\ufeff\n\n", "ND003"),
        ("\n\nbody", "ND004"),
        ("\ufeffbody\n\n", "ND005"),
        ("\ufeff\nP\n\nH\n\nX", "ND006"),
    ],
)
def test_prefixes_do_not_change_the_label(text: str, code: str) -> None:
    """A BOM or leading blank lines do not change which structural error is found."""
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads(text)
    assert raised.value.code == code


def test_parser_cache(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built parser is saved to the cache folder and a corrupt cache file is rebuilt."""
    folder = tmp_path / "cache"  # type: ignore[operator]
    code = "import newsdoc; print(len(newsdoc.loads('P\\n\\nH').body))"
    env = {"NEWSDOC_CACHE_DIR": str(folder), "PATH": ""}
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert out.stdout == "1\n" and out.stderr == ""
    (cached,) = folder.glob("parser-*.pickle")
    cached.write_bytes(b"garbage")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout == "1\n" and out.stderr == ""
    assert cached.read_bytes() != b"garbage"
    names = sorted(p.name for p in folder.iterdir())
    assert [name for name in names if name.startswith("parser-")] == [cached.name]
    # Beside it, only the compiled code of the builders and expressions (newsdoc.model.compiled): no
    # temporary file is left.
    assert all(name.startswith(("parser-", "code-")) for name in names), names
