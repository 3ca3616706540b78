"""Naming the likely encoding of a file that is not UTF-8."""

from __future__ import annotations

from typing import Final

__all__ = ["WIDE_ENCODINGS", "sniff"]

_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with a byte order mark)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with a byte order mark)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with a byte order mark)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with a byte order mark)"),
)
WIDE_ENCODINGS: Final = ("UTF-16", "UTF-32")
_SAMPLE: Final = 4096


def sniff(data: bytes) -> str | None:
    """Guess the encoding of ``data`` when it is not UTF-8; None when there is no good guess.

    UTF-16 and UTF-32 are recognised by their byte order mark or, without
    one, by the zero bytes that mostly-ASCII text has in them.  Text with
    undecodable bytes that are mostly letters of the Latin-1 range is
    reported as Latin-1 or Windows-1252.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:_SAMPLE]
    if len(head) >= 8 and head.count(0) * 4 >= len(head):
        quads = [head[i::4].count(0) for i in range(4)]
        pairs = [head[i::2].count(0) for i in range(2)]
        fourth = len(head) // 4
        if quads[1] >= fourth * 0.9 and quads[2] >= fourth * 0.9:
            return "UTF-32 (little-endian)" if quads[3] >= fourth * 0.9 else "UTF-32 (big-endian)"
        half = len(head) // 2
        if pairs[1] >= half * 0.6 and pairs[0] < half * 0.2:
            return "UTF-16 (little-endian)"
        if pairs[0] >= half * 0.6 and pairs[1] < half * 0.2:
            return "UTF-16 (big-endian)"
    high = [b for b in head if b >= 0x80]
    if high and _is_latin(head):
        return "Latin-1 or Windows-1252"
    return None


def _is_latin(head: bytes) -> bool:
    decoded = head.decode("utf-8", "surrogateescape")
    if not any("\udc80" <= c <= "\udcff" for c in decoded):
        return False  # valid UTF-8
    if any("\u0080" <= c < "\ud800" or c > "\udfff" for c in decoded):
        return False  # it has valid multi-byte UTF-8 too: UTF-8 with damage, not Latin-1
    if b"\xfe" in head or b"\xff" in head:
        return False  # bytes a Latin text hardly ever has, but binary data does
    text = head.decode("cp1252", errors="replace")
    accented = sum(
        1 for c in text if "\u00c0" <= c <= "\u00ff" or c in "\u2018\u2019\u201c\u201d\u2013\u2014"
    )
    high = sum(1 for b in head if b >= 0x80)
    return accented * 2 >= high
