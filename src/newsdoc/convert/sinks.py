"""Where converted documents go: a JSON document or array, JSON Lines, text, Parquet.

Each sink takes the outcomes of :func:`newsdoc.convert.engine.convert` that hold
a document, in order, and writes them as they come, so memory stays flat.
``close()`` finishes the output and says whether it is worth keeping.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Final

from ..io.files import atomic_write
from .engine import Outcome
from .parquet import arrow_schema, record_batch

__all__ = ["FolderSink", "JSONLinesSink", "JSONSink", "ParquetSink", "Sink", "TextSink"]

PARQUET_BATCH: Final = 4096
"""Rows per Parquet row group."""


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
    """One compact JSON object per line."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        self.stream.write(outcome.data)
        return None


class TextSink(Sink):
    """One document as text, to a stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.written = False

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        if self.written:
            return (
                f"{outcome.origin}: holds several documents; write them to a folder with -o FOLDER"
            )
        self.stream.write(outcome.data)
        self.written = True
        return None

    def close(self) -> bool:
        """See :meth:`Sink.close`."""
        return self.written


def text_name(outcome: Outcome) -> PurePosixPath | None:
    """The relative path a document is written to in a folder, or None if it has none.

    A document's ``source`` is used, without its root; a document without
    one is named after its input: ``data.json`` gives ``data.txt``, and
    the document on line 3 of ``data.jsonl`` gives ``data-3.txt``.
    """
    if outcome.source is not None:
        path = PurePosixPath(outcome.source)
    else:
        origin = PurePosixPath(outcome.origin.replace(os.sep, "/"))
        suffix = "" if outcome.number is None else f"-{outcome.number}"
        path = origin.with_name(f"{origin.stem}{suffix}.txt")
    parts = [part for part in path.parts if part not in ("/", ".")]
    if not parts or ".." in parts:
        return None
    return PurePosixPath(*parts)


class FolderSink(Sink):
    """Each document as a text file of its own under a folder, written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[PurePosixPath, str] = {}

    def write(self, outcome: Outcome) -> str | None:
        """See :meth:`Sink.write`."""
        where = outcome.origin if outcome.number is None else f"{outcome.origin}:{outcome.number}"
        name = text_name(outcome)
        if name is None:
            return f"{where}: source {outcome.source!r} cannot be placed under {self.folder}"
        if name in self.names:
            return f"{where}: {self.folder / name} was already written from {self.names[name]}"
        self.names[name] = where
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as file:
            file.write(outcome.data)
        return None


class ParquetSink(Sink):
    """A Parquet table, one row per document, in the schema of :mod:`newsdoc.convert.parquet`."""

    def __init__(self, stream: BinaryIO, positions: bool = False, lossless: bool = False) -> None:
        import pyarrow.parquet as pq

        self.schema = arrow_schema(positions, lossless)
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
