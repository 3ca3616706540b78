"""The public exceptions: a malformed dump, a bad JSON document, a bad configuration."""

from __future__ import annotations

from typing import Any

__all__ = ["ConfigError", "DocumentError", "ParseError"]


class ParseError(ValueError):
    """A news dump is malformed.

    Every problem has a stable rule ``code`` (``ND001`` to ``ND006``), a
    human message, and a position: ``line`` and ``column`` are 1-based
    (the column counts characters, that is code points), ``pos`` is the
    0-based character offset in the decoded text.  ``source_line`` is the
    offending line without its line break, and ``path`` the file it came
    from when known.  ``str(error)`` starts with the path when it is known,
    and ends with "(at line L, column C)".
    """

    code: str
    """The stable code of the problem, ``ND001`` to ``ND006`` (see docs/spec.md)."""
    msg: str
    """The message, without the position."""
    line: int
    """The 1-based line of the problem."""
    column: int
    """The 1-based column, counted in characters (code points, a BOM included)."""
    pos: int
    """The 0-based character offset in the decoded text."""
    source_line: str
    """The offending line, without its line break."""
    path: str | None
    """The file the input came from, when known (set by :func:`newsdoc.load`)."""
    omitted: int
    """For the error that ends a code's list when the per-file limit is
    reached: how many errors of the code it stands for (itself the first);
    0 for every other error."""

    def __init__(
        self,
        code: str,
        msg: str,
        *,
        line: int,
        column: int,
        pos: int,
        source_line: str = "",
        path: str | None = None,
        omitted: int = 0,
    ) -> None:
        super().__init__(f"{msg} (at line {line}, column {column})")
        self.code = code
        self.msg = msg
        self.line = line
        self.column = column
        self.pos = pos
        self.source_line = source_line
        self.path = path
        self.omitted = omitted

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments do not survive the default exception pickling.
        return (_rebuild, (self.code, self.msg, self.__dict__.copy()))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.msg} (at line {self.line}, column {self.column})"

    def __repr__(self) -> str:
        return (
            f"ParseError({self.code!r}, {self.msg!r}, line={self.line}, "
            f"column={self.column}, pos={self.pos})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParseError):
            return NotImplemented
        return (self.code, self.msg, self.line, self.column, self.pos, self.path) == (
            other.code,
            other.msg,
            other.line,
            other.column,
            other.pos,
            other.path,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.line, self.column, self.pos))


def _rebuild(code: str, msg: str, state: dict[str, Any]) -> ParseError:
    error = ParseError(
        code,
        msg,
        line=state["line"],
        column=state["column"],
        pos=state["pos"],
        source_line=state["source_line"],
        path=state["path"],
        omitted=state.get("omitted", 0),
    )
    error.__dict__.update(state)
    return error


class DocumentError(ValueError):
    """JSON data is not a valid newsdoc document.

    ``problems`` lists every problem found as ``(json_path, message)``
    pairs, the path in JSONPath form (``$`` is the document, ``$.body[2]``
    its third paragraph).  ``str(error)`` joins them.
    """

    problems: tuple[tuple[str, str], ...]
    """Every problem found, as ``(json_path, message)`` pairs, in document order."""

    def __init__(self, problems: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        return (DocumentError, (self.problems,))


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""
