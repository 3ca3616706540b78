"""The per-file half of the corpus rules: a small signature of each dump, made where it is read.

The corpus rules (``ND301``-``ND303``, :mod:`.corpus`) compare files with
each other, so their check cannot run on one file: each file's check only
computes its :class:`Signature` (in the worker process that reads it), and
:mod:`.merge` compares the signatures in the main process, after or as the
files come back.  A signature holds hashes, never text (but the first body
line, cut short, to show where a finding is):

* the **canonical body hash**: 8 bytes (length and CRC-32) of the body's
  paragraphs with their runs of spaces and tabs collapsed; two dumps with the same one are exact
  duplicates (their headline lists may differ);
* a **MinHash** of the body's word triples (:func:`minhash`): 64 minima of
  32-bit hashes, 256 bytes, from which :mod:`.merge` estimates the share of
  triples two bodies have in common (their Jaccard similarity);
* the **line hashes**: 8 bytes for each distinct body or headline line that
  holds a letter (runs of spaces and tabs collapsed, lowercased: its length
  and CRC-32), and the number of the line where it first occurs, in line
  order.

:func:`sign` makes the parts a file's enabled rules need in one pass: the
body is joined, collapsed, lowercased and encoded once for all three.

The word triples (shingles) are tiled: each paragraph, lowercased and split
at whitespace, is cut into consecutive triples of words (a last one or two
words are left out), so that the words are hashed a third as often as with
overlapping shingles.  A replaced word changes one triple, a paragraph moved
changes none; a word inserted or deleted changes the triples after it in its
paragraph.

MinHash here is one-permutation hashing (Li, Owen and Zhang, "One
Permutation Hashing", NIPS 2012): each triple is hashed once (CRC-32 of its
UTF-8 bytes, at C speed), the top 6 bits pick one of 64 bins and each bin
keeps its smallest hash.  The similarity estimate counts equal bins among
the bins that are not empty in both (their estimator), so short bodies need
no densification.  Everything per triple runs in C (one ``findall`` cuts
every triple of the body's bytes, then ``map``, ``crc32`` and one sort): 64
hash permutations in Python would cost about 20
times more, and datasketch's MinHash (NumPy) costs more per file than this
on news-sized bodies (measured: docs/corpus.md); no dependency is needed.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import compress, repeat
from operator import lshift, ne, not_, or_, rshift
from typing import Final, NamedTuple
from zlib import crc32

from ..model.speed import LazyPattern

__all__ = [
    "BINS",
    "EMPTY",
    "MIN_SHINGLES",
    "SHINGLE",
    "BodySign",
    "LineSign",
    "Signature",
    "lowered",
    "minhash",
    "sign",
    "similarity",
    "similarity_of",
]

BINS: Final = 64
"""MinHash bins (one 32-bit minimum each)."""
_SHIFT: Final = 32 - 6
"""The bin of a 32-bit hash is its top 6 bits."""
EMPTY: Final = 0xFFFFFFFF
"""The value of a bin no shingle fell in (no CRC-32 value in a bin reaches it but the last's)."""
SHINGLE: Final = 3
"""Words per shingle (tiled: shingles never overlap, nor cross a paragraph's end)."""
MIN_SHINGLES: Final = 8
"""Bodies with fewer distinct shingles get no MinHash: too short to call near duplicates."""
_SIZE: Final = BINS * 4
"""Bytes of a MinHash."""
EXCERPT: Final = 200
"""Characters of the first body line kept to show where a duplicate is reported."""

_ENCODE: Final = partial(str.encode, encoding="utf-8", errors="surrogatepass")
_SPACES: Final = LazyPattern(r"[ \t]{2,}|\t")
_LETTER: Final = LazyPattern(r"[^\W\d_]")
_TRIPLES: Final = LazyPattern(rb"\S++[^\S\n]++\S++[^\S\n]++\S++")
"""Three words (runs of non-whitespace bytes) of one line: the tiled shingles, by ``findall``.
(Possessive: a word and a space never share a byte, so giving a byte back never helps.)"""
_SPACED_TRIPLES: Final = LazyPattern(rb"\S++ \S++ \S++")
"""The same, for a text whose only whitespace is single spaces and line breaks (faster)."""
_ODD_WHITESPACE: Final = (b"\r", b"\x0b", b"\x0c")
"""The bytes ``\\s`` matches besides the space, the tab and the line break."""
_ASCII: Final = bytes(range(128))
_ASCII_LOWER: Final = bytes(range(ord("a"), ord("z") + 1))
_INTERLEAVED: Final = (
    sys.byteorder == "little" and array("I").itemsize == 4 and array("Q").itemsize == 8
)
"""Whether an ``array("Q")`` is two ``array("I")`` items side by side, the low one first."""
_BIN_NUMBERS: Final = range(BINS)
_EMPTY_BINS: Final = array("I", [EMPTY]) * BINS
_ALL_EMPTY: Final = int.from_bytes(_EMPTY_BINS.tobytes(), "little")
_LOW_BITS: Final = int.from_bytes(array("I", [0x7FFFFFFF]).tobytes() * BINS, "little")
_TOP_BITS: Final = int.from_bytes(array("I", [0x80000000]).tobytes() * BINS, "little")


class BodySign(NamedTuple):
    """What the duplicate rules need of a file: its body's hash and MinHash."""

    body: int
    """The canonical body hash (0 for a dump without body words)."""
    line: int
    """The line number (from 1) of the first body line."""
    excerpt: str
    """The first body line, cut to :data:`EXCERPT` characters."""
    minhash: bytes
    """:data:`BINS` 32-bit minima (native byte order), or empty for a short body."""


class LineSign(NamedTuple):
    """What the repeated-line rule needs of a file: its lines' hashes and where they are."""

    hashes: bytes
    """``array("Q")`` of the hashes of the file's distinct lines (see :func:`line_sign`)."""
    numbers: bytes
    """``array("I")`` of the line numbers (from 1) where each first occurs."""


class Signature(NamedTuple):
    """A file's signature: the parts its enabled corpus rules need (None for the others)."""

    body: BodySign | None
    lines: LineSign | None
    codes: frozenset[str]
    """The codes checked in this file (its per-file ignores applied)."""


def _hash64(data: bytes) -> int:
    """A 64-bit hash of some bytes: their length and CRC-32 (C speed; enough to tell lines apart)."""
    return len(data) << 32 | crc32(data)


def minhash(paragraphs: Sequence[str]) -> bytes:
    """The one-permutation MinHash of the body's word triples, or b"" when it is too short."""
    canon = "\n".join(paragraphs)
    if "  " in canon or "\t" in canon:
        canon = _SPACES.sub(" ", canon)
    return _minhash(lowered(canon, _ENCODE(canon)))


def lowered(text: str, encoded: bytes) -> bytes:
    """``text.lower()`` in UTF-8, from ``encoded`` (the UTF-8 of ``text``) when the bytes can give it.

    ``str.lower`` of a text past ASCII (most news text: it has curly quotes)
    looks every character up; ``bytes.lower`` of its UTF-8 lowers the ASCII
    letters in C and leaves the rest as it is.  The two agree unless a
    character past ASCII is changed by ``str.lower`` (É, Σ, the Kelvin sign):
    those characters alone, cut out of the bytes with one ``translate``, are
    lowered to see, and the text is lowered the plain way if one is.
    """
    if not text.isascii():
        rest = encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        if rest.lower() != rest:
            return _ENCODE(text.lower())
    return encoded.lower()


def _minhash(encoded: bytes, end: int | None = None) -> bytes:
    """The MinHash of a lowercased body (UTF-8, runs of spaces and tabs collapsed; up to ``end``).

    The tiled triples of each line come from one ``findall`` (words are runs
    of non-whitespace bytes, as ``bytes.split`` cuts them; where the only
    whitespace is single spaces and line breaks, the simpler pattern of
    :data:`_SPACED_TRIPLES` cuts the same).  Their hashes, sorted from the
    largest down, are keyed by their bin in a dict, each over the last (in
    C), so that each bin ends with its smallest; the bins are read out of it
    with ``dict.get`` mapped over them.  (Built-in functions, not method
    wrappers such as ``int.__rrshift__``, are mapped: those cost several
    times more per call.)
    """
    stop = len(encoded) if end is None else end
    odd = any(map(encoded.__contains__, _ODD_WHITESPACE))
    triples = (_TRIPLES if odd else _SPACED_TRIPLES).findall(encoded, 0, stop)
    values = sorted(map(crc32, triples), reverse=True)
    if len(values) < MIN_SHINGLES:
        return b""
    # Each bin and its hashes from the largest down: the dict keeps the last, its smallest.
    smallest = dict(zip(map(rshift, values, repeat(_SHIFT)), values, strict=True))
    # Fewer than MIN_SHINGLES bins filled: count the distinct hashes (a triple may repeat).
    if len(smallest) < MIN_SHINGLES and len(set(values)) < MIN_SHINGLES:
        return b""
    return array("I", map(smallest.get, _BIN_NUMBERS, repeat(EMPTY))).tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two MinHashes (the bins empty in both left out).

    The bins are compared 32 bits at a time in C: the XOR of the two is 0 in
    the bins that are equal, their AND is :data:`EMPTY` in those empty in both.
    """
    return similarity_of(int.from_bytes(first, "little"), int.from_bytes(second, "little"))


def similarity_of(a: int, b: int) -> float:
    """:func:`similarity` of two MinHashes read as little-endian ints (as the merge keeps them).

    The bins are counted without leaving the ints (SWAR): a 32-bit lane of
    ``x`` is not 0 exactly when its top bit or the carry of its low 31 bits
    plus ``0x7FFFFFFF`` is set, so one ``bit_count`` counts the lanes that are not.
    """
    equal = BINS - _nonzero_lanes(a ^ b)
    empty = BINS - _nonzero_lanes((a & b) ^ _ALL_EMPTY)
    counted = BINS - empty
    return (equal - empty) / counted if counted else 0.0


def _nonzero_lanes(x: int) -> int:
    """How many of the :data:`BINS` 32-bit lanes of ``x`` are not 0."""
    return ((((x & _LOW_BITS) + _LOW_BITS) | x) & _TOP_BITS).bit_count()


def _letter_flags(block: str, lower: bytes, keys: list[bytes], blank: int | None) -> list[object]:
    """Whether each line (``keys``, the blank line ``blank`` left out) holds a letter.

    A line with an ASCII letter (lowercased in ``lower``) holds one: the
    bytes without those letters (one ``translate``) are shorter there.  Only
    the other lines are searched for a letter, as text (a letter lowercased
    is a letter: the text of ``block`` tells the same).
    """
    rest = lower.translate(None, _ASCII_LOWER).split(b"\n")
    if blank is not None:
        del rest[blank]
    flags: list[object] = list(map(ne, map(len, keys), map(len, rest)))
    if not all(flags):
        texts = block.split("\n")
        if blank is not None:
            del texts[blank]
        for index in compress(range(len(flags)), map(not_, flags)):
            flags[index] = _LETTER.search(texts[index])
    return flags


def _line_hashes(keys: list[bytes], crcs: array[int]) -> bytes:
    """The lines' 64-bit hashes (length << 32 | CRC-32) as the bytes of an ``array("Q")``.

    On a little-endian machine the two halves are written side by side into
    one ``array("I")`` by two slice assignments (in C), with no int made per
    line; elsewhere the plain way.
    """
    if _INTERLEAVED:
        both = array("I", bytes(8 * len(keys)))
        both[0::2] = crcs
        both[1::2] = array("I", map(len, keys))
        return both.tobytes()
    return array("Q", map(or_, map(lshift, map(len, keys), repeat(32)), crcs)).tobytes()


def sign(
    stripped: Sequence[str],
    runs: Sequence[tuple[int, int]],
    body: bool,
    near: bool,
    lines: bool,
    codes: frozenset[str] = frozenset(),
) -> Signature:
    """A file's whole signature in one pass: the body joined, collapsed, lowercased and encoded once.

    ``body``: the canonical hash (exact duplicates); ``near``: the MinHash
    too; ``lines``: the line hashes.  The word triples are cut from the
    lowercased body's bytes by one regular expression (tiled, per line), and
    every step per triple or line runs in C.  The text is encoded once; the
    lowercase bytes come from it (:func:`lowered`), and the canonical hash
    is of its body's part.
    """
    if not runs:  # blank lines only: no line to count, but a file of its folder
        return Signature(None, LineSign(b"", b"") if lines else None, codes)
    first, last = runs[0]
    start = end = last
    part = list(stripped[first : last + 1])
    if lines and len(runs) > 1:  # the headlines too, after one blank line
        start, end = runs[1]
        part.append("")
        part += stripped[start : end + 1]
    block = "\n".join(part)
    if "  " in block or "\t" in block:
        block = _SPACES.sub(" ", block)
    encoded = _ENCODE(block)
    lower = lowered(block, encoded) if near or lines else b""
    body_part = None
    if body or near:
        cut = None if end == last else encoded.index(b"\n\n")
        head = stripped[first]
        if head.isspace():  # (a body of Unicode spaces only has no hash)
            text = block if end == last else block[: block.index("\n\n")]
            canon = _hash64(encoded[:cut]) if text.strip() else 0
        else:
            canon = _hash64(encoded[:cut])
        signature = _minhash(lower, None if cut is None else lower.index(b"\n\n")) if near else b""
        body_part = BodySign(canon, first + 1, head[:EXCERPT], signature)
    line_part = None
    if lines:
        keys = lower.split(b"\n")
        numbers: Iterable[int] = range(first + 1, last + 2)
        blank = last - first + 1 if end != last else None
        if blank is not None:
            del keys[blank]
            numbers = [*numbers, *range(start + 1, end + 2)]
        flags = _letter_flags(block, lower, keys, blank)
        if not all(flags):
            keys = list(compress(keys, flags))
            numbers = compress(numbers, flags)
        numbers = list(numbers)
        crcs = array("I", map(crc32, keys))
        # (Equal lines have equal CRCs: the ints tell cheaply that no line is there twice.)
        if len(set(crcs)) != len(keys) and len(set(keys)) != len(keys):
            # A line twice in the file: keep its first, in order.
            keys.reverse()
            numbers.reverse()
            seen = dict(zip(keys, numbers, strict=True))
            pairs = sorted(zip(seen.values(), seen, strict=True))
            numbers = [number for number, _ in pairs]
            keys = [key for _, key in pairs]
            crcs = array("I", map(crc32, keys))
        line_part = LineSign(_line_hashes(keys, crcs), array("I", numbers).tobytes())
    return Signature(body_part, line_part, codes)
