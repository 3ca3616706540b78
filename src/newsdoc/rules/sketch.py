"""The per-file half of the corpus rules: a small signature of each dump, made where it is read.

The corpus rules (``ND301``-``ND303``, :mod:`.corpus`) compare files with
each other, so their check cannot run on one file: each file's check only
computes its :class:`Signature` (in the worker process that reads it), and
:mod:`.merge` compares the signatures in the main process, after or as the
files come back.  A signature holds hashes, never text (but the first body
line, cut short, to show where a finding is):

* the **canonical body hash**: 8 bytes of BLAKE2b over the body's paragraphs
  with their whitespace collapsed; two dumps with the same one are exact
  duplicates (their headline lists may differ);
* a **MinHash** of the body's word shingles (:func:`minhash`): 64 minima of
  32-bit hashes, 256 bytes, from which :mod:`.merge` estimates the share of
  shingles two bodies have in common (their Jaccard similarity);
* the **line hashes**: 8 bytes of BLAKE2b for each distinct body or headline
  line that holds a letter (whitespace collapsed, case folded), and the
  number of the line where it first occurs.

MinHash here is one-permutation hashing (Li, Owen and Zhang, "One
Permutation Hashing", NIPS 2012): each shingle is hashed once (CRC-32 of its
UTF-8 bytes, at C speed), the top 6 bits pick one of 64 bins and each bin
keeps its smallest hash.  The similarity estimate counts equal bins among
the bins that are not empty in both (their estimator), so short bodies need
no densification.  It costs one sort of the shingle hashes per file, about
20 times less than 64 hash permutations in Python, and needs no dependency
(measured: docs/corpus.md).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import partial
from hashlib import blake2b
from itertools import islice
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
    "body_sign",
    "canonical_hash",
    "line_key",
    "line_sign",
    "minhash",
    "similarity",
]

BINS: Final = 64
"""MinHash bins (one 32-bit minimum each)."""
_SHIFT: Final = 32 - 6
"""The bin of a 32-bit hash is its top 6 bits."""
EMPTY: Final = 0xFFFFFFFF
"""The value of a bin no shingle fell in (no CRC-32 value in a bin reaches it but the last's)."""
SHINGLE: Final = 3
"""Words per shingle (shingles never cross a paragraph's end)."""
MIN_SHINGLES: Final = 8
"""Bodies with fewer distinct shingles get no MinHash: too short to call near duplicates."""
EXCERPT: Final = 200
"""Characters of the first body line kept to show where a duplicate is reported."""

_WORD: Final = LazyPattern(r"\w+")
_LETTER: Final = LazyPattern(r"[^\W\d_]")
_ENCODE: Final = partial(str.encode, encoding="utf-8", errors="surrogatepass")


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
    """``array("Q")`` of the hashes of the file's distinct lines (see :func:`line_key`)."""
    numbers: bytes
    """``array("I")`` of the line numbers (from 1) where each first occurs."""


class Signature(NamedTuple):
    """A file's signature: the parts its enabled corpus rules need (None for the others)."""

    body: BodySign | None
    lines: LineSign | None
    codes: frozenset[str]
    """The codes checked in this file (its per-file ignores applied)."""


def canonical_hash(paragraphs: Sequence[str]) -> int:
    """The 64-bit hash of a body: its paragraphs, whitespace collapsed, one per line."""
    canon = "\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)
    if not canon.strip():
        return 0
    return int.from_bytes(blake2b(_ENCODE(canon), digest_size=8).digest(), "little") or 1


def minhash(paragraphs: Sequence[str]) -> bytes:
    """The one-permutation MinHash of the body's word shingles, or b"" when it is too short."""
    hashes: set[int] = set()
    findall = _WORD.findall
    for paragraph in paragraphs:
        words = findall(paragraph.lower())
        if len(words) >= SHINGLE:
            triples = zip(words, islice(words, 1, None), islice(words, 2, None), strict=False)
            shingles: Iterable[str] = map(" ".join, triples)
        elif words:
            shingles = (" ".join(words),)
        else:
            continue
        hashes.update(map(crc32, map(_ENCODE, shingles)))
    if len(hashes) < MIN_SHINGLES:
        return b""
    ordered = sorted(hashes)
    size = len(ordered)
    minima = array("I", [EMPTY]) * BINS
    for index in range(BINS):
        at = bisect_left(ordered, index << _SHIFT)
        if at < size and ordered[at] >> _SHIFT == index:
            minima[index] = ordered[at]
    return minima.tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two MinHashes (the bins empty in both left out)."""
    a, b = array("I"), array("I")
    a.frombytes(first)
    b.frombytes(second)
    equal = empty = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            if x == EMPTY:
                empty += 1
            else:
                equal += 1
    counted = BINS - empty
    return equal / counted if counted else 0.0


def body_sign(stripped: Sequence[str], first: int, last: int) -> BodySign:
    """The body part of a signature, for body lines ``stripped[first:last + 1]``."""
    paragraphs = stripped[first : last + 1]
    return BodySign(
        canonical_hash(paragraphs), first + 1, paragraphs[0][:EXCERPT], minhash(paragraphs)
    )


def line_key(line: str) -> str:
    """A line as the repeated-line rule compares it: whitespace collapsed, case folded."""
    return " ".join(line.split()).casefold()


def line_sign(stripped: Sequence[str], runs: Sequence[tuple[int, int]]) -> LineSign:
    """The lines part of a signature: each distinct line with a letter, in the body and headlines."""
    seen: dict[str, int] = {}
    search = _LETTER.search
    for first, last in runs[:2]:
        for index in range(first, last + 1):
            key = line_key(stripped[index])
            if key not in seen and search(key):
                seen[key] = index + 1
    hashes = array(
        "Q",
        (int.from_bytes(blake2b(_ENCODE(key), digest_size=8).digest(), "little") for key in seen),
    )
    return LineSign(hashes.tobytes(), array("I", seen.values()).tobytes())
