"""The fast path agrees with the Lark parser, and valid files are read without lark.

The differential properties run both on the same input: the regular
expression composed from the grammar (newsdoc.syntax.fastpath) and the Lark
parser.  They must accept the same texts and find the same tokens; the model
built from them must match the diagnosis' own line-by-line reading and
write the text back byte for byte.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark, Token, Tree
from lark.exceptions import LarkError

import newsdoc
from newsdoc.model import compiled as _compiled
from newsdoc.strategies import dump_texts
from newsdoc.syntax import fastpath as _fastpath
from newsdoc.syntax import grammar as _grammar
from newsdoc.syntax import parser as _parser
from newsdoc.syntax.reader import read
from tests.conftest import ROOT, SEED

# Characters that make up the structure of a dump, and a few that break it.
_STRUCTURE = st.sampled_from(["a", "b", " ", "\t", "\n", "\n", "\r\n", "\r", "\ufeff", "\x00"])
# Lines, blank or not, in any order: about one text in ten is a valid dump.
_LINE = st.sampled_from(["a", "b c", " a", "a\t", "", "", " ", "\t ", "\ufeffa", "a\x00", "a\rb"])
_NOISE = st.builds(
    lambda bom, lines, cut: ("\ufeff" if bom else "") + "".join(lines)[: -cut or None],
    st.booleans(),
    st.lists(st.builds(str.__add__, _LINE, st.sampled_from(["\n", "\n", "\r\n"])), max_size=8),
    st.integers(0, 2),
)


def _lark_spans(text: str) -> dict[str, tuple[int, int]] | None:
    """The spans of the tokens the Lark parser finds (sections named by their rules)."""
    try:
        tree: Any = _grammar.lark_parser(None).parse(text)
    except LarkError:
        return None
    spans = {}
    for child in tree.children:
        token = child.children[0] if isinstance(child, Tree) else child
        assert isinstance(token, Token)
        name = child.data if isinstance(child, Tree) else child.type
        assert token.start_pos is not None and token.end_pos is not None
        spans[str(name)] = (token.start_pos, token.end_pos)
    return spans


def _fast_spans(text: str) -> dict[str, tuple[int, int]] | None:
    pattern = _grammar.fast_pattern()
    assert pattern is not None
    match = pattern.match(text)
    if match is None:
        return None
    return {name: match.span(name) for name in _fastpath.SECTIONS if match.start(name) >= 0}


def _item_fields(items: tuple[newsdoc.Paragraph, ...] | tuple[newsdoc.Headline, ...]) -> list[Any]:
    return [(type(i), i.text, i.line, i.indent, i.trailing, i.newline) for i in items]


def _sections(text: str, spans: dict[str, tuple[int, int]]) -> list[tuple[int, int]]:
    """The body and headline list as (first, last) line indexes, from the grammar's tokens."""
    runs = []
    for name in ("body", "headlines"):
        start, end = spans[name]
        first = text.count("\n", 0, start)
        runs.append((first, first + text.count("\n", start, end)))
    return runs


def _check_agreement(text: str) -> None:
    fast, slow = _fast_spans(text), _lark_spans(text)
    assert fast == slow, (text, fast, slow)
    if fast is None:
        with pytest.raises(newsdoc.ParseError):
            newsdoc.loads(text)
        return
    # The reader finds the sections the grammar's tokens delimit.
    structure = read(text)
    assert structure.runs == _sections(text, fast)
    assert structure.bom == ("BOM" in fast and fast["BOM"][0] == 0)
    document = newsdoc.loads(text)
    # The diagnosis builds its best-effort document from the reader too, its
    # own way (layout repaired where needed); on a valid text it is the same.
    independent = _parser.best_effort(structure)
    assert independent is not None
    assert _item_fields(document.body) == _item_fields(independent.body)
    assert _item_fields(document.headlines) == _item_fields(independent.headlines)
    assert document.layout == independent.layout
    assert newsdoc.dumps(document) == text


@given(dump_texts())
@example("\ufeff\n\nH")  # a BOM, then blank lines and one block: the parser rejects it
@example("\ufeff\ufeff\n\nH")  # a text starting with U+FEFF after the BOM
@example("P\n\nH\n \t")  # a last blank line without a line break
@example("P\r\n \r\n\r\nH\r\n\r\n")
def test_fast_path_agrees_on_valid_dumps(text: str) -> None:
    """On every generated valid dump, both accept with the same tokens and model."""
    _check_agreement(text)
    assert _fast_spans(text) is not None or _lark_spans(text) is None


@given(from_lark(_grammar.lark_parser(None)))
def test_fast_path_agrees_on_grammar_generated_text(text: str) -> None:
    """On text generated from the grammar's own productions, both accept alike."""
    _check_agreement(text)
    assert _fast_spans(text) is not None


@given(_NOISE)
@example("P\n\nH\n\n")
@example("P\n\nH\n\nX")
@example("\n")
@example("P\r\rH")
def test_fast_path_agrees_on_shuffled_lines(text: str) -> None:
    """On texts made of blank and non-blank lines in any order, both accept and reject alike."""
    _check_agreement(text)


@given(st.text())
def test_fast_path_agrees_on_random_text(text: str) -> None:
    """On arbitrary text (surrogates and controls included), both accept and reject alike."""
    _check_agreement(text)


@given(st.binary())
def test_fast_path_agrees_on_random_bytes(data: bytes) -> None:
    """On arbitrary bytes, as loads decodes them, both accept and reject alike."""
    _check_agreement(data.decode("utf-8", "surrogateescape"))


@given(dump_texts(), st.data())
def test_fast_path_agrees_on_mutated_dumps(text: str, data: st.DataObject) -> None:
    """On valid dumps with characters inserted, deleted or replaced, both agree."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(chars)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        if action != "insert" and pos < len(chars):
            del chars[pos]
        if action != "delete":
            chars.insert(pos, data.draw(_STRUCTURE))
    _check_agreement("".join(chars))


def test_the_expression_is_composed_from_the_grammar() -> None:
    """Each group holds the pattern of its terminal in the built parser, in the start rule's order.

    The only changes to a terminal's pattern: its last quantifier (each of
    this grammar's ends with one after a group) is made possessive, and its
    negated classes are written as what they leave in (checked below).
    """
    parser = _grammar.lark_parser(None)
    terminals = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    assert all(p.endswith((")*", ")+", ")?")) for n, p in terminals.items() if n != "BOM")
    source = _fastpath.compose(parser)
    assert _grammar.fast_path_source() == source
    order = ["BOM", "LEADING", "body", "SEPARATOR", "headlines", "TRAILING"]
    terminals = {name: _fastpath._positive(pattern) for name, pattern in terminals.items()}
    pattern_of = {
        "BOM": terminals["BOM"],
        "LEADING": terminals["LEADING"] + "+",
        "body": terminals["BLOCK"] + "+",
        "SEPARATOR": terminals["SEPARATOR"] + "+",
        "headlines": terminals["BLOCK"] + "+",
        "TRAILING": terminals["TRAILING"] + "+",
    }
    expected = ""
    for name in order:
        group = f"(?>(?P<{name}>{pattern_of[name]}))"
        expected += group + "?+" if name in {"BOM", "LEADING", "TRAILING"} else group
    assert source == expected + r"\Z"


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        ("a*", "a*+"),
        ("(?:a|b)+", "(?:a|b)++"),
        ("(?:x)?", "(?:x)?+"),
        ("a*?", "a*?"),  # lazy: left alone
        ("a*+", "a*+"),  # possessive already
        ("a\\*", "a\\*"),  # an escaped star is a character
        ("a\\\\*", "a\\\\*+"),  # an escaped backslash, then a quantifier
        ("[*]", "[*]"),
        ("a{2,3}", "a{2,3}"),
        ("", ""),
    ],
)
def test_only_a_last_greedy_quantifier_becomes_possessive(regex: str, expected: str) -> None:
    """The one rewrite of a terminal's pattern touches a final greedy quantifier only."""
    assert _fastpath._possessive(regex) == expected


def test_negated_classes_hold_the_same_characters_written_positively() -> None:
    """Every negated class of the grammar's terminals, rewritten, holds exactly the same code points.

    Each class is tested on every code point, and the rewrite did happen
    (the composed expression holds no negated class).
    """
    parser = _grammar.lark_parser(None)
    classes = set()
    for terminal in parser.terminals:
        classes.update(re.findall(r"\[\^(?:\\.|[^\]\\])*\]", terminal.pattern.to_regexp()))
    assert len(classes) >= 2  # TEXTCHAR's and VISIBLE's
    everything = "".join(map(chr, range(0x110000)))
    for negated in classes:
        positive = _fastpath._positive(negated)
        assert not positive.startswith("[^")
        kept = re.findall(negated, everything)
        assert re.findall(positive, everything) == kept, (negated, positive)
    assert "[^" not in _fastpath.compose(parser)


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        ("[^a]", "[\\x00-\\x60\\x62-\\U0010ffff]"),
        ("[^]a]", "[\\x00-\\x5c\\x5e-\\x60\\x62-\\U0010ffff]"),  # a first ] is a character
        ("[^a-c\\-]", "[\\x00-\\x2c\\x2e-\\x60\\x64-\\U0010ffff]"),
        ("[^\\x00-\\U0010ffff]", "(?!)"),
        ("x[^\\d]y", "x[^\\d]y"),  # a category: left alone
        ("[^[]", "[^[]"),  # a nested set, or its warning: left alone
        ("\\[^a]", "\\[^a]"),  # not a class
        ("[ \\t]*", "[ \\t]*"),  # not negated
    ],
)
def test_the_class_rewrite(regex: str, expected: str) -> None:
    """A negated class of characters and ranges is complemented; anything else is left alone."""
    assert _fastpath._positive(regex) == expected
    sample = "".join(map(chr, [*range(0x80), 0xE9, 0xFFFF, 0x10FFFF]))
    assert re.findall(expected, sample) == re.findall(regex, sample)


@pytest.mark.parametrize(
    "grammar",
    [
        'start: A | B\nA: "a"\nB: "b"',  # a choice, not optional symbols
        'start: A A?\nA: "a"',  # one terminal twice
        'start: x\nx: A B\nA: "a"\nB: "b"',  # a rule of two terminals
    ],
)
def test_other_shapes_are_not_composed(grammar: str) -> None:
    """A grammar the fast path cannot follow is refused, so the parser does all the work."""
    parser = Lark(grammar, parser="lalr", maybe_placeholders=False)
    with pytest.raises(_fastpath.NotComposableError):
        _fastpath.compose(parser)


def _run(code: str, cache: Path, *args: str) -> str:
    """Run Python code in a new process with ``cache`` as the cache folder; return stdout."""
    env = {**os.environ, "NEWSDOC_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    assert out.stderr == ""
    return out.stdout


_CHECK = (
    "import sys; from newsdoc.cli.main import main; code = main(['check', sys.argv[1]]);"
    "print(code, sorted(m for m in {names} if m in sys.modules))"
)


def test_a_valid_file_is_checked_without_lark(tmp_path: Path) -> None:
    """With the cache filled, `newsdoc check` on a valid file imports none of the heavy modules.

    They are lark, importlib.metadata (the version), json and tempfile
    (other commands) and hashlib (OpenSSL).  An invalid file still goes
    through the Lark parser for its diagnosis.
    """
    heavy = ["hashlib", "importlib.metadata", "json", "lark", "tempfile"]
    code = _CHECK.format(names=heavy)
    # The sample has warnings, not errors: exit 0.  The first run fills the cache.
    assert _run(code, tmp_path, str(SEED)).splitlines()[-1].startswith("0 ")
    assert len(list(tmp_path.glob("parser-*.pickle"))) == 1
    assert _run(code, tmp_path, str(SEED)).splitlines()[-1] == "0 []"
    bad = tmp_path / "bad.txt"
    bad.write_text("body only\n")
    invalid = _run(code, tmp_path, str(bad))
    assert invalid.splitlines()[-1].startswith("1 [") and "'lark'" in invalid
    assert "error[ND004]" in invalid and f"--> {bad}:1:10" in invalid


def test_cache_header_checks(tmp_path: Path) -> None:
    """A cache file with a damaged expression or from another lark version is rebuilt.

    A damaged compiled program, or one of another Python, is not used: the
    expression is compiled from its source, and matches the same.
    """
    code = "import newsdoc; print(len(newsdoc.loads('P\\n\\nH').body))"
    assert _run(code, tmp_path) == "1\n"
    (cached,) = tmp_path.glob("parser-*.pickle")
    good = cached.read_bytes()
    magic, lark_line, fast_line, _ = good.split(b"\n", 3)
    assert magic == b"newsdoc-cache 2" and lark_line.startswith(b"lark ")
    size = int(fast_line.split()[-1])
    header = len(magic) + len(lark_line) + len(fast_line) + 3 + size
    program_line = good[header:].split(b"\n", 1)[0]
    assert program_line.startswith(b"program " + _compiled.engine_tag().encode())
    end = header + len(program_line) + 1 + int(program_line.split()[-1])
    # A flipped byte in the expression fails its checksum: the file is rebuilt.
    damaged = bytearray(good)
    damaged[header - size] ^= 1
    cached.write_bytes(bytes(damaged))
    assert _run(code, tmp_path) == "1\n"
    assert cached.read_bytes()[:end] == good[:end]
    # A parser pickled by another lark version is not loaded; the file is rebuilt.
    cached.write_bytes(good.replace(lark_line, b"lark 0.0.1", 1))
    assert _run("import newsdoc; print(newsdoc.parse('P\\n\\n').errors[0].code)", tmp_path) == (
        "ND005\n"
    )
    assert cached.read_bytes()[:end] == good[:end]
    # A damaged program or one of another Python is not run: the source is compiled.
    probe = (
        "from newsdoc.syntax import grammar as g; h = g._cached_header(); "
        "print(h is not None and bool(h.program), g.fast_pattern().match('P\\n\\nH') is not None)"
    )
    assert _run(probe, tmp_path) == "True True\n"
    damaged = bytearray(good)
    damaged[end - 1] ^= 1  # the program's last byte: its checksum fails, the header is refused
    cached.write_bytes(bytes(damaged))
    assert _run(probe, tmp_path) == "False True\n"
    cached.write_bytes(
        good.replace(program_line, program_line.replace(b"program ", b"program x", 1))
    )
    assert _run(probe, tmp_path) == "False True\n"


def test_a_compiled_program_matches_as_the_source() -> None:
    """The program cached for the expression gives the engine the same expression.

    Its groups and pattern are the source's, and it matches (or not) with the
    same spans on valid dumps, mutated and random text; a damaged program
    is refused, never run.
    """
    source = _grammar.fast_path_source()
    assert source is not None
    program = _compiled.compiled_program(source)
    assert program
    made = _compiled.from_program(source, program)
    compiled = re.compile(source)
    assert made is not None and made.pattern == source
    assert made.groupindex == compiled.groupindex

    @given(st.one_of(dump_texts(), _NOISE, st.text()))
    def same(text: str) -> None:
        one, two = made.match(text), compiled.match(text)
        assert (one is None) == (two is None)
        if one is not None and two is not None:
            assert [one.span(n) for n in _fastpath.SECTIONS] == [
                two.span(n) for n in _fastpath.SECTIONS
            ]

    same()
    head, names, codes = program.split(b"\n", 2)
    numbers = memoryview(codes).cast("I").tolist()
    numbers[len(numbers) // 2] = 4_000_000_000
    damaged = b"".join(n.to_bytes(4, sys.byteorder) for n in numbers)
    assert _compiled.from_program(source, b"\n".join([head, names, damaged])) is None
    assert _compiled.from_program(source, b"not a program") is None
    assert _compiled.from_program(source, program[:-3]) is None  # not whole codes


def test_no_cache_still_uses_the_fast_path() -> None:
    """With the cache turned off, the expression is composed in the process."""
    code = "from newsdoc.syntax import grammar; print(grammar.fast_pattern() is not None)"
    env = {**os.environ, "NEWSDOC_CACHE_DIR": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout == "True\n"


@given(st.one_of(dump_texts(), _NOISE), st.integers(0, 40))
def test_large_inputs_split_in_chunks_give_the_same_lines(text: str, chunk: int) -> None:
    """Splitting the bytes a chunk at a time (for large inputs) gives exactly the lines of the text."""
    data = text.encode("utf-8")
    assert _parser._lines_from_bytes(data, chunk) == text.split("\n")


def test_a_large_file_loads_from_bytes_as_from_text() -> None:
    """Bytes past the chunk size (lines decoded a chunk at a time) give the model the text gives."""
    body, headlines = SEED.read_text(encoding="utf-8").split("\n\n\n", 1)
    lines = body.split("\n") * (2 * _parser._CHUNK // len(body))
    text = "\ufeff\r\n" + "\r\n".join(f" {line}\t" for line in lines) + "\n \n" + headlines
    data = text.encode("utf-8")
    assert len(data) > 2 * _parser._CHUNK
    from_bytes, from_text = newsdoc.loads(data), newsdoc.loads(text)
    assert _item_fields(from_bytes.body) == _item_fields(from_text.body)
    assert _item_fields(from_bytes.headlines) == _item_fields(from_text.headlines)
    assert from_bytes.layout == from_text.layout
    assert newsdoc.dumps(from_bytes).encode("utf-8") == data


@pytest.mark.parametrize("enabled", [True, False])
def test_building_many_items_restores_the_collector(enabled: bool) -> None:
    """Loading a dump of many lines (collector paused meanwhile) leaves gc as it was."""
    import gc

    text = "a\n" * (_parser._MANY_LINES + 10) + "\nH\n"
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        document = newsdoc.loads(text)
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
    assert len(document.body) == _parser._MANY_LINES + 10
    assert newsdoc.dumps(document) == text


def test_findings_on_one_line_share_its_text() -> None:
    """The reader gives every finding on a line the same string, a line ending in CR too.

    (A thousand findings on a long line of lone CRs held a thousand copies of it.)
    """
    structure = read("Body\r\r\r\nx\n\ny \r")
    assert structure.source_line(1) == "Body\r\r"
    assert structure.source_line(1) is structure.source_line(1)
    assert structure.source_line(4) == "y " and structure.source_line(5) == ""
    findings = newsdoc.validate("Body" + "\r" * 3000)
    assert len({id(d.source_line) for d in findings if d.line == 1}) == 1
