"""The corpus rules' speed tricks agree with the plain way of doing the same.

- :func:`newsdoc.rules.sketch.sign` (body and headlines joined once, the
  MinHash's bins written by ``array.__setitem__`` mapped over the hashes
  sorted from the largest down) gives the signature that the definitions
  of docs/corpus.md give, computed line by line and triple by triple;
- the line hashes (which lines hold a letter told from the bytes first,
  the hashes' halves written side by side) are the plain ones;
- :func:`newsdoc.rules.sketch.lowered` (the ASCII letters lowered in the
  UTF-8 bytes when no character past ASCII changes) gives ``str.lower``'s;
- :func:`newsdoc.rules.sketch.similarity_of` (equal and empty bins counted
  on the ints, SWAR) counts what comparing the bins one by one counts.
"""

from __future__ import annotations

import re
from array import array
from pathlib import Path
from random import Random
from zlib import crc32

from hypothesis import given
from hypothesis import strategies as st

from newsdoc.rules.sketch import (
    BINS,
    EMPTY,
    EXCERPT,
    MIN_SHINGLES,
    BodySign,
    LineSign,
    Signature,
    lowered,
    sign,
    similarity_of,
)
from newsdoc.syntax.reader import read

_DATA = Path(__file__).parent / "data"
_PIECES: tuple[str, ...] = (" ", "  ", "\t", "a", "B", "1", "é", "É", "İ", "ß", "_", "…", "x y z")
_PIECES += ("\n", "\n\n", "\n\n\n", "\r\n", "\u2028", "\x0c", "\u3000", "word", "Word", "$2.3")
_PIECES += ("\x0b", "\r", "Σ", "\u212a", "\u01c5", "\u2019", "\u201c", "\ud800")


def _hash64(data: bytes) -> int:
    return len(data) << 32 | crc32(data)


def _canon(line: str) -> str:
    """A line with its runs of spaces and tabs collapsed."""
    return re.sub(r"[ \t]+", " ", line)


def _plain_minhash(body: list[str]) -> bytes:
    """The one-permutation MinHash of the tiled word triples, one triple and one bin at a time."""
    hashes = set()
    for line in body:
        words = _canon(line).lower().encode("utf-8", "surrogatepass").split()
        for i in range(0, len(words) - 2, 3):
            hashes.add(crc32(b" ".join(words[i : i + 3])))
    if len(hashes) < MIN_SHINGLES:
        return b""
    bins = [EMPTY] * BINS
    for value in hashes:
        bins[value >> 26] = min(bins[value >> 26], value)
    return array("I", bins).tobytes()


def _plain_sign(text: str, body: bool, near: bool, lines: bool) -> Signature:
    structure = read(text)
    stripped, runs = structure.stripped, structure.runs
    if not runs:
        return Signature(None, LineSign(b"", b"") if lines else None, frozenset())
    first, last = runs[0]
    body_lines = stripped[first : last + 1]
    body_part = line_part = None
    if body or near:
        joined = "\n".join(map(_canon, body_lines))
        canon = _hash64(joined.encode("utf-8", "surrogatepass")) if joined.strip() else 0
        signature = _plain_minhash(body_lines) if near else b""
        body_part = BodySign(canon, first + 1, stripped[first][:EXCERPT], signature)
    if lines:
        numbered = list(enumerate(body_lines, first + 1))
        if len(runs) > 1:
            start, end = runs[1]
            numbered += enumerate(stripped[start : end + 1], start + 1)
        keys: dict[bytes, int] = {}  # each distinct line holding a letter, and where it first is
        for number, line in numbered:
            lower = _canon(line).lower()
            if re.search(r"[^\W\d_]", lower):
                keys.setdefault(lower.encode("utf-8", "surrogatepass"), number)
        hashes = array("Q", map(_hash64, keys))
        line_part = LineSign(hashes.tobytes(), array("I", keys.values()).tobytes())
    return Signature(body_part, line_part, frozenset())


def _texts() -> list[str]:
    rng = Random(19)
    texts = [
        path.read_bytes().decode("utf-8", "surrogateescape")
        for path in sorted(_DATA.rglob("*.txt"))[:400]
    ]
    texts += ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    words = ("The", "council", "VOTED", "on", "Monday", "É", "2.3", "—", "x", "budget's", "Мир")
    for _ in range(300):  # dumps with bodies long enough for a MinHash, and repeated lines

        def line(size: int) -> str:
            return "".join(rng.choice(words) + rng.choice((" ", "  ", "\t")) for _ in range(size))

        body = [line(rng.randint(1, 40)) for _ in range(rng.randint(1, 6))]
        heads = [line(rng.randint(1, 5)) for _ in range(rng.randint(0, 8))]
        texts.append("\n".join(body + body[: rng.randint(0, 2)]) + "\n\n\n" + "\n".join(heads))
    return texts


def test_sign_is_the_plain_signature() -> None:
    """Every part of the signature, for every mix of parts, is what the definitions give."""
    for text in _texts():
        structure = read(text)
        for body in (False, True):
            for near in (False, True):
                for lines in (False, True):
                    fast = sign(structure.stripped, structure.runs, body, near, lines)
                    assert fast == _plain_sign(text, body, near, lines), (text, body, near, lines)


def test_lowered_is_str_lower_for_every_code_point() -> None:
    """lowered() gives the UTF-8 of str.lower() for every character, alone and beside ASCII."""
    for point in range(0x110000):
        for text in (chr(point), f"Ab {chr(point)}’Z"):
            encoded = text.encode("utf-8", "surrogatepass")
            assert lowered(text, encoded) == text.lower().encode("utf-8", "surrogatepass"), point


_BIN_VALUES = st.sampled_from([0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, EMPTY, 12345678])


@given(st.lists(_BIN_VALUES, min_size=BINS, max_size=BINS), st.data())
def test_similarity_counts_the_bins_one_by_one(first: list[int], data: st.DataObject) -> None:
    """similarity_of counts equal bins and bins empty in both as a loop over the bins does."""
    second = data.draw(
        st.lists(st.one_of(_BIN_VALUES, st.sampled_from(first)), min_size=BINS, max_size=BINS)
    )
    empty = sum(a == b == EMPTY for a, b in zip(first, second, strict=True))
    equal = sum(a == b for a, b in zip(first, second, strict=True)) - empty
    plain = equal / (BINS - empty) if BINS - empty else 0.0
    a, b = (int.from_bytes(array("I", bins).tobytes(), "little") for bins in (first, second))
    assert similarity_of(a, b) == plain
