"""The Hypothesis fuzz suite: random bytes, mutated samples and grammar-generated text."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

import newsdoc
from newsdoc.syntax.grammar import lark_parser
from tests.conftest import ROOT, SEED

_spec = importlib.util.spec_from_file_location("fuzz_newsdoc", ROOT / "fuzz" / "fuzz_newsdoc.py")
assert _spec is not None and _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

SAMPLE = SEED.read_bytes()
CORPUS = sorted((ROOT / "fuzz" / "corpus").glob("*.txt"))


def test_harness_runs_on_its_corpus() -> None:
    """The atheris harness's check() holds on every file of its seed corpus."""
    assert len(CORPUS) >= 4
    for path in CORPUS:
        harness.check(path.read_bytes())


@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    """Random bytes keep every invariant of the harness."""
    harness.check(data)


@st.composite
def mutated_samples(draw: st.DrawFn) -> bytes:
    """The sample with a few random byte insertions, deletions and replacements."""
    data = bytearray(SAMPLE)
    interesting = st.sampled_from(
        [
            b"\n",
            b"\r",
            b"\r\n",
            b"\x00",
            b" ",
            b"\t",
            b"\xff",
            b"\xe2\x80",
            b"\xef\xbb\xbf",
            b"\n\n",
        ]
    )
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or not data:
            data[pos:pos] = draw(st.one_of(interesting, st.binary(min_size=1, max_size=3)))
        elif action == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        else:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)


@given(mutated_samples())
def test_mutated_samples(data: bytes) -> None:
    """The sample, mutated at the byte level, keeps every invariant."""
    harness.check(data)


@settings(max_examples=150)
@given(from_lark(lark_parser(None)))
def test_grammar_generated_text_is_accepted(text: str) -> None:
    """Text generated from the grammar's own productions loads and round-trips."""
    document = newsdoc.loads(text)
    assert newsdoc.dumps(document) == text
    harness.check(text.encode("utf-8"))


def test_harness_detects_a_broken_invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness is not vacuous: a writer that loses the text makes check() fail."""
    monkeypatch.setattr(harness.newsdoc, "dumps", lambda doc, canonical=False: "x")
    with pytest.raises(AssertionError):
        harness.check(SAMPLE)


@settings(max_examples=60)
@given(st.one_of(st.binary(max_size=600), mutated_samples()))
def test_the_command_line_never_prints_a_traceback(data: bytes) -> None:
    """Every command on any input exits 0 or 1 with messages, never a traceback or exit 2."""
    import contextlib
    import io
    import tempfile

    from newsdoc.cli.main import main

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        for argv in (
            ["check", "--isolated", "--output-format", "full", str(path)],
            ["check", "--isolated", "--output-format", "sarif", str(path)],
            ["format", "--diff", str(path)],
            ["convert", "--to", "jsonl", "--jobs", "1", str(path)],
        ):
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # convert writes bytes
            err = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
            assert code in (0, 1), (argv, code, err.getvalue())
            assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
