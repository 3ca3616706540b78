"""A coverage-guided fuzz harness for newsdoc, for long runs with atheris.

    pip install atheris
    python fuzz/fuzz_newsdoc.py -max_total_time=3600 fuzz/corpus/

Every input must satisfy newsdoc's invariants: ``loads`` returns or raises
``ParseError`` and nothing else; ``parse`` never raises; an accepted input
round-trips byte-exact; the first error of ``parse`` is the error ``loads``
raises; ``validate`` never raises and returns diagnostics sorted by position,
each inside the input; the same bytes, taken as a file name and as the
text of a finding, come out of every output format without a raw control,
bidi control or workflow command; taken as a glob, they are refused with a
reason or match in linear time.  A violation raises AssertionError, which atheris reports as a crash
with the input saved beside it.  The test suite runs :func:`check` on a few
inputs, so the harness cannot rot.
"""

from __future__ import annotations

import re
import sys
import time

import newsdoc
from newsdoc.config.globs import GlobError, glob_regex
from newsdoc.output.formats import FORMATS, render
from newsdoc.output.results import FileReport, RunReport

_RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_COMMAND = re.compile(r"^(?:::|##\[)", re.MULTILINE)


def check(data: bytes) -> None:
    """Check newsdoc's invariants on one input."""
    diagnostics = newsdoc.validate(data)
    keys = [(d.line, d.column) for d in diagnostics]
    assert keys == sorted(keys), keys
    lines = data.count(b"\n") + 1
    assert all(1 <= d.line <= d.end_line <= lines and d.column >= 1 for d in diagnostics)
    result = newsdoc.parse(data)
    try:
        document = newsdoc.loads(data)
    except newsdoc.ParseError as error:
        assert result.errors, "loads failed but parse found no error"
        assert error == result.errors[0], (error, result.errors[0])
        assert str(error).endswith(f"(at line {error.line}, column {error.column})")
    else:
        assert not result.errors, result.errors
        assert newsdoc.dumps(document).encode("utf-8") == data
        canonical = newsdoc.dumps(document, canonical=True)
        assert newsdoc.loads(canonical) == document
        assert newsdoc.dumps(newsdoc.loads(canonical), canonical=True) == canonical
    check_outputs(data.decode("utf-8", "surrogateescape")[:200], diagnostics[:3])


def check_outputs(text: str, diagnostics: list[newsdoc.Diagnostic]) -> None:
    """``text`` as a file name, a message and an error through every format; as a glob."""
    made = newsdoc.Diagnostic("ND101", "warning", text, 1, 1, 1, 1, None, source_line=text)
    found = (*diagnostics, made)
    report = RunReport((FileReport(text, found), FileReport(text + ":", error=text)))
    for name in FORMATS:
        output = render(name, report)
        assert _RAW.search(output) is None, (name, output)
        commands = _COMMAND.findall(output)
        assert name == "github" or not commands, (name, output)
        if name == "github":
            assert len(output.splitlines()) == len(found), output
    try:
        compiled = glob_regex(text)
    except GlobError:
        return
    started = time.perf_counter()
    compiled.fullmatch((text + "/") * 20)
    assert time.perf_counter() - started < 2, text


def main() -> None:  # pragma: no cover - needs atheris
    """Run atheris on :func:`check`."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":  # pragma: no cover
    main()
