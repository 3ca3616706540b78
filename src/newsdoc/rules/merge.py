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
  files holding it and the first of them (one Python int), and each file's
  line hashes (8 bytes a line) until the end, when the counts are known.
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
from typing import Final, NamedTuple

from ..model.diagnostic import Diagnostic, build_diagnostic
from ..model.words import plural
from .base import RuleSettings
from .corpus import duplicate_dump, near_duplicate_dump, repeated_line
from .sketch import BINS, EMPTY, Signature, similarity

__all__ = ["BANDS", "BUCKET", "MAX_TABLE", "ROWS", "VERIFIED", "Cluster", "CorpusMerge"]

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
_COUNT_BITS: Final = 24
_COUNT_MASK: Final = (1 << _COUNT_BITS) - 1
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
        self._folders: list[str] = []
        self._bodies: dict[int, int] = {}
        self._minhashes: dict[int, bytes] = {}
        self._bands: dict[int, list[int]] = {}
        self._pairs: dict[int, tuple[int, str, float, int, str]] = {}
        self._table: dict[int, int] = {}
        self._line_signs: dict[int, tuple[bytes, bytes]] = {}

    def add(self, name: str, folder: str, signature: object) -> None:
        """Take the next file's signature (None, or another object: it has none)."""
        index = len(self.names)
        self.names.append(name)
        self._folders.append(folder)
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
            self._count(index, signature.lines.hashes)
            if repeated_line.code in codes:
                self._line_signs[index] = (signature.lines.hashes, signature.lines.numbers)

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

    def _count(self, index: int, hashes: bytes) -> None:
        """Count the file's distinct lines in the table (and note the first file of each)."""
        table = self._table
        values = array("Q")
        values.frombytes(hashes)
        get = table.get
        for value in values:
            held = get(value)
            if held is None:
                table[value] = (index << _COUNT_BITS) | 1
            elif held & _COUNT_MASK < _COUNT_MASK:
                table[value] = held + 1
        if len(table) > MAX_TABLE:
            for value in [value for value, held in table.items() if held & _COUNT_MASK == 1]:
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
        found = {}
        table = self._table
        for index, (hashes, numbers) in self._line_signs.items():
            values = array("Q")
            values.frombytes(hashes)
            lines = array("I")
            lines.frombytes(numbers)
            local = folder_counts.get(self._folders[index])
            hits: list[tuple[int, int, int]] = []  # line, count, first file
            for value, line in zip(values, lines, strict=True):
                held = table.get(value, 0)
                count, first = held & _COUNT_MASK, held >> _COUNT_BITS
                if count >= self.min_files or (local is not None and value in local[0]):
                    if count < 2 and local is not None:
                        count, first = local[0][value]
                    hits.append((line, count, first))
            if hits:
                found[index] = self._line_finding(index, sorted(hits))
        return found

    def _folder_counts(self) -> dict[str, tuple[dict[int, tuple[int, int]], int]]:
        """For each folder with enough files: its lines in enough of them (count, first file)."""
        members: dict[str, list[int]] = {}
        for index in self._line_signs:
            members.setdefault(self._folders[index], []).append(index)
        result = {}
        for folder, indices in members.items():
            if len(indices) < self.min_folder:
                continue
            counts: Counter[int] = Counter()
            first: dict[int, int] = {}
            for index in indices:
                values = array("Q")
                values.frombytes(self._line_signs[index][0])
                counts.update(values)
                for value in values:
                    first.setdefault(value, index)
            need = max(2, -(-len(indices) * self.share // 100))
            kept = {v: (c, first[v]) for v, c in counts.items() if c >= need}
            result[folder] = (kept, len(indices))
        return result

    def _line_finding(self, index: int, hits: Sequence[tuple[int, int, int]]) -> Diagnostic:
        line, count, first = hits[0]
        where = "this file first" if first == index else f"first in {self.names[first]}"
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
