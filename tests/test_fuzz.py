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


# --- the surfaces of issue 18: memory, threads, globs, configuration ------------------


@settings(max_examples=15)
@given(
    st.sampled_from(["\x01", "\x1b", "\r", "\udcff", " \n", "\u00a0", "\u202e", "x \n", "\n\n"]),
    st.integers(1000, 20_000),
    st.sampled_from(["a", "a\n\n\nb\n", ""]),
)
def test_long_lines_with_many_errors_cost_memory_in_proportion_to_the_text(
    piece: str, count: int, tail: str
) -> None:
    """A run of one hostile piece: at most 1,001 findings of a code, and memory linear in the size.

    (tracemalloc's peak during validate and parse stays under 40 bytes per
    character plus a fixed 8 MB, where one copy of a line per error used to
    cost the line's length times the errors.)
    """
    import tracemalloc
    from collections import Counter

    text = "Body" + piece * count + tail
    newsdoc.parse("Body\x01\r\udcff\n\n\nx\n\n\ny")  # the parser and tables, built once
    tracemalloc.start()
    try:
        found = newsdoc.validate(text)
        errors = newsdoc.parse(text).errors
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * len(text) + 8_000_000, (peak, len(text))
    assert max(Counter(d.code for d in found).values(), default=0) <= 1001
    assert max(Counter(e.code for e in errors).values(), default=0) <= 1001
    totals: Counter[str] = Counter()
    for d in found:
        totals[d.code] += d.omitted or 1  # a summary counts as the findings it stands for
    every = newsdoc.validate(text, newsdoc.Config(max_findings_per_rule=0))
    assert totals == Counter(d.code for d in every)


@given(st.lists(st.one_of(st.binary(max_size=200), mutated_samples()), min_size=4, max_size=8))
def test_concurrent_calls_give_the_sequential_results(inputs: list[bytes]) -> None:
    """validate, parse and fix from several threads at once equal the same calls made in turn."""
    from concurrent.futures import ThreadPoolExecutor

    def outcome(data: bytes) -> str:
        try:
            fixed: object = newsdoc.fix(data).text
        except newsdoc.ParseError as error:
            fixed = error
        result = newsdoc.parse(data)
        return repr((newsdoc.validate(data), result.errors, result.document, fixed))

    expected = [outcome(data) for data in inputs]
    with ThreadPoolExecutor(len(inputs)) as threads:
        assert list(threads.map(outcome, inputs)) == expected


GLOB_PIECES = st.one_of(
    st.sampled_from(["*", "**", "?", "/", "[", "]", "!", "-", "[z-a]", "[!/]", "a", "b", "\\"]),
    st.text(max_size=3),
)


@given(
    st.lists(GLOB_PIECES, max_size=12).map("".join),
    st.lists(st.text("ab*[]/.", max_size=6), min_size=1, max_size=6).map("/".join),
)
def test_any_glob_is_refused_clearly_or_matches_quickly(pattern: str, path: str) -> None:
    """Any glob: a GlobError with a reason, or an expression that matches any path, in linear time."""
    import time

    from newsdoc.config.globs import GlobError, check_glob, glob_regex

    problem = check_glob(pattern)
    for folders in (True, False):
        try:
            compiled = glob_regex(pattern, folders)
        except GlobError as error:
            assert str(error) == problem
            continue
        started = time.perf_counter()
        compiled.fullmatch(path * 50)
        assert time.perf_counter() - started < 5  # a plain translation can take hours


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "select",
                "ignore",
                "include",
                "exclude",
                "extend-exclude",
                "per-file-ignores",
                "strict",
                "rules",
                "max-findings-per-rule",
                "other",
            ]
        ),
        st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
            lambda inner: st.one_of(
                st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
            ),
            max_leaves=8,
        ),
    )
)
def test_any_configuration_is_a_config_or_a_config_error(data: dict[str, object]) -> None:
    """Hostile configuration tables: a Config, or a ConfigError naming the key, nothing else."""
    try:
        newsdoc.Config.from_mapping(data)
    except newsdoc.ConfigError as error:
        assert str(error)
