"""The cross-file half of the corpus rules: comparing the signatures of a run's files.

Each file's check leaves its :class:`~.sketch.Signature` (computed where the
file was read, in a worker process or not); the process that runs the
whole run gives them to one :class:`CorpusMerge`, in path order, with
:meth:`CorpusMerge.add`, then asks for the findings with
:meth:`CorpusMerge.findings`.  The result depends only on the signatures and
their order, so ``--jobs 4`` reports what one process reports, and so does
the Dask helper.

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
  files holding it (a ``Counter`` updated in C), and each file's line hashes
  (8 bytes a line) until the end, when the counts are known; the first file
  holding each repeated line is found then, in file order.
  Past :data:`MAX_TABLE` distinct lines the lines seen in one file only are
  dropped from the table (lossy counting).  Folder shares are counted at the
  end, one folder at a time.

Memory: about 350 bytes per file for the duplicates (the MinHash, the
band entries, the name) and 12 bytes per distinct line of each file for the
repeated lines, plus the table.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import compress, repeat
from operator import or_
from typing import Final, NamedTuple

import attrs

from ..model.diagnostic import Diagnostic, build_diagnostic
from ..model.words import plural
from ..syntax.reader import read
from .base import RuleSettings
from .corpus import duplicate_dump, near_duplicate_dump, repeated_line
from .furniture import boilerplate, byline_or_dateline, caption_or_credit, related_link
from .sketch import BINS, EMPTY, Signature, similarity

__all__ = [
    "BANDS",
    "BUCKET",
    "GUESSED",
    "MAX_TABLE",
    "ROWS",
    "VERIFIED",
    "Cluster",
    "CorpusMerge",
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
_EMPTY_BAND: Final = array("I", [EMPTY] * ROWS).tobytes()


class Cluster(NamedTuple):
    """Files with the same body, or nearly: the first in path order, and the others."""

    first: str
    """The first file of the cluster."""
    others: tuple[tuple[str, str, float], ...]
    """Each later file, its rule's code, and the estimated similarity (1.0 for ND301)."""


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
        self._minhashes: dict[int, bytes] = {}
        self._bands: dict[int, list[int]] = {}
        self._pairs: dict[int, tuple[int, str, float, int, str]] = {}
        self._table: Counter[int] = Counter()
        self._quiet: set[int] = set()
        self.repeated_lines: dict[int, frozenset[int]] = {}
        """After :meth:`findings`: the lines of each file that ND303 reports."""
        """Files whose lines count but that are not reported on (ND303 ignored there)."""
        self._line_signs: dict[int, tuple[bytes, bytes]] = {}

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
        if signature.lines is not None and self.lines:
            self._count(signature.lines.hashes)
            self._line_signs[index] = (signature.lines.hashes, signature.lines.numbers)
            if repeated_line.code not in codes:
                self._quiet.add(index)

    def _near(
        self, index: int, minhash: bytes, line: int, excerpt: str, codes: frozenset[str]
    ) -> None:
        """Find an earlier body this one nearly repeats; index its bands.

        The earlier bodies sharing the most bands are verified first, at most
        :data:`VERIFIED` of them; the first whose estimated similarity reaches
        the threshold is the one named.  A band keeps at most :data:`BUCKET`
        files, so that a band value many files share costs no more.
        """
        bands = self._bands
        hits: dict[int, int] = {}
        width = ROWS * 4
        keys = []
        for band in range(BANDS):
            chunk = minhash[band * width : (band + 1) * width]
            if chunk == _EMPTY_BAND:
                continue
            key = hash((band, chunk))
            keys.append(key)
            held = bands.get(key)
            if held is None:
                bands[key] = [index]
                continue
            for other in held:
                hits[other] = hits.get(other, 0) + 1
            if len(held) < BUCKET:
                held.append(index)
        self._minhashes[index] = minhash
        if not hits or near_duplicate_dump.code not in codes:
            return
        ranked = sorted(hits, key=lambda other: (-hits[other], other))[:VERIFIED]
        for other in ranked:
            estimate = similarity(minhash, self._minhashes[other])
            if estimate >= self.threshold:
                self._pairs[index] = (other, near_duplicate_dump.code, estimate, line, excerpt)
                return

    def _count(self, hashes: bytes) -> None:
        """Count the file's distinct lines in the table (``Counter.update``: C speed)."""
        table = self._table
        values = array("Q")
        values.frombytes(hashes)
        table.update(values)
        if len(table) > MAX_TABLE:
            for value in [value for value, count in table.items() if count == 1]:
                del table[value]

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
            yield index, sorted(found, key=lambda d: (d.line, d.column, d.code))

    def _pair_finding(
        self, earlier: int, code: str, estimate: float, line: int, excerpt: str
    ) -> Diagnostic:
        name = self.names[earlier]
        if code == duplicate_dump.code:
            message = f"same body as {name}: the same article twice"
        else:
            message = (
                f"nearly the same body as {name} (about {estimate:.0%} of word shingles "
                "shared): the same article, edited"
            )
        severity = self._severities[code]
        end = len(excerpt) + 1
        return build_diagnostic(code, severity, message, line, 1, line, end, None, excerpt, 0)

    def _repeated(self) -> dict[int, Diagnostic]:
        """The ND303 finding of each file that holds a repeated line."""
        folder_counts = self._folder_counts()
        table_get = self._table.get
        enough = self.min_files.__le__
        chosen: dict[int, list[tuple[int, int, int]]] = {}  # file: (line, count, hash)
        for index, (hashes, numbers) in self._line_signs.items():
            if index in self._quiet:
                continue
            values = array("Q")
            values.frombytes(hashes)
            counts = list(map(table_get, values, repeat(0)))
            flags = map(enough, counts)
            local = folder_counts.get(self._folders[index])
            if local is not None:
                flags = map(or_, flags, map(local.__contains__, values))
            at = list(compress(range(len(values)), flags))
            if not at:
                continue
            lines = array("I")
            lines.frombytes(numbers)
            local_get = (local or {}).get
            chosen[index] = [
                (lines[i], max(counts[i], local_get(values[i], 0)), values[i]) for i in at
            ]
        first = self._first_files({hit[2] for hits in chosen.values() for hit in hits})
        self.repeated_lines = {
            index: frozenset(hit[0] for hit in hits) for index, hits in chosen.items()
        }
        return {
            index: self._line_finding(index, sorted(hits), first) for index, hits in chosen.items()
        }

    def _first_files(self, wanted: set[int]) -> dict[int, int]:
        """The first file (in order) that holds each of the ``wanted`` line hashes."""
        first: dict[int, int] = {}
        for index, (hashes, _) in self._line_signs.items():
            if len(first) == len(wanted):
                break
            values = array("Q")
            values.frombytes(hashes)
            for value in wanted.intersection(values):
                first.setdefault(value, index)
        return first

    def _folder_counts(self) -> dict[int, dict[int, int]]:
        """For each folder with enough files: its lines in at least ``folder-share`` of them."""
        members: dict[int, list[int]] = {}
        for index in self._line_signs:
            members.setdefault(self._folders[index], []).append(index)
        result = {}
        for folder, indices in members.items():
            if len(indices) < self.min_folder:
                continue
            counts: Counter[int] = Counter()
            for index in indices:
                values = array("Q")
                values.frombytes(self._line_signs[index][0])
                counts.update(values)
            need = max(2, -(-len(indices) * self.share // 100))
            kept = compress(counts.items(), map(need.__le__, counts.values()))
            result[folder] = dict(kept)
        return result

    def _line_finding(
        self, index: int, hits: Sequence[tuple[int, int, int]], first: dict[int, int]
    ) -> Diagnostic:
        line, count, value = hits[0]
        earliest = first.get(value, index)
        where = "this file first" if earliest == index else f"first in {self.names[earliest]}"
        message = f"line repeated in {count} files ({where}): probable page furniture"
        if len(hits) > 1:
            more = ", ".join(str(hit[0]) for hit in hits[1:11])
            if len(hits) > 11:
                more += ", ..."
            message += f"; {plural(len(hits) - 1, 'more line')} of this file too (line {more})"
        code = repeated_line.code
        severity = self._severities[code]
        return build_diagnostic(code, severity, message, line, 1, line, 1, None, "", 0)

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
