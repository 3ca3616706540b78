"""The cross-file half of the corpus rules: comparing the signatures of a run's files.

Each file's check leaves its :class:`~.sketch.Signature` (computed where the
file was read, in a worker process or not); the process that runs the
whole run gives them to one :class:`CorpusMerge`, in path order, with
:meth:`CorpusMerge.add`, then asks for the findings with
:meth:`CorpusMerge.findings`.  The result depends only on the signatures and
their order, so ``--jobs 4`` reports what one process reports, and so does
the Dask helper, which makes the same comparisons as a keyed reduction
(:mod:`.reduce`, with this module's :func:`band_keys`, :func:`pick_near`,
:func:`pair_finding` and :func:`line_finding`).

* **Exact duplicates** (ND301): a table from each canonical body hash to the
  first file that has it.
* **Near duplicates** (ND302): locality-sensitive hashing over the MinHash
  bins, :data:`BANDS` bands of :data:`ROWS` bins: two bodies whose bins agree
  on a whole band are candidates, and a candidate is reported when the
  estimated similarity reaches ``min-similarity``.  With 21 bands of 3, a
  pair sharing 50% of its shingles is a candidate with probability 0.94, one
  sharing 70% with probability 0.9999.  Each file is compared with the
  earlier ones only (at most :data:`VERIFIED` of them, those sharing the
  most bands) and reported against the first that matches.
* **Repeated lines** (ND303): a table from each line hash to the number of
  files holding it (a ``Counter`` updated in C), and every file's line hashes
  (8 bytes a line, one array for the run) until the end, when the counts are
  known; the first file holding each reported line is found then, in one
  pass over that array.
  Past :data:`MAX_TABLE` distinct lines the lines seen in one file only are
  dropped from the table (lossy counting).  Folder shares are counted at the
  end, one folder at a time.

Memory: about 350 bytes per file for the duplicates (the MinHash, the
band entries, the name) and 12 bytes per distinct line of each file for the
repeated lines, plus the table.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain, compress, filterfalse, pairwise, repeat
from operator import gt, is_, itemgetter, le, or_, sub
from typing import Final, NamedTuple

import attrs

from ..model.diagnostic import Diagnostic, build_diagnostic
from ..model.words import plural
from ..syntax.reader import read
from .base import RuleSettings
from .corpus import duplicate_dump, near_duplicate_dump, repeated_line
from .furniture import boilerplate, byline_or_dateline, caption_or_credit, related_link
from .sketch import BINS, Signature, similarity_of

__all__ = [
    "BANDS",
    "BUCKET",
    "GUESSED",
    "MAX_TABLE",
    "ROWS",
    "VERIFIED",
    "Cluster",
    "CorpusMerge",
    "band_keys",
    "line_finding",
    "pair_finding",
    "pick_near",
    "prefer_measured",
    "with_lines",
]

ROWS: Final = 3
"""MinHash bins per LSH band."""
BANDS: Final = BINS // ROWS
"""LSH bands (the last bin is left out)."""
BUCKET: Final = 8
"""Files kept per LSH band value (the first ones)."""
VERIFIED: Final = 4
"""Candidates whose similarity is estimated, per file (those sharing the most bands)."""
MAX_TABLE: Final = 4_000_000
"""Distinct line hashes counted before those seen in one file only are dropped."""
GUESSED: Final = frozenset(
    rule.code for rule in (related_link, boilerplate, byline_or_dateline, caption_or_credit)
)
"""Per-file furniture rules whose finding on a line ND303 reports gives way to ND303's:
the corpus signal is measured, the phrase guessed (see :func:`prefer_measured`)."""
_WIDTH: Final = ROWS * 32
_from_little: Final = partial(int.from_bytes, byteorder="little")
_BAND_SLICES: Final = tuple(slice(band * ROWS * 4, (band + 1) * ROWS * 4) for band in range(BANDS))
_BAND_CUT: Final = itemgetter(*_BAND_SLICES)
"""A MinHash's bands, as a tuple of their bytes (one C call)."""
_BAND_TAGS: Final = tuple(band << _WIDTH for band in range(BANDS))
_EMPTY_KEYS: Final = frozenset(tag | ((1 << _WIDTH) - 1) for tag in _BAND_TAGS)
"""The keys of the bands whose bins are all empty (:data:`~.sketch.EMPTY`): never candidates."""
_EMPTY_CHUNK: Final = b"\xff" * ROWS * 4
"""A band whose bins are all empty (in the merge, a band's key is its bins' bytes, in
a table of the band's own: faster than :func:`band_keys`' ints, but hashed differently in
each process, so for this process only)."""
_NO_FILE: Final = 1 << 62
"""What a band's table holds for :data:`_EMPTY_CHUNK`: after every file (never a candidate)."""


class Cluster(NamedTuple):
    """Files with the same body, or nearly: the first in path order, and the others."""

    first: str
    """The first file of the cluster."""
    others: tuple[tuple[str, str, float], ...]
    """Each later file, its rule's code, and the estimated similarity (1.0 for ND301)."""


def band_keys(minhash: bytes) -> list[int]:
    """The LSH keys of a MinHash: each band that is not empty, as one int tagged with its band.

    The same in every process (no salted ``hash``): the Dask helper groups files on them.
    """
    values = map(_from_little, map(minhash.__getitem__, _BAND_SLICES))
    return list(filterfalse(_EMPTY_KEYS.__contains__, map(or_, _BAND_TAGS, values)))


def pick_near(
    hits: dict[int, int], estimate: Callable[[int], float], threshold: float
) -> tuple[int, float] | None:
    """The earlier file a body nearly repeats, among candidates sharing ``hits`` bands with it.

    The :data:`VERIFIED` candidates sharing the most bands (the earliest first on
    ties) are taken in turn; the first whose estimate reaches ``threshold`` wins.
    """
    ranked = (
        # (Two stable sorts in C: by file, then by bands shared, most first.)
        sorted(sorted(hits), key=hits.__getitem__, reverse=True)[:VERIFIED]
        if len(hits) > 1
        else hits
    )
    for other in ranked:
        value = estimate(other)
        if value >= threshold:
            return other, value
    return None


class CorpusMerge:
    """The signatures of a run's files, compared as they come (see the module's docs)."""

    def __init__(self, settings: RuleSettings) -> None:
        checked = settings.checked
        self._severities = settings.severities
        self.exact = duplicate_dump.code in checked
        self.near = near_duplicate_dump.code in checked
        self.lines = repeated_line.code in checked
        near_options = settings.settings[near_duplicate_dump.code]
        self.threshold = near_options["min-similarity"] / 100
        line_options = settings.settings[repeated_line.code]
        self.min_files = line_options["min-files"]
        self.share = line_options["folder-share"]
        self.min_folder = line_options["min-folder-files"]
        self.names: list[str] = []
        self._folders = array("I")
        """Each file's folder, as an index in :attr:`_folder_ids` (a folder's name is kept once)."""
        self._folder_ids: dict[str, int] = {}
        self._bodies: dict[int, int] = {}
        self._minhashes: dict[int, int] = {}
        self._bands: list[dict[bytes, int]] = [{_EMPTY_CHUNK: _NO_FILE} for _ in range(BANDS)]
        """For each band, each value of its bins and the first file that has it."""
        self._more: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
        """For each band, the next files with a value (at most :data:`BUCKET` files in all)."""
        self._pairs: dict[int, tuple[int, str, float, int, str]] = {}
        self._table: Counter[int] = Counter()
        self._quiet: set[int] = set()
        """Files whose lines count but that are not reported on (ND303 ignored there)."""
        self.repeated_lines: dict[int, frozenset[int]] = {}
        """After :meth:`findings`: the lines of each file that ND303 reports."""
        self._hashes = array("Q")
        """The line hashes of every file, one after the other."""
        self._numbers = array("I")
        """The line number of each of :attr:`_hashes`."""
        self._line_files = array("I")
        """The files that have line hashes, in order..."""
        self._starts = array("Q", [0])
        """...and where each one's start in :attr:`_hashes` (and the end)."""

    def add(self, name: str, folder: str, signature: object) -> None:
        """Take the next file's signature (None, or another object: it has none)."""
        index = len(self.names)
        self.names.append(name)
        self._folders.append(self._folder_ids.setdefault(folder, len(self._folder_ids)))
        if not isinstance(signature, Signature):
            return
        body = signature.body
        codes = signature.codes
        if body is not None and body.body:
            earlier = self._bodies.setdefault(body.body, index)
            if earlier != index:
                if self.exact and duplicate_dump.code in codes:
                    self._pairs[index] = (
                        earlier,
                        duplicate_dump.code,
                        1.0,
                        body.line,
                        body.excerpt,
                    )
            elif self.near and body.minhash:
                self._near(index, body.minhash, body.line, body.excerpt, codes)
        lines = signature.lines
        if lines is not None and self.lines:
            hashes = self._hashes
            start = len(hashes)
            hashes.frombytes(lines.hashes)
            self._numbers.frombytes(lines.numbers)
            self._line_files.append(index)
            self._starts.append(len(hashes))
            table = self._table
            table.update(hashes[start:])  # Counter.update: C speed
            if len(table) > MAX_TABLE:
                for value in [value for value, count in table.items() if count == 1]:
                    del table[value]
            if repeated_line.code not in codes:
                self._quiet.add(index)

    def _near(
        self, index: int, minhash: bytes, line: int, excerpt: str, codes: frozenset[str]
    ) -> None:
        """Find an earlier body this one nearly repeats; index its bands.

        The earlier bodies sharing the most bands are verified first, at most
        :data:`VERIFIED` of them (:func:`pick_near`); the first whose estimated
        similarity reaches the threshold is the one named.  A band keeps at
        most :data:`BUCKET` files, so that a band value many files share costs
        no more.
        """
        chunks = _BAND_CUT(minhash)
        held = list(map(dict.setdefault, self._bands, chunks, repeat(index)))
        value = int.from_bytes(minhash, "little")
        self._minhashes[index] = value
        shared = list(map(gt, repeat(index), held))  # an earlier file has the band's value
        if not any(shared):
            return
        candidates = list(compress(held, shared))
        mores = list(compress(self._more, shared))
        keys = list(compress(chunks, shared))
        laters: list[list[int] | None] = list(map(dict.get, mores, keys))
        if None in laters:  # the band's second file: a bucket for the later ones
            for more, key in compress(
                zip(mores, keys, strict=True), map(is_, laters, repeat(None))
            ):
                more[key] = [index]
        for later in filter(None, laters):
            candidates += later
            if len(later) < BUCKET - 1:
                later.append(index)
        if near_duplicate_dump.code not in codes:
            return
        hits = Counter(candidates)  # each earlier file, and how many bands it shares
        minhashes = self._minhashes
        picked = pick_near(
            hits, lambda other: similarity_of(value, minhashes[other]), self.threshold
        )
        if picked is not None:
            other, estimate = picked
            self._pairs[index] = (other, near_duplicate_dump.code, estimate, line, excerpt)

    # --- the findings ---------------------------------------------------------

    def findings(self) -> Iterator[tuple[int, list[Diagnostic]]]:
        """Each file with findings (its index in :attr:`names`) and them, in file order."""
        repeated = self._repeated() if self.lines else {}
        for index in sorted(self._pairs.keys() | repeated.keys()):
            found = []
            pair = self._pairs.get(index)
            if pair is not None:
                found.append(self._pair_finding(*pair))
            if index in repeated:
                found.append(repeated[index])
                if len(found) > 1:
                    found.sort(key=lambda d: (d.line, d.column, d.code))
            yield index, found

    def _pair_finding(
        self, earlier: int, code: str, estimate: float, line: int, excerpt: str
    ) -> Diagnostic:
        severity = self._severities[code]
        return pair_finding(self.names[earlier], code, estimate, line, excerpt, severity)

    def _repeated(self) -> dict[int, Diagnostic]:
        """The ND303 finding of each file that holds a repeated line.

        Each step runs over all the run's line hashes at once, in C (a
        folder's files, one slice per run of consecutive files); only the
        files with a repeated line take a few Python steps each.
        """
        hashes, numbers, starts = self._hashes, self._numbers, self._starts
        counts = list(map(self._table.get, hashes, repeat(0)))
        flags = list(map(le, repeat(self.min_files), counts))
        local_of: dict[int, dict[int, int]] = {}
        for folder, (local, chunks) in self._folder_counts().items():
            contains = local.__contains__
            for start, end in _spans(starts, chunks):
                flags[start:end] = map(or_, flags[start:end], map(contains, hashes[start:end]))
            local_of[folder] = local
        flagged = list(compress(range(len(flags)), flags))  # in file order, then line order
        # Each flagged line's chunk, plus 1 (each line's, repeated, then the flagged ones
        # picked in C: rather than a bisection of the starts for each).
        sizes = map(sub, starts[1:], starts[:-1])
        owners = list(
            compress(chain.from_iterable(map(repeat, range(1, len(starts)), sizes)), flags)
        )
        flagged_numbers = list(compress(numbers, flags))
        firsts = dict(zip(reversed(owners), range(len(owners) - 1, -1, -1), strict=True))
        bounds = sorted(firsts.values())
        bounds.append(len(flagged))
        chosen: dict[int, tuple[list[int], int, int]] = {}  # file: (lines, first's place, count)
        quiet, files, folders = self._quiet, self._line_files, self._folders
        for begin, end in pairwise(bounds):  # the flagged lines of one file
            index = files[owners[begin] - 1]
            if index in quiet:
                continue
            position = flagged[begin]
            count = counts[position]
            folder_lines = local_of.get(folders[index])
            if folder_lines is not None:
                count = max(count, folder_lines.get(hashes[position], 0))
            chosen[index] = (flagged_numbers[begin:end], position, count)
        first = self._first_files({position for _, position, _ in chosen.values()})
        self.repeated_lines = {index: frozenset(lines) for index, (lines, _, _) in chosen.items()}
        return {
            index: self._line_finding(index, lines, position, count, first)
            for index, (lines, position, count) in chosen.items()
        }

    def _first_files(self, positions: set[int]) -> dict[int, int]:
        """The first file (in order) that holds the line hash at each of ``positions``."""
        hashes = self._hashes
        wanted = set(map(hashes.__getitem__, positions))
        marks = list(compress(range(len(hashes)), map(wanted.__contains__, hashes)))
        marks.reverse()
        earliest = dict(zip(map(hashes.__getitem__, marks), marks, strict=True))
        starts, files = self._starts, self._line_files
        return {value: files[bisect_right(starts, at) - 1] for value, at in earliest.items()}

    def _folder_counts(self) -> dict[int, tuple[dict[int, int], list[int]]]:
        """Each folder with enough files: its lines in ``folder-share`` of them, and its files.

        (Its files as chunks of :attr:`_hashes`.)
        """
        members: dict[int, list[int]] = {}
        for chunk, index in enumerate(self._line_files):
            members.setdefault(self._folders[index], []).append(chunk)
        hashes, starts = self._hashes, self._starts
        result = {}
        for folder, chunks in members.items():
            if len(chunks) < self.min_folder:
                continue
            counts: Counter[int] = Counter()
            for start, end in _spans(starts, chunks):
                counts.update(hashes[start:end])
            need = max(2, -(-len(chunks) * self.share // 100))
            kept = compress(counts.items(), map(need.__le__, counts.values()))
            result[folder] = (dict(kept), chunks)
        return result

    def _line_finding(
        self, index: int, lines: list[int], position: int, count: int, first: dict[int, int]
    ) -> Diagnostic:
        """The finding of a file whose ``lines`` repeat (the first at ``position`` of the hashes)."""
        earliest = first.get(self._hashes[position], index)
        return line_finding(
            lines[0],
            count,
            None if earliest == index else self.names[earliest],
            lines[1:],
            self._severities[repeated_line.code],
        )

    # --- clusters, for the report ----------------------------------------------

    def clusters(self) -> list[Cluster]:
        """The duplicate clusters: each file reported by ND301 or ND302 joins its earlier one's."""
        root: dict[int, int] = {}
        for index in sorted(self._pairs):
            earlier = self._pairs[index][0]
            root[index] = root.get(earlier, earlier)
        groups: dict[int, list[tuple[str, str, float]]] = {}
        for index, head in root.items():
            _, code, estimate, _, _ = self._pairs[index]
            groups.setdefault(head, []).append((self.names[index], code, estimate))
        return [Cluster(self.names[head], tuple(others)) for head, others in sorted(groups.items())]


def _spans(starts: Sequence[int], chunks: list[int]) -> list[tuple[int, int]]:
    """Where ``chunks`` (in order) are in the hashes: one span per run of consecutive chunks."""
    spans: list[tuple[int, int]] = []
    begin = after = -1
    for chunk in chunks:
        if chunk != after:
            if after >= 0:
                spans.append((starts[begin], starts[after]))
            begin = chunk
        after = chunk + 1
    if after >= 0:
        spans.append((starts[begin], starts[after]))
    return spans


def line_finding(
    line: int, count: int, earliest: str | None, more: Sequence[int], severity: str
) -> Diagnostic:
    """The ND303 finding of a file: at its first repeated line, with the file's ``more``.

    The line is in ``count`` files, the first of them ``earliest`` (None: this file).
    """
    where = "this file first" if earliest is None else f"first in {earliest}"
    message = f"line repeated in {count} files ({where}): probable page furniture"
    if more:
        listed = ", ".join(map(str, more[:10]))
        if len(more) > 10:
            listed += ", ..."
        message += f"; {plural(len(more), 'more line')} of this file too (line {listed})"
    code = repeated_line.code
    return build_diagnostic(code, severity, message, line, 1, line, 1, None, "", 0)


def pair_finding(
    earlier: str, code: str, estimate: float, line: int, excerpt: str, severity: str
) -> Diagnostic:
    """The ND301 or ND302 finding of a file that repeats the body of ``earlier``."""
    if code == duplicate_dump.code:
        message = f"same body as {earlier}: the same article twice"
    else:
        message = (
            f"nearly the same body as {earlier} (about {estimate:.0%} of word shingles "
            "shared): the same article, edited"
        )
    end = len(excerpt) + 1
    return build_diagnostic(code, severity, message, line, 1, line, end, None, excerpt, 0)


def with_lines(diagnostics: Sequence[Diagnostic], data: bytes) -> list[Diagnostic]:
    """The findings with the text of their line, read again from the file's bytes.

    A repeated-line finding is made from hashes only; for a file that has one,
    the caller reads the file again (only those files) so that the finding
    shows its line and spans it, as other findings do.
    """
    structure = read(data.decode("utf-8", "surrogateescape"))
    filled = []
    for diagnostic in diagnostics:
        if diagnostic.source_line or diagnostic.line > len(structure.lines):
            filled.append(diagnostic)
            continue
        text = structure.source_line(diagnostic.line)
        end = len(text) + 1
        filled.append(attrs.evolve(diagnostic, end_column=end, source_line=text))
    return filled


def prefer_measured(diagnostics: Sequence[Diagnostic], lines: frozenset[int]) -> list[Diagnostic]:
    """A file's findings without those of the :data:`GUESSED` rules on a repeated line.

    Where a line is page furniture by its frequency in the corpus (ND303), the
    finding that guesses it from its wording says the same thing less surely.
    """
    return [d for d in diagnostics if d.code not in GUESSED or d.line not in lines]
