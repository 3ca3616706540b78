"""The conversion engine: convert each input, in order, in parallel.

``convert`` turns a stream of :class:`Input` (from the one finder,
:func:`newsdoc.io.finder.iter_sources`, through :func:`inputs`) into a
stream of :class:`Outcome`, one per document (or per input that failed),
in input order whatever the number of worker processes: dumps are parsed in
chunks by the process pool (:func:`newsdoc.io.pool.map_in_chunks`) with a
bounded number of chunks in flight, so
memory stays flat however many files there are; JSON inputs are read in
this process, one line at a time for JSON Lines.

Everything a worker needs is a module-level function with picklable
arguments, and the parser is built lazily in each process, so this runs the
same under the fork, forkserver and spawn start methods.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, Final, NamedTuple

from ..io.finder import DUMP, JSON, JSONL, PARQUET, STDIN, Source, SourceError, input_kind
from ..io.jobs import file_size
from ..io.paths import DEFAULT_MAX_BYTES, InputError
from ..io.pool import WorkerDied, WorkerError, map_in_chunks
from ..io.reading import in_this_process, open_source, read_file, read_source
from ..model.document import NewsDump, item_texts
from ..rules.signals import signals
from ..syntax.jsonform import SCHEMA, DocumentError, HugeInteger, read_document, to_dict
from ..syntax.parser import parse
from ..syntax.writer import dumps

__all__ = [
    "FAILED",
    "Input",
    "Options",
    "Outcome",
    "WorkerError",
    "convert",
    "convert_input",
    "inputs",
    "render",
]

FAILED: Final = "failed"
"""The kind of an input that cannot be read: its error is reported."""


class Input(NamedTuple):
    """One thing to convert: a file (or stdin), its kind, or why it cannot be used."""

    path: str
    """The file to read (``-`` for standard input)."""
    kind: str
    """``dump``, ``json``, ``jsonl``, ``parquet``, or ``failed``."""
    error: str = ""
    """For a failed input, the message naming it."""
    name: str = ""
    """The name messages and ``source`` give it, when not ``path``: the
    ``--stdin-filename`` of standard input, or a path with its undecodable
    bytes escaped."""
    source: Source | None = None
    """The finder's input (a URL, an archive's member...); None: the local file ``path``."""

    def found(self) -> Source:
        """The finder's input to read."""
        if self.source is not None:
            return self.source
        if self.path == STDIN:
            return Source(None, self.name or STDIN, STDIN)
        return Source(Path(self.path), self.name or self.path, self.path)


def inputs(sources: Iterable[Source | SourceError], wanted: str = "auto") -> Iterator[Input]:
    """The finder's inputs as conversion inputs, each with its kind.

    The kind is ``wanted``, or with ``auto`` the one the file's name (or
    standard input's ``--stdin-filename``) says: see :func:`input_kind`.
    """
    for source in sources:
        if isinstance(source, SourceError):
            yield Input(source.name, FAILED, str(source))
        elif source.stdin:
            yield Input(STDIN, input_kind(source.name, wanted), name=source.name)
        elif source.path is None:  # a URL, an archive's member
            yield Input(source.name, input_kind(source.name, wanted), source=source)
        else:
            path = str(source.path)
            name = "" if source.name == path else source.name
            yield Input(path, input_kind(path, wanted), name=name)


class Options(NamedTuple):
    """How to render each document; sent to the workers with every task."""

    to: str
    """``json``, ``jsonl``, ``text`` or ``parquet``."""
    positions: bool = False
    lossless: bool = False
    canonical: bool = False
    single: bool = False
    """JSON: a lone document is written as a bare object, without ``source``."""
    max_bytes: int | None = DEFAULT_MAX_BYTES
    """The size limit of one input file (None: no limit)."""
    signals: bool = False
    """JSON and Parquet: add the body's quality signals (:mod:`newsdoc.rules.signals`)."""


class Outcome(NamedTuple):
    """What became of one document, or of an input that gave none."""

    origin: str
    """The input it came from."""
    number: int | None
    """Its 1-based line (JSON Lines) or position (a JSON array) in the input."""
    source: str | None
    """The file the document came from (its ``source``), when known."""
    data: Any
    """The rendered document (bytes, or a row for Parquet), or None on failure."""
    problems: tuple[str, ...] = ()
    """Messages for the user, each naming the file and position."""
    status: int = 0
    """0 converted, 1 the input has problems, 2 it could not be read."""
    nested: bool = True
    """JSON: ``data`` is an element of an array (indented, with ``source``)."""


# --- rendering ---------------------------------------------------------------


def _source(path: str) -> str | None:
    if path == STDIN:
        return None
    return path if os.sep == "/" else path.replace(os.sep, "/")


def _escape_breaks(text: str) -> str:
    """Escape the characters that some line readers (and old JavaScript) take as line breaks.

    json.dumps escapes the C0 controls but not NEL, LINE SEPARATOR and
    PARAGRAPH SEPARATOR, which a text may hold; escaped, one document stays
    on one line for every JSON Lines reader.  (Testing for them first is 25
    times faster than replacing, and they are rare.)
    """
    if "\u0085" in text or "\u2028" in text or "\u2029" in text:
        for char in "\u0085\u2028\u2029":
            text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# The characters of a text that a JSON string cannot hold as they are: json.dumps
# escapes the quote, the backslash and the controls (TAB is the only one a
# text may hold), and _escape_breaks the three line breaks of Unicode.
_JSON_ESCAPED: Final = ("\\", "\t", "\u0085", "\u2028", "\u2029")
_JSONL_HEAD: Final = '{"schema":"' + SCHEMA + '",'


def _plain_jsonl(document: NewsDump, source: str | None) -> str | None:
    """The JSON line of a document's texts, or None when a text needs escaping.

    The same as ``_escape_breaks(json.dumps(to_dict(document, source=source),
    ensure_ascii=False, separators=(",", ":")))``, made by joining the texts:
    json's encoder looks at every character of every text, but a text that
    holds none of the characters JSON escapes (none of them, in most
    corpora) is its own JSON string between quotes, and ``in`` looks for a
    character many times faster.  ``tests/test_convert_fast.py`` checks that
    the two agree.
    """
    body, headlines = item_texts(document)  # without making a parsed document's items
    joined_body = '","'.join(body)
    joined_headlines = '","'.join(headlines)
    for joined, count in ((joined_body, len(body)), (joined_headlines, len(headlines))):
        if joined.count('"') != 2 * (count - 1):
            return None
        for char in _JSON_ESCAPED:
            if char in joined:
                return None
    head = _JSONL_HEAD
    if source is not None:
        head += '"source":' + _json_string(source) + ","
    return head + '"body":["' + joined_body + '"],"headlines":["' + joined_headlines + '"]}\n'


def _json_string(text: str) -> str:
    """``_escape_breaks(json.dumps(text, ensure_ascii=False))``, without json for a plain text."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'  # nothing to escape: no control, no line break of Unicode
    import json

    return _escape_breaks(json.dumps(text, ensure_ascii=False))


def render(document: NewsDump, source: str | None, options: Options, nested: bool) -> Any:
    """Render one document for ``options.to``: bytes, or a Parquet row.

    With ``options.signals``, the body's quality signals go under ``signals``.
    """
    to = options.to
    extra = options.signals
    if not extra and to == JSONL and not options.positions and not options.lossless:
        line = _plain_jsonl(document, source)
        if line is not None:
            return line.encode()
    if to == "text" and not extra:
        return dumps(document, canonical=options.canonical).encode("utf-8")
    if to == PARQUET:
        row = to_dict(
            document, source=source, positions=options.positions, lossless=options.lossless
        )
        del row["schema"]
        if extra:
            row["signals"] = signals(item_texts(document)[0])
        return row
    named = nested or to == JSONL
    data = to_dict(
        document,
        source=source if named else None,
        positions=options.positions,
        lossless=options.lossless,
    )
    if named and source is None and (options.positions or options.lossless):
        # Dense: every row of these forms has every key (see docs/json.md).
        data = {"schema": data.pop("schema"), "source": None, **data}
    if extra:
        data["signals"] = signals(item_texts(document)[0])
    import json

    if to == JSONL:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return (_escape_breaks(text) + "\n").encode()
    text = _escape_breaks(json.dumps(data, ensure_ascii=False, indent=2))
    if nested:
        text = "  " + text.replace("\n", "\n  ")
    return text.encode()


# --- converting one input ----------------------------------------------------


def convert_dump(options: Options, item: Input) -> Outcome:
    """Read and convert one dump; never raises for a bad file."""
    name = item.name or item.path
    try:
        if item.source is None and item.path != STDIN:  # a local file: most inputs
            data = read_file(item.path, name, options.max_bytes)
        else:
            data = read_source(item.found(), options.max_bytes)
    except InputError as error:
        return Outcome(name, None, None, None, (str(error),), 2)
    result = parse(data)
    source = _source(name)
    if result.errors or result.document is None:
        problems = tuple(f"{name}:{e.line}:{e.column}: {e.code} {e.msg}" for e in result.errors)
        return Outcome(name, None, source, None, problems, 1)
    nested = not options.single
    return Outcome(
        name, None, source, render(result.document, source, options, nested), (), 0, nested
    )


def _document(
    options: Options, path: str, number: int | None, value: Any, where: str, root: str = "$"
) -> Outcome:
    """Convert one JSON value; ``where`` and ``root`` say where it is in the input."""
    nested = number is not None or not options.single
    try:
        document, source = read_document(value)
    except DocumentError as error:
        problems = tuple(
            f"{where}: {root}{jpath[1:]}: {message}" for jpath, message in error.problems
        )
        return Outcome(path, number, None, None, problems, 1)
    return Outcome(path, number, source, render(document, source, options, nested), (), 0, nested)


class _TooDeepError(ValueError):
    """JSON nested deeper than Python's recursion limit."""


def _loads(data: bytes, encoding: str) -> Any:
    import json

    try:
        return json.loads(data.decode(encoding), parse_int=_integer)
    except RecursionError:
        raise _TooDeepError("nested too deeply") from None


def _integer(digits: str) -> Any:
    """A JSON integer; one too long for ``int()`` (4,300 digits) becomes a value that names it.

    The document reader then reports it where it is, like any value of the
    wrong kind, instead of the whole file failing.
    """
    if len(digits) <= _MAX_DIGITS:
        return int(digits)
    return HugeInteger(len(digits.lstrip("-")))


_MAX_DIGITS: Final = 4000


def _json_error(where: str, error: ValueError, data: bytes) -> str:
    """``where:line:column: message`` for JSON that cannot be read."""
    if isinstance(error, _TooDeepError):
        return f"{where}:1:1: invalid JSON: nested too deeply"
    if isinstance(error, UnicodeDecodeError):
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        bad = data[error.start : error.end].hex().upper()
        return f"{where}:{line}:{column}: invalid UTF-8: byte 0x{bad} cannot be decoded"
    import json

    if isinstance(error, json.JSONDecodeError):
        return f"{where}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
    return f"{where}:1:1: invalid JSON: {' '.join(str(error).split())}"  # no position known


def convert_json(options: Options, item: Input) -> Iterator[Outcome]:
    """Read one JSON file: one document, or an array of them."""
    name = item.name or item.path
    try:
        if item.source is None and item.path != STDIN:  # a local file: most inputs
            data = read_file(item.path, name, options.max_bytes)
        else:
            data = read_source(item.found(), options.max_bytes)
    except InputError as error:
        yield Outcome(name, None, None, None, (str(error),), 2)
        return
    try:
        value = _loads(data, "utf-8-sig")
    except ValueError as error:
        message = _json_error(name, error, data)
        if "Extra data" in message:
            message += " (JSON Lines? name the file *.jsonl or use --from jsonl)"
        yield Outcome(name, None, None, None, (message,), 1)
        return
    if not isinstance(value, list):
        yield _document(options, name, None, value, name)
        return
    for index, item in enumerate(value, 1):
        yield _document(options, name, index, item, name, f"$[{index - 1}]")


def convert_jsonl(options: Options, item: Input) -> Iterator[Outcome]:
    """Read a JSON Lines file one line at a time: one document per non-blank line."""
    name = item.name or item.path
    source = item.found()
    try:
        lines = open_source(source)
    except InputError as error:
        yield Outcome(name, None, None, None, (str(error),), 2)
        return
    try:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                value = _loads(raw, "utf-8-sig" if number == 1 else "utf-8")
            except ValueError as error:
                message = _json_error(name, error, raw)
                # The error's line is 1 within this line of the file.
                message = message.replace(f"{name}:1:", f"{name}:{number}:", 1)
                yield Outcome(name, number, None, None, (message,), 1)
                continue
            yield _document(options, name, number, value, f"{name}:{number}")
    except OSError as error:
        yield Outcome(
            name, None, None, None, (f"{name}: cannot read: {error.strerror or error}",), 2
        )
    finally:
        if not source.stdin:
            lines.close()


def convert_parquet(options: Options, item: Input) -> Iterator[Outcome]:
    """Read a Parquet file of newsdoc documents a batch of rows at a time."""
    from .parquet import ParquetError, iter_rows

    name = item.name or item.path
    source = item.found()
    if source.stdin:
        yield Outcome(name, None, None, None, (f"{name}: Parquet cannot be read from stdin",), 2)
        return
    number = 0
    try:
        with open_source(source) as stream:
            for number, row in enumerate(iter_rows(stream, name), 1):
                yield _document(options, name, number, row, f"{name}:row {number}")
    except ParquetError as error:
        yield Outcome(name, None, None, None, (f"{name}: {error}",), 1)
    except InputError as error:
        yield Outcome(name, None, None, None, (str(error),), 2)
    except Exception as error:  # noqa: BLE001 - pyarrow's errors: not Parquet, damaged
        where = f"{name}: after row {number}" if number else name
        message = " ".join(str(error).split())
        yield Outcome(name, None, None, None, (f"{where}: cannot read Parquet: {message}",), 2)


# --- the stream of outcomes --------------------------------------------------


def convert_input(options: Options, item: Input) -> Iterable[Outcome]:
    """The outcomes of one input: the task a worker process runs for each dump.

    A dump gives one outcome; a JSON file one per document, and a JSON
    Lines file one per line, read lazily (in this process).
    """
    if item.kind == DUMP:
        return (convert_dump(options, item),)
    if item.kind == JSON:
        return convert_json(options, item)
    if item.kind == JSONL:
        return convert_jsonl(options, item)
    if item.kind == PARQUET:
        return convert_parquet(options, item)
    return (Outcome(item.path, None, None, None, (item.error,), 2),)


def _here(item: Input) -> bool:
    """Standard input and JSON inputs are read in this process (JSON Lines one line at a time)."""
    if item.kind != DUMP:
        return True
    if item.source is None:  # a local file, or standard input (no Source made to tell)
        return item.path == STDIN
    return in_this_process(item.source)


def _size(item: Input) -> int:
    """The bytes of a dump to convert in a worker (0 for what is read here)."""
    return 0 if _here(item) else file_size(item.path)


def _warm() -> None:
    # Build the parser once here: forked workers inherit it instead of
    # each importing lark and loading the parser again (about 70 ms).
    parse("a\n\nb\n")


def convert(
    inputs: Iterable[Input], options: Options, jobs: int | None = 1
) -> Generator[Outcome, None, None]:
    """Convert every input, yielding outcomes in input order.

    With ``jobs`` > 1 and at least :data:`newsdoc.io.jobs.PARALLEL_MIN`
    dumps, or with ``jobs`` None (one per core) and enough work
    (:func:`newsdoc.io.jobs.plan`), dumps are parsed by worker processes;
    the outcomes are the same, in the same order, as with one.
    """
    for item, outcomes in map_in_chunks(
        convert_input,
        options,
        inputs,
        jobs,
        local=_here,
        warm=_warm,
        discards_output=True,
        size=_size,
    ):
        if isinstance(outcomes, WorkerDied):  # an error of this input; the others go on
            name = item.name or item.path
            yield Outcome(name, None, None, None, (outcomes.message(name),), 2)
        else:
            yield from outcomes
