"""Corpus rules (ND301-ND303): the same article twice, and lines that many files repeat.

These rules compare files with each other, so they are opt-in (``--select
ND3``, ``--extend-select ND301``, or ``extend-select`` in the
configuration) and only ``newsdoc check``, ``newsdoc report`` and the Dask
helper, which read a whole corpus, report them.  Each rule's check runs on
one file and only computes that file's signature (:mod:`.sketch`: hashes,
not text); :mod:`.merge` compares the signatures of every file of the run
and reports each finding on the later file in path order, naming the
earlier one.  ``validate()`` of one text, which has no corpus, reports
nothing for them.
"""

from __future__ import annotations

from .base import SIGNATURE, Context, Option, rule
from .examples import GOOD, HEADS, dump

__all__ = ["CROSS_FILE", "duplicate_dump", "near_duplicate_dump", "repeated_line"]

_LONG: str = (
    "The city council approved the new budget on Monday after a long debate.\n"
    "The vote was seven to two, with both members of the opposition against it.\n"
    "The budget raises spending on schools and roads by four percent next year.\n"
)
_EDITED: str = _LONG.replace("long debate", "short debate")


def _sign(ctx: Context) -> None:
    """Store the file's signature, once for the three rules: the parts its checked rules need."""
    if SIGNATURE in ctx.cache:
        return
    from .sketch import sign

    checked = ctx.checked
    near = near_duplicate_dump.code in checked
    body = near or duplicate_dump.code in checked
    ctx.cache[SIGNATURE] = sign(
        ctx.stripped, ctx.runs, body, near, repeated_line.code in checked, checked
    )


@rule(
    code="ND301",
    name="duplicate-dump",
    severity="warning",
    fix=None,
    opt_in=True,
    bad=dump(heads=HEADS + "Budget Passes\n"),
    good=GOOD,
)
def duplicate_dump(ctx: Context) -> None:
    """A dump whose body is the same as an earlier file's (whitespace aside).

    The same article scraped twice, under two URLs or twice by one crawl, counts twice in
    every statistic and leaks between training and test sets. The bodies are compared
    after collapsing runs of whitespace, so a different line break or trailing space still
    matches; the headline lists may differ. The later file in path order is reported, at
    its first body line, naming the earlier one; delete one of the two.

    A corpus rule (opt-in: `--select ND3` or `--extend-select ND301`): it compares every
    file that `newsdoc check` or `newsdoc report` reads in one run, keeping an 8-byte hash
    of each body, and reports nothing when one text is checked alone. The examples are two
    files: the good one first, then the bad one.
    """
    _sign(ctx)


@rule(
    code="ND302",
    name="near-duplicate-dump",
    severity="warning",
    fix=None,
    opt_in=True,
    options=(
        Option(
            "min-similarity",
            40,
            "the share of word shingles (in percent) two bodies must share to be reported",
        ),
    ),
    bad=dump(_EDITED),
    good=dump(_LONG),
)
def near_duplicate_dump(ctx: Context) -> None:
    """A dump whose body is nearly the same as an earlier file's: the same article, edited.

    An article fetched again after an update, with a corrected word or a paragraph moved,
    or the same agency story on two sites. Bodies are compared by the share of their word
    triples they have in common (each paragraph, lowercased and split at whitespace, cut
    into consecutive triples), estimated with MinHash and found with locality-sensitive
    hashing, as text-dedup and datatrove deduplicate web text; the headline lists do not
    count. Pairs sharing at least `min-similarity` percent are reported on the later file,
    at its first body line, naming the earlier one and the estimate. The default, 40, is
    measured (docs/corpus.md): different articles of the real corpus share at most 8%, a
    copy with 5% of its words replaced and its paragraphs shuffled 72% (median; 53% at
    the 5th percentile). Exact duplicates are ND301's; bodies of fewer than 8 distinct
    triples are never compared.

    A corpus rule (opt-in: `--select ND3` or `--extend-select ND302`): the examples are two
    files, the good one first.
    """
    _sign(ctx)


@rule(
    code="ND303",
    name="repeated-line",
    severity="warning",
    fix=None,
    opt_in=True,
    options=(
        Option("min-files", 5, "a line in at least this many files of the run is reported"),
        Option(
            "folder-share",
            50,
            "or in at least this share (in percent) of the files of its folder...",
        ),
        Option(
            "min-folder-files",
            10,
            "...when that folder holds at least this many files",
            minimum=2,
        ),
    ),
    bad=dump("The council approved the budget on Monday.\nSign up for our newsletter.\n"),
    good=GOOD,
)
def repeated_line(ctx: Context) -> None:
    """A body or headline line that many files of the corpus repeat: probable page furniture.

    Sites print the same lines on every page (navigation, newsletter boxes, "Comments
    powered by Disqus.", cookie banners) and scrapers keep them. A per-file rule can only
    guess from the wording; a corpus shows them by their frequency, as C4 and FineWeb
    remove lines repeated across documents. A line (runs of spaces and tabs collapsed,
    lowercased, holding a letter) that occurs in at least `min-files` files of the run, or in at least
    `folder-share` percent of the files of its folder when the folder holds at least
    `min-folder-files` files (scrapes are usually laid out one folder per site), is
    reported once per file: at the first such line, with how many files hold it and the
    first of them, and how many more such lines the file has. On those lines `newsdoc
    check` leaves out the findings of the furniture rules that guess the same from the
    wording (ND216-ND219): the corpus signal is measured, not guessed.

    A corpus rule (opt-in: `--select ND3` or `--extend-select ND303`): the examples are
    one file among many, the bad one holding a line that at least `min-files` of them
    hold. Only line hashes are kept (8 bytes each); past 4 million distinct lines the
    count table drops lines seen once (lossy counting), so a very large corpus may miss a
    few lines repeated in barely `min-files` files.
    """
    _sign(ctx)


CROSS_FILE: frozenset[str] = frozenset(
    r.code for r in (duplicate_dump, near_duplicate_dump, repeated_line)
)
"""The codes of the rules whose findings come from comparing files (:mod:`.merge`)."""
