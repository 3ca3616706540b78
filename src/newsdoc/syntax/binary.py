"""Binary data by its first bytes: compressed data, archives and other formats that are not text.

A news dump is text; bytes that start as a compressed stream, an archive,
Parquet, a PDF, an image or an executable are named by their format
(:func:`compression`, :func:`binary_kind`), so that such a file gets one
message that says what it is instead of one error per character (the
diagnosis, :mod:`.diagnosis`).  :func:`decompressing` reads compressed data
(gzip, bzip2 and xz from the standard library; zstd from ``compression.zstd``
where Python has it, else the optional ``zstandard`` package), and
:func:`damage` says why compressed data does not decompress.  The
decompressors are imported only for data that needs them.
"""

from __future__ import annotations

import io
import sys
from typing import IO, Any, Final, cast

__all__ = [
    "BZIP2",
    "GZIP",
    "XZ",
    "ZSTD",
    "MissingDecompressorError",
    "binary_kind",
    "compression",
    "damage",
    "decompressing",
]


class MissingDecompressorError(Exception):
    """Data compressed in a way this Python cannot read without an optional package."""


GZIP: Final = "gzip"
BZIP2: Final = "bzip2"
XZ: Final = "xz"
ZSTD: Final = "zstd"

COMPRESSED_SUFFIXES: Final = {".gz": GZIP, ".bz2": BZIP2, ".xz": XZ, ".zst": ZSTD}
"""The suffixes of compressed files, and their compression."""

_MAGIC: Final = (
    (b"\x1f\x8b", GZIP),
    (b"BZh", BZIP2),
    (b"\xfd7zXZ\x00", XZ),
    (b"\x28\xb5\x2f\xfd", ZSTD),
)

_BINARY: Final = (
    (b"PK\x03\x04", "a Zip archive"),
    (b"PK\x05\x06", "a Zip archive (empty)"),
    (b"PAR1", "a Parquet file"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x04\x22\x4d\x18", "an LZ4-compressed file"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS\x00", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
)
_FIRST_BYTES: Final = frozenset(m[0] for m, _ in (*_MAGIC, *_BINARY)) | {ord("R"), 0}


def compression(data: bytes) -> str | None:
    """The compression that ``data`` starts with (``gzip``, ``bzip2``, ``xz``, ``zstd``), or None."""
    if not data or data[0] not in _FIRST_BYTES:
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            if name == BZIP2 and not (data[3:4].isdigit() and data[4:10] in _BZIP2_BLOCKS):
                continue
            return name
    return None


# A bzip2 stream: "BZh", the block size, then a block's or the end's magic number.
_BZIP2_BLOCKS: Final = (b"1AY&SY", b"\x17rE8P\x90")


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` is, by its first bytes (``"a PDF document"``), or None.

    Archives are named too (a tar archive by the ``ustar`` mark of its first
    header), and so are compressed data.
    """
    if len(data) > 262 and data[257:262] == b"ustar":
        return "a tar archive"
    if not data or data[0] not in _FIRST_BYTES:
        return None
    for magic, label in _BINARY:
        if data.startswith(magic):
            return label
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file"}.get(
            data[8:12], "an AVI video"
        )
    kind = compression(data)
    return None if kind is None else f"{kind}-compressed data"


def _zstd_reader(stream: Any) -> IO[bytes]:
    """A reader of zstd frames: ``compression.zstd`` (Python 3.14) or the zstandard package."""
    if sys.version_info >= (3, 14):  # pragma: no cover - the standard library's zstd
        from compression import zstd

        return cast(IO[bytes], zstd.ZstdFile(stream))
    try:
        import zstandard
    except ImportError:
        raise MissingDecompressorError(
            "zstd-compressed; reading it needs zstandard: pip install 'newsdoc[zstd]'"
        ) from None
    reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
    # Buffered, for reading a line at a time (JSON Lines): the reader reads blocks only.
    return cast(IO[bytes], io.BufferedReader(reader))


def decompressing(stream: Any, kind: str) -> IO[bytes]:
    """A file object that reads ``stream`` decompressed (``kind`` from :func:`compression`).

    (The readers of gzip, bz2 and lzma are binary files for every use
    newsdoc makes of them: read, readline, iteration, close.)
    """
    if kind == GZIP:
        import gzip

        return cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb"))
    if kind == BZIP2:
        import bz2

        return cast(IO[bytes], bz2.BZ2File(stream))
    if kind == XZ:
        import lzma

        return cast(IO[bytes], lzma.LZMAFile(stream))
    return _zstd_reader(stream)


def damage(data: bytes, kind: str) -> str | None:
    """Why ``data``, compressed as ``kind``, does not decompress to its end; None when it does.

    The output is read and dropped a block at a time, so memory stays
    small; None too when the decompressor is not installed (nothing can be
    said then).
    """
    try:
        stream = decompressing(io.BytesIO(data), kind)
        while stream.read(1 << 20):
            pass
    except MissingDecompressorError:
        return None
    except Exception as error:  # noqa: BLE001 - gzip, bz2, lzma and zstandard errors
        return " ".join(str(error).split()) or type(error).__name__
    return None
