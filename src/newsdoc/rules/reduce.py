"""The corpus merge as the steps of a keyed reduction, for a cluster (:mod:`newsdoc.dask`).

:class:`~.merge.CorpusMerge` compares a run's signatures in one process, in
file order.  These functions do the same comparisons as steps of a
map-and-group-by-key reduction, where no step sees more than one key's
records: the files of one body hash, of one LSH band key, of one line hash,
or one file's candidates and findings.  Each record carries the file's index
in path order, so each step reproduces the merge's order-dependent choices
(the first file of a body, the first :data:`~.merge.BUCKET` files of a band,
the first file holding a line): the findings are the merge's.  (The merge's
lossy counting past :data:`~.merge.MAX_TABLE` distinct lines has no
counterpart here: the counts are exact.)

A file's record is ``(index, name, folder, signature)``.  The functions are
at module level, so that they pickle to the workers.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from ..model.diagnostic import Diagnostic
from .corpus import duplicate_dump, near_duplicate_dump, repeated_line
from .merge import BUCKET, band_keys, line_finding, pair_finding, pick_near
from .sketch import Signature, similarity_of

_EXACT, _NEAR, _LINES = duplicate_dump.code, near_duplicate_dump.code, repeated_line.code

__all__ = [
    "MergeOptions",
    "add",
    "band_group",
    "band_records",
    "body_group",
    "body_key",
    "count",
    "file_findings",
    "has_body",
    "has_lines",
    "has_signature",
    "is_found",
    "is_indexed",
    "line_group",
    "line_records",
    "lines_found",
    "merged",
    "near_group",
    "unwrap",
]

MergeOptions = tuple[bool, float, int, int, int, dict[str, str]]
"""ND301 on; ND302's threshold; ND303's min-files, folder-share, min-folder-files; severities."""


def has_signature(record: tuple[Any, ...]) -> bool:
    """Whether the file was read and signed."""
    return isinstance(record[3], Signature)


def has_lines(record: tuple[Any, ...]) -> bool:
    """Whether the file's signature has line hashes (ND303)."""
    return record[3].lines is not None


def has_body(record: tuple[Any, ...]) -> bool:
    """Whether the file's signature has a body hash (ND301, ND302)."""
    body = record[3].body
    return body is not None and bool(body.body)


def body_key(record: tuple[Any, ...]) -> int:
    """The file's canonical body hash: the key of the exact-duplicate groups."""
    key: int = record[3].body.body
    return key


def body_group(
    group: tuple[int, list[tuple[Any, ...]]], options: MergeOptions
) -> list[tuple[Any, ...]]:
    """The files of one body: ND301 on each but the first; the first, to index its bands."""
    members = sorted(group[1], key=itemgetter(0))
    index, name, _, signature = members[0]
    out: list[tuple[Any, ...]] = []
    body = signature.body
    if body.minhash:
        near = _NEAR in signature.codes
        out.append(("index", index, name, body.minhash, near, body.line, body.excerpt))
    if options[0]:
        severity = options[5][_EXACT]
        for later, later_name, _, later_signature in members[1:]:
            if _EXACT in later_signature.codes:
                line, excerpt = later_signature.body.line, later_signature.body.excerpt
                found = pair_finding(name, _EXACT, 1.0, line, excerpt, severity)
                out.append(("found", later, later_name, [found]))
    return out


def is_found(record: tuple[Any, ...]) -> bool:
    """Whether a record of :func:`body_group` is a finding."""
    return bool(record[0] == "found")


def is_indexed(record: tuple[Any, ...]) -> bool:
    """Whether a record of :func:`body_group` is a body to index in the bands."""
    return bool(record[0] == "index")


def unwrap(record: tuple[Any, ...]) -> tuple[Any, ...]:
    """A tagged record without its tag."""
    return record[1:]


def band_records(record: tuple[Any, ...]) -> list[tuple[int, tuple[Any, ...]]]:
    """One record per LSH band of an indexed body, keyed by the band."""
    return [(key, record[1:]) for key in band_keys(record[3])]


def band_group(group: tuple[int, list[tuple[int, tuple[Any, ...]]]]) -> list[tuple[Any, ...]]:
    """The candidate pairs of one band, each with its estimated similarity.

    Each file with ND302 on, and each of the band's first ``BUCKET`` files
    before it (the files the merge's bucket holds when it comes).
    """
    members = sorted((record for _, record in group[1]), key=itemgetter(0))
    held = members[:BUCKET]
    out = []
    for index, name, minhash, near, line, excerpt in members[1:]:
        if not near:
            continue
        value = int.from_bytes(minhash, "little")
        for other, other_name, other_minhash, *_ in held:
            if other >= index:
                break
            estimate = similarity_of(value, int.from_bytes(other_minhash, "little"))
            out.append((index, name, line, excerpt, other, other_name, estimate))
    return out


def near_group(
    group: tuple[int, list[tuple[Any, ...]]], options: MergeOptions
) -> tuple[int, str, list[Diagnostic]] | None:
    """A file's ND302 finding: its candidates (one record per band shared) verified in turn."""
    index, records = group
    hits: dict[int, int] = {}
    estimates: dict[int, tuple[float, str]] = {}
    for _, _, _, _, other, other_name, estimate in records:
        hits[other] = hits.get(other, 0) + 1
        estimates[other] = (estimate, other_name)
    picked = pick_near(hits, lambda other: estimates[other][0], options[1])
    if picked is None:
        return None
    other, estimate = picked
    _, name, line, excerpt, *_ = records[0]
    severity = options[5][_NEAR]
    found = pair_finding(estimates[other][1], _NEAR, estimate, line, excerpt, severity)
    return index, name, [found]


def count(total: int, _: object) -> int:
    """Count one more file (``foldby``'s step)."""
    return total + 1


def add(first: int, second: int) -> int:
    """Add two counts (``foldby``'s combination)."""
    return first + second


def merged(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    """The folders' file counts of every partition in one dict."""
    merged: dict[str, int] = {}
    for part in parts:
        merged.update(part)
    return merged


def line_records(record: tuple[Any, ...]) -> list[tuple[int, tuple[Any, ...]]]:
    """One record per distinct line of a file, keyed by the line's hash."""
    index, name, folder, signature = record
    quiet = _LINES not in signature.codes
    hashes = array("Q")
    hashes.frombytes(signature.lines.hashes)
    numbers = array("I")
    numbers.frombytes(signature.lines.numbers)
    return [
        (value, (index, name, folder, number, quiet))
        for value, number in zip(hashes, numbers, strict=True)
    ]


def line_group(
    group: tuple[int, list[tuple[int, tuple[Any, ...]]]],
    options: MergeOptions,
    sizes: dict[str, int],
) -> list[tuple[Any, ...]]:
    """The files holding one line: those it counts as repeated in (in all, or in their folder)."""
    members = [record for _, record in group[1]]
    if len(members) < 2:
        return []
    _, min_files, share, min_folder, _ = options[1:]
    members.sort(key=itemgetter(0))
    count = len(members)
    first, first_name = members[0][0], members[0][1]
    by_folder: dict[str, int] = {}
    for member in members:
        by_folder[member[2]] = by_folder.get(member[2], 0) + 1
    local = {
        folder
        for folder, held in by_folder.items()
        if sizes[folder] >= min_folder and held >= max(2, -(-sizes[folder] * share // 100))
    }
    return [
        (index, name, number, count, None if index == first else first_name)
        for index, name, folder, number, quiet in members
        if not quiet and (count >= min_files or folder in local)
    ]


def lines_found(
    group: tuple[int, list[tuple[Any, ...]]], options: MergeOptions
) -> tuple[int, str, list[Diagnostic]]:
    """A file's ND303 finding, from its repeated lines."""
    index, hits = group
    hits = sorted(hits, key=itemgetter(2))
    _, name, line, count, earliest = hits[0]
    more = [hit[2] for hit in hits[1:]]
    return index, name, [line_finding(line, count, earliest, more, options[5][_LINES])]


def file_findings(
    group: tuple[int, list[tuple[int, str, list[Diagnostic]]]],
) -> tuple[int, str, list[Diagnostic]]:
    """A file's findings from every rule, in the order of ``newsdoc check``."""
    index, parts = group
    found = [finding for _, _, findings in parts for finding in findings]
    return index, parts[0][1], sorted(found, key=lambda d: (d.line, d.column, d.code))
