"""Reading one input of the finder, whatever it is: the one reader of every command.

:func:`read_source` gives the bytes of a dump from a local file, standard
input, a URL or an archive's member, decompressed when compressed
(:func:`newsdoc.io.content.unpack`), within the size limit, or raises an
:class:`InputError` that names it (a binary file gets one message naming
its format).  :func:`open_source` gives a stream instead, for inputs read a
line at a time (JSON Lines).  ``format`` and ``check --fix``, which write
files back, use :func:`read_raw` and :func:`newsdoc.io.content.compression`
to write a compressed dump back in its compression.
"""

from __future__ import annotations

import io
import sys
from typing import IO, Any, cast

from .content import compression, decompressing, unpack
from .errors import InputError
from .finder import Source
from .paths import read_bytes, read_stdin
from .remote import open_url, read_url

__all__ = ["in_this_process", "open_source", "read_raw", "read_source"]


def read_raw(source: Source, max_bytes: int | None) -> bytes:
    """The bytes of an input as stored (still compressed), within the size limit."""
    if source.data is not None:
        return source.data
    if source.url is not None:
        return read_url(source.url, source.name, max_bytes)
    if source.path is None:
        return read_stdin(max_bytes)
    return read_bytes(source.path, max_bytes)


def read_source(source: Source, max_bytes: int | None) -> bytes:
    """The bytes of the dump an input holds: decompressed, within the size limit.

    Raises :class:`InputError` naming the input when it cannot be read, is
    too large (once decompressed, too), cannot be decompressed, or is a
    binary format newsdoc does not read.
    """
    return unpack(read_raw(source, max_bytes), source.name, max_bytes)


def open_source(source: Source) -> IO[bytes]:
    """A stream of an input's bytes, decompressed when compressed (for reading line by line)."""
    stream: IO[bytes]
    if source.data is not None:
        stream = io.BytesIO(source.data)
    elif source.url is not None:
        stream = open_url(source.url)
    elif source.path is None:
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(source.path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as error:
            raise InputError(source.name, f"cannot read: {error.strerror or error}") from None
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(cast(Any, stream))
    kind = compression(buffered.peek(10)[:10])
    if kind is None:
        return cast(IO[bytes], buffered)
    return cast(
        IO[bytes], io.BufferedReader(_Owning(decompressing(buffered, kind, source.name), buffered))
    )


class _Owning(io.RawIOBase):
    """A decompressing reader that closes the file it reads when it is closed."""

    def __init__(self, reader: IO[bytes], underlying: IO[bytes]) -> None:
        super().__init__()
        self.reader = reader
        self.underlying = underlying

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.reader.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                self.reader.close()
            finally:
                if self.underlying is not sys.stdin.buffer:
                    self.underlying.close()
        super().close()


def in_this_process(source: Source) -> bool:
    """Whether an input must be read in the main process: standard input, or fsspec's memory.

    (fsspec's ``memory://`` file system lives in one process; worker
    processes started any other way than by fork would not see it.)
    """
    return source.stdin or (source.url is not None and source.url.startswith("memory:"))
