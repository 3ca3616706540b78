"""The JSON form of a document: to_dict / from_dict, round trips, and the JSON Schema."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import DocumentError, NewsDump, Paragraph, from_dict, to_dict
from newsdoc.strategies import documents, dump_texts, texts
from tests import schema_check
from tests.conftest import SEED

SCHEMA = "newsdoc/document/1"
OPTIONS: list[dict[str, Any]] = [
    {},
    {"positions": True},
    {"lossless": True},
    {"positions": True, "lossless": True},
]


def through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_plain_form_of_the_sample() -> None:
    """The plain form is the schema key and the texts as lists of strings."""
    document = newsdoc.load(SEED)
    data = to_dict(document)
    assert list(data) == ["schema", "body", "headlines"]
    assert data["schema"] == SCHEMA
    assert data["body"] == [p.text for p in document.body]
    assert data["headlines"] == [h.text for h in document.headlines]
    assert list(to_dict(document, source="a/b.txt")) == ["schema", "source", "body", "headlines"]


def test_rich_forms_write_every_key() -> None:
    """Positions give {text, line}; lossless writes every layout key, defaults included (dense)."""
    document = newsdoc.loads("\ufeff\n  a\r\nb\n \nH")
    assert to_dict(document, positions=True) == {
        "schema": SCHEMA,
        "body": [{"text": "a", "line": 2}, {"text": "b", "line": 3}],
        "headlines": [{"text": "H", "line": 5}],
    }
    plain = {"indent": "", "trailing": "", "newline": "\n"}
    assert to_dict(document, lossless=True) == {
        "schema": SCHEMA,
        "body": [
            {"text": "a", "indent": "  ", "trailing": "", "newline": "\r\n"},
            {"text": "b", **plain},
        ],
        "headlines": [{"text": "H", "indent": "", "trailing": "", "newline": ""}],
        "layout": {"bom": True, "leading": ["\n"], "separator": [" \n"], "trailing": []},
    }
    canonical = NewsDump.from_texts(["a"], ["h"])
    assert to_dict(canonical, positions=True, lossless=True) == {
        "schema": SCHEMA,
        "body": [{"text": "a", "line": None, **plain}],
        "headlines": [{"text": "h", "line": None, **plain}],
        "layout": {"bom": False, "leading": [], "separator": ["\n", "\n"], "trailing": []},
    }


@given(dump_texts())
def test_lossless_json_gives_back_the_exact_text(text: str) -> None:
    """Dump -> lossless JSON -> dump reproduces the input exactly (BOM, CRLF, blanks, no final LF)."""
    for positions in (False, True):
        data = through_json(to_dict(newsdoc.loads(text), lossless=True, positions=positions))
        assert schema_check.errors(data) == []
        assert newsdoc.dumps(from_dict(data)) == text


@given(dump_texts())
def test_plain_json_gives_back_the_canonical_form(text: str) -> None:
    """Dump -> plain JSON -> dump is the canonical form, equal to the original document."""
    document = newsdoc.loads(text)
    for positions in (False, True):
        back = from_dict(through_json(to_dict(document, positions=positions)))
        assert back == document
        assert newsdoc.dumps(back) == newsdoc.dumps(document, canonical=True)


@given(dump_texts())
def test_positions_keep_line_numbers(text: str) -> None:
    """With positions, every paragraph and headline keeps its source line."""
    document = newsdoc.loads(text)
    back = from_dict(through_json(to_dict(document, positions=True)))
    assert [p.line for p in back.body] == [p.line for p in document.body]
    assert [h.line for h in back.headlines] == [h.line for h in document.headlines]


@given(documents(), st.sampled_from(OPTIONS), st.none() | st.text(max_size=10))
def test_every_form_matches_the_schema(
    document: NewsDump, options: dict[str, Any], source: str | None
) -> None:
    """Whatever the options, to_dict's output is valid against document.schema.json."""
    data = through_json(to_dict(document, source=source, **options))
    assert schema_check.errors(data) == []
    assert ("source" in data) == (source is not None)
    assert ("layout" in data) == bool(options.get("lossless"))
    items = data["body"] + data["headlines"]
    assert all(isinstance(i, dict) for i in items) == bool(options), items


def test_hand_built_items_have_no_line() -> None:
    """An item built by hand has no line number: positions write null, and read it back."""
    data = to_dict(NewsDump.from_texts(["a"], ["h"]), positions=True)
    assert data["body"] == [{"text": "a", "line": None}]
    assert schema_check.errors(data) == []
    assert from_dict(data).body[0].line is None


def test_document_error_names_every_problem_and_pickles() -> None:
    """DocumentError lists (JSON path, message) pairs, joins them in str(), and pickles."""
    with pytest.raises(DocumentError) as caught:
        from_dict({"schema": SCHEMA, "body": ["a\nb", 3], "headlines": []})
    error = caught.value
    assert error.problems == (
        ("$.body[0]", "Paragraph text must not contain a line break (U+000A) (found at index 1)"),
        ("$.body[1]", "expected a string or an object, got the number 3"),
        ("$.headlines", "needs at least one headline"),
    )
    assert str(error).startswith("$.body[0]: Paragraph text must not contain")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems and str(copy) == str(error)


def test_lone_surrogate_is_rejected() -> None:
    """A lone surrogate (JSON can spell one) cannot be UTF-8, so it is no text."""
    data = json.loads('{"schema": "newsdoc/document/1", "body": ["a\\ud800"], "headlines": ["h"]}')
    with pytest.raises(DocumentError, match=r"\$\.body\[0\]: Paragraph text must not contain"):
        from_dict(data)


def test_schema_key_is_checked_first() -> None:
    """An unknown schema version stops the reading: the rest may mean something else."""
    with pytest.raises(DocumentError) as caught:
        from_dict({"schema": "newsdoc/document/9", "body": 5})
    assert caught.value.problems == (
        (
            "$.schema",
            'unsupported schema "newsdoc/document/9": this newsdoc reads "newsdoc/document/1"',
        ),
    )


# --- the schema and the reader agree ------------------------------------------

_odd = st.sampled_from(
    ["", " ", "\t", "x", " x", "x ", "a\nb", "\r", "\n", "\r\n", " \n", "\t\r\n"]
)
_value = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.floats(0, 2), _odd)
_strings = st.lists(_odd, max_size=3)
_item = st.one_of(
    texts(8),
    _odd,
    _value,
    st.fixed_dictionaries(
        {"text": st.one_of(texts(8), _odd, _value)},
        optional={
            "line": st.one_of(st.integers(-1, 5), _value),
            "indent": _odd,
            "trailing": _odd,
            "newline": _odd,
            "extra": _value,
        },
    ),
)
_FIELDS = ["text", "line", "indent", "trailing", "newline", "extra"]
_LAYOUT_FIELDS = ["bom", "leading", "separator", "trailing", "extra"]


def _mutate(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Break (or not) one spot of a valid document."""
    where = draw(st.sampled_from(["top", "item", "field", "layout"]))
    if where == "top":
        key = draw(st.sampled_from(["schema", "source", "body", "headlines", "layout", "title"]))
        if draw(st.booleans()):
            data.pop(key, None)
        else:
            data[key] = draw(st.one_of(_value, st.lists(_item, max_size=2), st.just({})))
        return
    section = data.get(draw(st.sampled_from(["body", "headlines"])))
    if not isinstance(section, list) or not section:
        return
    index = draw(st.integers(0, len(section) - 1))
    if where == "item":
        section[index] = draw(_item)
    elif where == "field":
        if not isinstance(section[index], dict):
            section[index] = {"text": section[index]}
        section[index][draw(st.sampled_from(_FIELDS))] = draw(st.one_of(_odd, _value))
    else:
        layout = data.setdefault("layout", {})
        if isinstance(layout, dict):
            key = draw(st.sampled_from(_LAYOUT_FIELDS))
            value = layout.get(key)
            if isinstance(value, list) and value and draw(st.booleans()):
                value[draw(st.integers(0, len(value) - 1))] = draw(st.one_of(_odd, _value))
            else:
                layout[key] = draw(st.one_of(_strings, _value))


@st.composite
def _near_documents(draw: st.DrawFn) -> Any:
    """Valid documents in every form, with zero to two spots broken."""
    document = draw(documents())
    data = through_json(
        to_dict(
            document, source=draw(st.none() | st.just("s.txt")), **draw(st.sampled_from(OPTIONS))
        )
    )
    for _ in range(draw(st.integers(0, 2))):
        _mutate(draw, data)
    return data


def _reader_accepts(data: Any) -> bool:
    try:
        from_dict(data)
    except DocumentError:
        return False
    return True


def _trailing_rule_broken(data: Any) -> bool:
    """Only the last trailing blank line may lack its line break: the schema cannot say so."""
    layout = data.get("layout")
    trailing = layout.get("trailing") if isinstance(layout, dict) else None
    if not isinstance(trailing, list):
        return False
    return any(isinstance(t, str) and not t.endswith("\n") for t in trailing[:-1])


@given(_near_documents())
def test_schema_and_reader_agree(data: Any) -> None:
    """The JSON Schema accepts exactly what from_dict accepts (but the one rule it cannot express)."""
    reader = _reader_accepts(data)
    schema = schema_check.errors(data) == []
    if reader:
        assert schema, schema_check.errors(data)
    elif schema:
        assert _trailing_rule_broken(data), data


def test_paragraph_from_dict_item() -> None:
    """An item object with layout builds the same Paragraph as the model's constructor."""
    data = {
        "schema": SCHEMA,
        "body": [{"text": "a", "indent": "\t", "trailing": "", "newline": "\n", "line": 4}],
        "headlines": ["h"],
    }
    paragraph = from_dict(data).body[0]
    assert paragraph == Paragraph("a")
    assert (paragraph.indent, paragraph.line, paragraph.newline) == ("\t", 4, "\n")
