"""A coverage-guided fuzz harness for newsdoc, for long runs with atheris.

    pip install atheris
    python fuzz/fuzz_newsdoc.py -max_total_time=3600 fuzz/corpus/

Every input must satisfy newsdoc's invariants: ``loads`` returns or raises
``ParseError`` and nothing else; ``parse`` never raises; an accepted input
round-trips byte-exact; the first error of ``parse`` is the error ``loads``
raises; ``validate`` never raises and returns diagnostics sorted by position,
each inside the input.  A violation raises AssertionError, which atheris reports as a crash
with the input saved beside it.  The test suite runs :func:`check` on a few
inputs, so the harness cannot rot.
"""

from __future__ import annotations

import sys

import newsdoc


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


def main() -> None:  # pragma: no cover - needs atheris
    """Run atheris on :func:`check`."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":  # pragma: no cover
    main()
