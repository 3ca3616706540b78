"""Where converted documents go: a JSON document or array, JSON Lines, text, Parquet.

Each sink takes the outcomes of :func:`newsdoc.convert.engine.convert` that hold
a document, in order, and writes them as they come, so memory stays flat.
``close()`` finishes the output and says whether it is worth keeping.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Final

from ..io.files import atomic_write
from .engine import Outcome
from .parquet import arrow_schema, record_batch

__all__ = [
    "FolderSink",
    "JSONLinesSink",
    "JSONSink",
    "ParquetSink",
    "Sink",
    "SinkError",
    "TextSink",
]

PARQUET_BATCH: Final = 4096
"""Rows per Parquet row group."""

FLUSH_AT: Final = 1 << 16
"""Bytes of JSON Lines gathered before they are written."""


class Sink:
    """Writes rendered documents; subclasses say how."""

    def write(self, outcome: Outcome) -> str | None:
        """Write one document; return a message if it could not be written."""
        raise NotImplementedError

    def close(self) -> bool:
        """Finish the output; False when there is nothing worth keeping."""
        return True


class JSONSink(Sink):
    """One JSON document, or an array of them, written element by element."""

    def __init__(self, stream: BinaryIO, single: bool) -> None:
        self.stream = stream
        self.single = single
        self.count = 0
        self.bare = False

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        if self.bare:
            return f"{outcome.origin}: holds several documents; convert it with --to jsonl"
        if self.count == 0:
            if self.single and not outcome.nested:
                self.bare = True
                self.stream.write(outcome.data)
            else:
                self.stream.write(b"[\n" + outcome.data)
        else:
            self.stream.write(b",\n" + outcome.data)
        self.count += 1
        return None

    def close(self) -> bool:
        """See :meth:`Sink.close`."""
        if self.bare:
            self.stream.write(b"\n")
        elif self.count:
            self.stream.write(b"\n]\n")
        elif self.single:
            return False  # the one input failed: write nothing
        else:
            self.stream.write(b"[]\n")
        return True


class JSONLinesSink(Sink):
    """One compact JSON object per line, written :data:`FLUSH_AT` bytes at a time.

    The lines are gathered here rather than left to the stream's buffer:
    with ``python -u`` or ``PYTHONUNBUFFERED`` set (as in many container
    images), standard output has none, and a write per document was a
    system call per document.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.pending: list[bytes] = []
        self.size = 0

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        self.pending.append(outcome.data)
        self.size += len(outcome.data)
        if self.size >= FLUSH_AT:
            self.flush()
        return None

    def flush(self) -> None:
        """Write the lines gathered so far."""
        if self.pending:
            self.stream.write(b"".join(self.pending))
            self.pending.clear()
            self.size = 0

    def close(self) -> bool:
        """See :meth:`Sink.close`."""
        self.flush()
        return True


class SinkError(Exception):
    """The output cannot be written at all: the run stops with this one message (exit 2)."""


class TextSink(Sink):
    """One document as text, to a stream or a file.

    The first document is held until the end: when a second one comes, the
    documents go to a folder of that name (``-o OUT``, created when
    missing), or, without ``-o``, the run stops with one message and prints
    nothing.
    """

    def __init__(
        self, stream: BinaryIO | None, output: Path | None = None, strip_prefix: str | None = None
    ) -> None:
        self.stream = stream
        self.output = output
        self.strip_prefix = strip_prefix
        self.first: Outcome | None = None
        self.folder: FolderSink | None = None

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        if self.folder is not None:
            return self.folder.write(outcome)
        if self.first is None:
            self.first = outcome
            return None
        if self.output is None:
            raise SinkError(
                f"{outcome.origin}: holds several documents; converting several documents "
                "to text needs -o FOLDER"
            )
        if self.output.exists() and not self.output.is_dir():
            raise SinkError(
                f"{self.output}: is a file, and several documents go to a folder: -o FOLDER/"
            )
        self.folder = FolderSink(self.output, self.strip_prefix)
        first = self.folder.write(self.first)
        second = self.folder.write(outcome)
        return first or second

    def close(self) -> bool:
        """See :meth:`Sink.close`: the one document is written now (a file: atomically)."""
        if self.folder is not None or self.first is None:
            return self.first is not None
        if self.stream is not None:
            self.stream.write(self.first.data)
            return True
        assert self.output is not None
        try:
            with atomic_write(self.output) as file:
                file.write(self.first.data)
        except OSError as error:
            raise SinkError(f"{self.output}: cannot write: {error.strerror or error}") from None
        return True


def text_name(outcome: Outcome, strip_prefix: str | None = None) -> PurePosixPath | None:
    """The relative path a document is written to in a folder, or None if it has none.

    A document's ``source`` is used: without ``strip_prefix`` (a folder,
    or an archive's name and ``:``) when it starts with it, then without its root (``/``) and the
    ``..`` that start it, once normalised (``/data/a.txt`` gives
    ``data/a.txt``, ``../corpus/a.txt`` gives ``corpus/a.txt``).  A
    document without one is named after its input: ``data.json`` gives
    ``data.txt``, and the document on line 3 of ``data.jsonl`` gives
    ``data-3.txt``.
    """
    if outcome.source is not None:
        source = posixpath.normpath(outcome.source)
        if strip_prefix:
            prefix = strip_prefix.replace(os.sep, "/")
            if not prefix.endswith(("/", ":")):  # a folder, or an archive's "name:"
                prefix = posixpath.normpath(prefix) + "/"
            if source.startswith(prefix):
                source = source[len(prefix) :]
        path = PurePosixPath(source)
    else:
        origin = PurePosixPath(outcome.origin.replace(os.sep, "/"))
        suffix = "" if outcome.number is None else f"-{outcome.number}"
        path = origin.with_name(f"{origin.stem}{suffix}.txt")
    parts = [part for part in path.parts if part not in ("/", ".")]
    while parts and parts[0] == "..":
        parts.pop(0)
    if not parts or ".." in parts:
        return None
    return PurePosixPath(*parts)


class FolderSink(Sink):
    """Each document as a text file of its own under a folder (created when missing), atomically."""

    def __init__(self, folder: Path, strip_prefix: str | None = None) -> None:
        self.folder = folder
        self.strip_prefix = strip_prefix
        self.names: dict[PurePosixPath, str] = {}

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`; a folder that cannot be written stops the run (SinkError)."""
        where = outcome.origin if outcome.number is None else f"{outcome.origin}:{outcome.number}"
        name = text_name(outcome, self.strip_prefix)
        if name is None:
            return f"{where}: source {outcome.source!r} cannot be placed under {self.folder}"
        if name in self.names:
            return f"{where}: {self.folder / name} was already written from {self.names[name]}"
        self.names[name] = where
        target = self.folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(target) as file:
                file.write(outcome.data)
        except FileExistsError as error:
            raise SinkError(
                f"{error.filename or target.parent}: is a file, not a folder: cannot write {target}"
            ) from None
        except OSError as error:
            where_ = error.filename or target
            raise SinkError(f"{where_}: cannot write: {error.strerror or error}") from None
        return None


class ParquetSink(Sink):
    """A Parquet table, one row per document, in the schema of :mod:`newsdoc.convert.parquet`."""

    def __init__(
        self,
        stream: BinaryIO,
        positions: bool = False,
        lossless: bool = False,
        signals: bool = False,
    ) -> None:
        import pyarrow.parquet as pq

        self.schema = arrow_schema(positions, lossless, signals)
        self.writer = pq.ParquetWriter(stream, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        self.rows.append(outcome.data)
        if len(self.rows) >= PARQUET_BATCH:
            self._flush()
        return None

    def _flush(self) -> None:
        if not self.rows:
            return
        self.writer.write_batch(record_batch(self.rows, self.schema))
        self.rows = []

    def close(self) -> bool:
        """See :meth:`Sink.close`."""
        self._flush()
        self.writer.close()
        return True
