"""The sample dump in seeds/: the document the format comes from."""

from __future__ import annotations

import newsdoc
from tests.conftest import ROOT, SEED


def test_seed_is_a_byte_exact_copy() -> None:
    """seeds/ holds the sample byte for byte, when the shared copy is beside the checkout."""
    shared = ROOT.parent / "shared" / "seeds" / SEED.name
    if shared.is_file():
        assert SEED.read_bytes() == shared.read_bytes()
    assert SEED.stat().st_size == 2971


def test_sample_round_trips_and_counts() -> None:
    """The sample gives 6 paragraphs and 15 headlines and round-trips byte-exact."""
    data = SEED.read_bytes()
    document = newsdoc.loads(data)
    assert len(document.body) == 6
    assert len(document.headlines) == 15
    assert newsdoc.dumps(document).encode("utf-8") == data
    assert newsdoc.dumps(newsdoc.load(SEED)).encode("utf-8") == data


def test_sample_texts_and_layout() -> None:
    """Texts are stripped; the trailing space and blank lines are layout."""
    document = newsdoc.load(SEED)
    last = document.headlines[-1]
    assert last.text == (
        "Democratic Attorneys General Sue Trump Administration Over Proposed Limits "
        "on Gender-Affirming Care for Youth"
    )
    assert last.trailing == " "
    assert last.line == 23
    assert document.body[0].text.startswith("The United States and Russia have agreed")
    assert document.headlines[0].text == (
        "U.S., Europe, Ukraine Hold Productive Florida Talks on Ending Russia-Ukraine War"
    )
    assert document.headlines[0].line == 9
    assert document.layout.separator == ("\n", "\n")
    assert document.layout.trailing == ("\n", "\n", "\n")
    assert not document.layout.bom


def test_sample_canonical_form() -> None:
    """The canonical form drops the trailing space and the extra blank lines, nothing else."""
    data = SEED.read_bytes().decode("utf-8")
    canonical = newsdoc.dumps(newsdoc.loads(data), canonical=True)
    assert canonical == data.rstrip() + "\n"
