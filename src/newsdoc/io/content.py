"""Compressed files and archives, by name and by their first bytes.

newsdoc reads dumps compressed with gzip, bzip2 or xz (the standard library)
and zstd (the optional ``zstandard`` package, or ``compression.zstd`` where
Python has it) whatever their names: :func:`unpack` decompresses by the
first bytes (:mod:`newsdoc.syntax.binary`), within the size limit.  Archives
are opened by the finder, member by member (:mod:`newsdoc.io.archives`).
Data that is not a dump (another binary format, compressed data that does
not decompress) is left as it is: the parser's diagnosis names it in one
``ND001`` message (:mod:`newsdoc.syntax.diagnosis`).

The compressors are imported only when a file needs them.
"""

from __future__ import annotations

import io
import sys
from typing import IO, Any, Final

from ..syntax.binary import (
    BZIP2,
    GZIP,
    XZ,
    MissingDecompressorError,
    compression,
)
from ..syntax.binary import decompressing as _decompressing
from .errors import InputError

__all__ = [
    "ARCHIVE_SUFFIXES",
    "COMPRESSED_SUFFIXES",
    "archive_format",
    "compress",
    "compression",
    "decompressing",
    "read_limited",
    "strip_compression",
    "too_big",
    "unpack",
]

COMPRESSED_SUFFIXES: Final = {".gz": GZIP, ".bz2": BZIP2, ".xz": XZ, ".zst": "zstd"}
"""The suffixes of compressed files, and their compression."""

ARCHIVE_SUFFIXES: Final = {
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
    ".tar.bz2": "tar",
    ".tbz2": "tar",
    ".tar.xz": "tar",
    ".txz": "tar",
    ".tar.zst": "tar",
    ".tzst": "tar",
    ".zip": "zip",
}
"""The names of the archives whose members newsdoc reads, and their format."""


def decompressing(stream: Any, kind: str, name: str) -> IO[bytes]:
    """A file object that reads ``stream`` decompressed; InputError naming ``name`` if it cannot."""
    try:
        return _decompressing(stream, kind)
    except MissingDecompressorError as error:
        raise InputError(name, str(error)) from None


def strip_compression(name: str) -> str:
    """``name`` without a compression suffix: ``a.jsonl.gz`` gives ``a.jsonl``."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def archive_format(name: str) -> str | None:
    """``tar`` or ``zip`` for a name that says it is an archive whose members newsdoc reads."""
    lower = name.lower()
    for suffix, kind in ARCHIVE_SUFFIXES.items():
        if lower.endswith(suffix):
            return kind
    return None


def too_big(max_bytes: int, what: str = "") -> str:
    """The message for an input over the size limit."""
    return (
        f"larger than the limit of {max_bytes:,} bytes{what}; "
        "skipped (raise it with --max-bytes, or 0 for no limit)"
    )


def read_limited(stream: IO[bytes], max_bytes: int | None, name: str, what: str = "") -> bytes:
    """Read ``stream`` to its end, never more than ``max_bytes + 1`` bytes; InputError beyond."""
    chunks = []
    total = 0
    limit = None if max_bytes is None else max_bytes + 1
    while limit is None or total < limit:
        chunk = stream.read(1 << 20 if limit is None else min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if max_bytes is not None and total > max_bytes:
        raise InputError(name, too_big(max_bytes, what))
    return b"".join(chunks)


def unpack(data: bytes, name: str, max_bytes: int | None) -> bytes:
    """The dump in ``data``: decompressed when it is compressed, within the size limit.

    Raises :class:`InputError` naming the file when it is larger than
    ``max_bytes`` once decompressed, or when its decompressor is not
    installed.  Compressed data that does not decompress is given back as
    it is, for the parser to name (one ``ND001``), as any binary data is.
    """
    kind = compression(data)
    if kind is None:
        return data
    try:
        return read_limited(
            decompressing(io.BytesIO(data), kind, name), max_bytes, name, " once decompressed"
        )
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - gzip, bz2, lzma, zstandard: damaged or truncated data
        return data


def compress(data: bytes, kind: str) -> bytes:
    """``data`` compressed as ``kind`` (for writing a compressed dump back the way it came)."""
    if kind == GZIP:
        import gzip

        return gzip.compress(data, mtime=0)
    if kind == BZIP2:
        import bz2

        return bz2.compress(data)
    if kind == XZ:
        import lzma

        return lzma.compress(data)
    if sys.version_info >= (3, 14):  # pragma: no cover - the standard library's zstd
        from compression import zstd

        done: bytes = zstd.compress(data)
        return done
    import zstandard

    compressed: bytes = zstandard.ZstdCompressor().compress(data)
    return compressed
