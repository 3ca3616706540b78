"""What a file holds, by its first bytes: compressed data, an archive, a binary format, or text.

newsdoc reads dumps compressed with gzip, bzip2 or xz (the standard library)
and zstd (the optional ``zstandard`` package, or ``compression.zstd`` where
Python has it) whatever their names: :func:`unpack` decompresses by the
first bytes, within the size limit, and gives the dump's bytes.  Archives
are opened by the finder, member by member (:mod:`newsdoc.io.archives`);
any other binary format that its first bytes name (Parquet, PDF, images,
executables...) is refused with one message that names it
(:func:`binary_kind`), instead of one error per character.

The compressors are imported only when a file needs them.
"""

from __future__ import annotations

import io
import sys
from typing import IO, Any, Final, cast

from .errors import InputError

__all__ = [
    "ARCHIVE_SUFFIXES",
    "COMPRESSED_SUFFIXES",
    "GZIP",
    "ZSTD",
    "archive_format",
    "binary_kind",
    "compress",
    "compression",
    "decompressing",
    "read_limited",
    "strip_compression",
    "too_big",
    "unpack",
]

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
    header), and so are compressed data (for data still compressed after
    :func:`unpack`, which never happens to a file it could read).
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


def _zstd_reader(stream: Any, name: str) -> IO[bytes]:
    """A reader of zstd frames: ``compression.zstd`` (Python 3.14) or the zstandard package."""
    if sys.version_info >= (3, 14):  # pragma: no cover - the standard library's zstd
        from compression import zstd

        return cast(IO[bytes], zstd.ZstdFile(stream))
    try:
        import zstandard
    except ImportError:
        raise InputError(
            name, "zstd-compressed; reading it needs zstandard: pip install 'newsdoc[zstd]'"
        ) from None
    reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
    # Buffered, for reading a line at a time (JSON Lines): the reader reads blocks only.
    return cast(IO[bytes], io.BufferedReader(reader))


def decompressing(stream: Any, kind: str, name: str) -> IO[bytes]:
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
    return _zstd_reader(stream, name)


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

    Raises :class:`InputError` naming the file when the data cannot be
    decompressed, is larger than ``max_bytes`` once decompressed, or is a
    binary format newsdoc does not read (one message that names it).
    """
    kind = compression(data)
    if kind is not None:
        try:
            data = read_limited(
                decompressing(io.BytesIO(data), kind, name), max_bytes, name, " once decompressed"
            )
        except InputError:
            raise
        except (OSError, EOFError, ValueError) as error:  # gzip, bz2, lzma, zstd all say so
            raise InputError(name, f"cannot decompress ({kind}): {error}") from None
        except Exception as error:  # noqa: BLE001 - zstandard's own ZstdError
            raise InputError(name, f"cannot decompress ({kind}): {error}") from None
    found = binary_kind(data)
    if found is not None:
        raise InputError(name, f"{found} (by its first bytes), not a news dump; skipped")
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
