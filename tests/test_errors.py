"""ParseError: attributes, message form, pickling; no lark exception escapes."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

import newsdoc


def test_error_attributes() -> None:
    """A ParseError is a ValueError with code, position, message and source line."""
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads("First.\nSecond \x07 bell\n\nH\n")
    error = raised.value
    assert isinstance(error, ValueError)
    assert (error.code, error.line, error.column, error.pos) == ("ND002", 2, 8, 14)
    assert error.msg == "control character U+0007 (BEL) is not allowed"
    assert str(error) == "control character U+0007 (BEL) is not allowed (at line 2, column 8)"
    assert error.source_line == "Second \ufffd bell"
    assert error.path is None


def test_error_pickles() -> None:
    """A ParseError survives pickling with all its attributes (for worker processes)."""
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads("x")
    again = pickle.loads(pickle.dumps(raised.value))
    assert again == raised.value
    assert str(again) == str(raised.value)
    assert again.source_line == "x"


def test_load_path_names_the_file(tmp_path: Path) -> None:
    """load() on a path puts the path on the error."""
    path = tmp_path / "bad.txt"
    path.write_bytes(b"only a body\n")
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.load(path)
    assert raised.value.path == str(path)
    assert raised.value.code == "ND004"


def test_load_binary_file_and_reject_text_file(tmp_path: Path) -> None:
    """load() reads binary files; a text-mode file is a clear TypeError."""
    assert newsdoc.load(io.BytesIO(b"P\n\nH\n")) == newsdoc.NewsDump.from_texts(["P"], ["H"])
    with pytest.raises(TypeError, match="binary mode"):
        newsdoc.load(io.StringIO("P\n\nH\n"))  # type: ignore[arg-type]


def test_dump_to_path_and_file(tmp_path: Path) -> None:
    """dump() writes UTF-8 to a binary file or, atomically, to a path."""
    document = newsdoc.loads("\ufeffP\r\n\r\nH ✓\r\n")
    out = io.BytesIO()
    newsdoc.dump(document, out)
    assert out.getvalue() == "\ufeffP\r\n\r\nH ✓\r\n".encode()
    path = tmp_path / "out.txt"
    newsdoc.dump(document, path, canonical=True)
    assert path.read_bytes() == "P\n\n\nH ✓\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_wrong_argument_type() -> None:
    """Loads and parse reject arguments that are neither str nor bytes with TypeError."""
    with pytest.raises(TypeError, match="expected str or bytes, not int"):
        newsdoc.loads(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected str or bytes, not list"):
        newsdoc.parse([])  # type: ignore[arg-type]


def test_lone_surrogate_in_str() -> None:
    """A str holding a lone surrogate cannot be UTF-8: ND001."""
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads("P \udc80\n\nH\n")
    assert raised.value.code == "ND001"
    assert (
        str(raised.value)
        == "lone surrogate U+DC80 cannot be encoded as UTF-8 (at line 1, column 3)"
    )


def test_parse_result_best_effort() -> None:
    """parse() keeps what it could read: forbidden characters become U+FFFD, extra blocks are left out."""
    result = newsdoc.parse(b"Body \x00 one\n\nHead\n\nExtra\n")
    assert not result.ok
    assert [e.code for e in result.errors] == ["ND002", "ND006"]
    assert result.document == newsdoc.NewsDump.from_texts(["Body \ufffd one"], ["Head"])
    assert newsdoc.parse("no headlines\n").document is None
    assert newsdoc.parse("P\n\nH\n").ok
