"""JSON Lines of a document's texts made by joining them is what json.dumps makes.

``newsdoc.convert.engine._plain_jsonl`` skips json's encoder when no text
holds a character JSON escapes; these tests compare it, byte for byte, with
the plain way (``to_dict`` and ``json.dumps``, with the line breaks of
Unicode escaped) on generated documents and sources, and check that it
gives up on every text that needs escaping.
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

import newsdoc
from newsdoc.convert import engine as _engine
from newsdoc.model.document import Headline, NewsDump, Paragraph, PendingItems
from newsdoc.strategies import documents, dump_texts

_OPTIONS = _engine.Options("jsonl")

# Texts with every character JSON or the JSON Lines writer escapes, and some it does not.
_TEXT = st.text(
    alphabet=st.sampled_from(['"', "\\", "\t", "\u0085", "\u2028", "\u2029", "a", "’", " ", "/"]),
    min_size=1,
).map(lambda t: f"x{t}x")
_SOURCE = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["corpus/a.txt", 'we"ird.txt', "back\\slash.txt", "l\u2028s.txt"]),
)


def _plain_way(document: NewsDump, source: str | None) -> bytes:
    """The JSON line as json.dumps writes it (the way render took before)."""
    data = newsdoc.to_dict(document, source=source)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (_engine._escape_breaks(text) + "\n").encode("utf-8", "surrogatepass")


def _fast_way(document: NewsDump, source: str | None) -> bytes | None:
    line = _engine._plain_jsonl(document, source)
    return None if line is None else line.encode("utf-8", "surrogatepass")


@given(documents(), _SOURCE)
def test_joined_texts_are_what_json_writes(document: NewsDump, source: str | None) -> None:
    """For any document and source, the joined line (when made) is json's, byte for byte."""
    fast = _fast_way(document, source)
    if fast is not None:
        assert fast == _plain_way(document, source)
        assert json.loads(fast) == newsdoc.to_dict(document, source=source)


@given(st.lists(_TEXT, min_size=1, max_size=4), st.lists(_TEXT, min_size=1, max_size=4), _SOURCE)
@example(["a\tb"], ["c"], None)
@example(['say "x"'], ["c"], "s.txt")
def test_texts_that_need_escaping_go_through_json(
    body: list[str], headlines: list[str], source: str | None
) -> None:
    """A text holding a quote, backslash, TAB or Unicode line break is left to json; output is json's."""
    document = NewsDump(tuple(map(Paragraph, body)), tuple(map(Headline, headlines)))
    escaped = set('"\\\t\u0085\u2028\u2029')
    fast = _fast_way(document, source)
    assert (fast is None) == any(escaped & set(text) for text in body + headlines)
    rendered = _engine.render(document, source, _OPTIONS, True)
    assert rendered == _plain_way(document, source)


@given(dump_texts(), _SOURCE)
def test_a_parsed_document_converts_as_the_plain_way(text: str, source: str | None) -> None:
    """render() of a parsed document (its items not made) gives json's line; the items stay unmade."""
    document = newsdoc.loads(text)
    rendered = _engine.render(document, source, _OPTIONS, True)
    assert isinstance(vars(NewsDump)["body"].peek(document), PendingItems)
    assert rendered == _plain_way(document, source)


@given(st.text(max_size=40))
def test_a_source_is_written_as_json_writes_it(source: str) -> None:
    """The source of the line, written without json when it can be, is json's string."""
    expected = _engine._escape_breaks(json.dumps(source, ensure_ascii=False))
    assert _engine._json_string(source) == expected
