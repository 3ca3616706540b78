"""A news dump as a JSON document, and back: the versioned ``newsdoc/document/1`` form.

:func:`to_dict` turns a :class:`NewsDump` into plain JSON data and
:func:`from_dict` builds one from such data, checking every value and
naming each problem by its JSON path (``$.body[2]``).  The JSON Schema is
``schemas/document.schema.json``; docs/json.md describes the form.

The rich forms (``positions``, ``lossless``) and every read go through
cattrs converters generated from the attrs model, built once per process on
first use.  The plain form (texts only) is what corpus conversion writes
millions of times, so it is built directly: it skips importing cattrs (about
45 ms) and costs 1.1 µs per document instead of 3.6 µs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from ..model.document import Headline, Layout, NewsDump, Paragraph, item_texts
from ..model.errors import DocumentError
from ..model.speed import once

if TYPE_CHECKING:
    import cattrs

__all__ = ["SCHEMA", "DocumentError", "HugeInteger", "from_dict", "to_dict"]

SCHEMA: Final = "newsdoc/document/1"
"""The value of the ``"schema"`` key of every document newsdoc writes and reads."""

_OWN_KEYS: Final = ("schema", "source", "signals")
"""Keys of a document that are not its content (``signals`` is what ``convert --signals`` adds)."""


# --- writing -----------------------------------------------------------------


def to_dict(
    document: NewsDump,
    *,
    source: str | None = None,
    positions: bool = False,
    lossless: bool = False,
) -> dict[str, Any]:
    """Return ``document`` as a ``newsdoc/document/1`` JSON object (plain dicts and lists).

    By default the texts are plain strings.  ``positions=True`` makes each
    paragraph and headline an object with its ``text`` and source ``line``;
    ``lossless=True`` adds the layout (``indent``, ``trailing``,
    ``newline`` of each line and a ``layout`` object), so that
    ``dumps(from_dict(to_dict(doc, lossless=True)))`` gives back the exact
    text.  Every object of these forms has all its keys, defaults written
    out (a ``line`` that is not known is null), so that data tools infer one
    schema from any sample.  ``source`` names the file the document came
    from.
    """
    if not isinstance(document, NewsDump):
        raise TypeError(f"to_dict() needs a NewsDump, not {type(document).__name__}")
    head: dict[str, Any] = {"schema": SCHEMA}
    if source is not None:
        head["source"] = source
    if not positions and not lossless:
        head["body"], head["headlines"] = item_texts(
            document
        )  # without making a parsed one's items
        return head
    head.update(_unstructurer(positions, lossless).unstructure(document))
    return head


@once
def _unstructurer(positions: bool, lossless: bool) -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_unstructure_fn, override

    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    for cls in (Paragraph, Headline):
        hook = make_dict_unstructure_fn(
            cls,
            converter,
            line=override(omit=not positions),
            indent=override(omit=not lossless),
            trailing=override(omit=not lossless),
            newline=override(omit=not lossless),
        )
        converter.register_unstructure_hook(cls, hook)
    converter.register_unstructure_hook(Layout, make_dict_unstructure_fn(Layout, converter))
    converter.register_unstructure_hook(
        NewsDump,
        make_dict_unstructure_fn(NewsDump, converter, layout=override(omit=not lossless)),
    )
    return converter


# --- reading -----------------------------------------------------------------


def from_dict(data: Any) -> NewsDump:
    """Build a :class:`NewsDump` from a ``newsdoc/document/1`` JSON object.

    Texts may be plain strings or objects with ``text`` and, optionally,
    ``line`` and layout; a ``layout`` object sets the rest of the layout.
    Whatever is not given takes the canonical layout, so a document without
    layout is written back in canonical form.  Raises :class:`DocumentError`
    naming every problem by its JSON path.
    """
    return read_document(data)[0]


def read_document(data: Any) -> tuple[NewsDump, str | None]:
    """Like :func:`from_dict`, and also return the document's ``source`` (or None)."""
    if not isinstance(data, dict):
        raise DocumentError([("$", f"expected a newsdoc document (an object), got {_kind(data)}")])
    keys = _non_string_keys(data, "$")
    if keys:
        raise DocumentError(keys)
    problems: list[tuple[str, str]] = []
    if "schema" not in data:
        problems.append(("$", f'missing key "schema" (it must be "{SCHEMA}")'))
    elif data["schema"] != SCHEMA:
        shown = data["schema"] if isinstance(data["schema"], str) else _kind(data["schema"])
        raise DocumentError(
            [("$.schema", f'unsupported schema "{shown}": this newsdoc reads "{SCHEMA}"')]
        )
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        problems.append(("$.source", f"expected a string, got {_kind(source)}"))
    rest = {key: value for key, value in data.items() if key not in _OWN_KEYS}
    document = None
    try:
        document = _structurer().structure(rest, NewsDump)
    except Exception as error:  # noqa: BLE001 - every failure becomes a problem with a path
        problems.extend(_problems(error, "$"))
    dense = _dense_problems(rest)
    if dense:
        problems = sorted([*problems, *dense], key=_item_order)
    if problems or document is None:
        raise DocumentError(problems)
    return document, source


_ITEM_LAYOUT: Final = ("indent", "trailing", "newline")
_LAYOUT_KEYS: Final = ("bom", "leading", "separator", "trailing")
_SECTIONS: Final = {"body": 0, "headlines": 1, "layout": 2}
_ITEM_PATH: Final = re.compile(r"\$\.(body|headlines|layout)(?:\[(\d+)\])?")


def _missing(keys: Sequence[str], have: dict[str, Any], what: str) -> str | None:
    missing = [key for key in keys if key not in have]
    if not missing:
        return None
    shown = ", ".join(f'"{key}"' for key in missing)
    return f"missing key{'s' if len(missing) > 1 else ''} {shown} ({what})"


def _dense_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys the lossless form writes together and a document leaves out (see the schema).

    An item with any of ``indent``, ``trailing`` and ``newline`` has all
    three, and a ``layout`` has all its keys.
    """
    problems = []
    for section in ("body", "headlines"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            path = f"$.{section}[{index}]"
            if isinstance(item, dict) and any(key in item for key in _ITEM_LAYOUT):
                what = "an item with layout has indent, trailing and newline"
                message = _missing(_ITEM_LAYOUT, item, what)
                if message is not None:
                    problems.append((path, message))
    layout = data.get("layout")
    if isinstance(layout, dict):
        message = _missing(_LAYOUT_KEYS, layout, "a layout has bom, leading, separator, trailing")
        if message is not None:
            problems.append(("$.layout", message))
    return problems


def _item_order(problem: tuple[str, str]) -> tuple[int, int]:
    """Problems by section and item, in a stable sort (an item's own order kept)."""
    match = _ITEM_PATH.match(problem[0])
    if match is None:
        return -1, -1
    return _SECTIONS[match[1]], int(match[2]) if match[2] else -1


class HugeInteger:
    """A JSON integer too long to convert (``int()`` stops at 4,300 digits), read as this."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _non_string_keys(value: Any, path: str) -> list[tuple[str, str]]:
    """Every object key that is not a string, in the data (JSON has only string keys)."""
    found: list[tuple[str, str]] = []
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    found.append((where, f"object keys must be strings, not {_kind(key)}"))
                else:
                    stack.append((child, f"{where}.{key}"))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
    return sorted(found)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, HugeInteger):
        return f"an integer of {value.digits} digits"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very large number"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON has no other kinds


def _strict(expected: type, noun: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not expected:
            raise TypeError(f"expected {noun}, got {_kind(value)}")
        return value

    return hook


def _line(value: Any, _: Any) -> int | None:
    if value is None:
        return None  # not known: what a document built by hand has
    if type(value) is not int or value < 1:
        raise TypeError(f"expected a line number (an integer from 1, or null), got {_kind(value)}")
    return value


def _object(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def checked(value: Any, cls: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {_kind(value)}")
        return hook(value, cls)

    return checked


def _array(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected an array, got {_kind(value)}")
    return value


@once
def _structurer() -> cattrs.Converter:
    import cattrs
    from cattrs.errors import IterableValidationError, IterableValidationNote
    from cattrs.gen import make_dict_structure_fn, override

    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, "a string"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))

    def sequence(element: type, minimum: int, noun: str) -> Callable[[Any, Any], Any]:
        def hook(value: Any, _: Any) -> tuple[Any, ...]:
            items = _array(value)
            if len(items) < minimum:
                raise ValueError(f"needs at least one {noun}")
            result: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(items):
                try:
                    result.append(converter.structure(item, element))
                except Exception as error:  # noqa: BLE001 - collected with its index
                    note = IterableValidationNote(f"@ index {index}", index, element)
                    error.__notes__ = [*getattr(error, "__notes__", []), note]
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"while structuring {noun}s", errors, tuple)
            return tuple(result)

        return hook

    for cls in (Paragraph, Headline):
        by_keys = make_dict_structure_fn(cls, converter, line=override(struct_hook=_line))

        def item(value: Any, _: Any, cls: type = cls, by_keys: Any = by_keys) -> Any:
            if isinstance(value, str):
                return cls(value)
            if isinstance(value, dict):
                return by_keys(value, cls)
            raise TypeError(f"expected a string or an object, got {_kind(value)}")

        converter.register_structure_hook(cls, item)
    blank_lines = sequence(str, 0, "blank line")
    converter.register_structure_hook(
        Layout,
        _object(
            make_dict_structure_fn(
                Layout,
                converter,
                leading=override(struct_hook=blank_lines),
                separator=override(struct_hook=sequence(str, 1, "blank line")),
                trailing=override(struct_hook=blank_lines),
            )
        ),
    )
    converter.register_structure_hook(
        NewsDump,
        make_dict_structure_fn(
            NewsDump,
            converter,
            body=override(struct_hook=sequence(Paragraph, 1, "paragraph")),
            headlines=override(struct_hook=sequence(Headline, 1, "headline")),
        ),
    )
    return converter


def _problems(error: BaseException, path: str) -> list[tuple[str, str]]:
    """Flatten cattrs' nested validation errors into (JSON path, message) pairs."""
    from cattrs.errors import (
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    if isinstance(error, IterableValidationError):
        with_index, without = error.group_exceptions()
        found = [p for e, note in with_index for p in _problems(e, f"{path}[{note.index}]")]
        return found + [p for e in without for p in _problems(e, path)]
    if isinstance(error, ClassValidationError):
        with_name, without = error.group_exceptions()
        found = [p for e, note in with_name for p in _problems(e, _child(path, note.name, e))]
        return found + [p for e in without for p in _problems(e, path)]
    if isinstance(error, ForbiddenExtraKeysError):
        keys = ", ".join(f'"{key}"' for key in sorted(error.extra_fields))
        return [(path, f"unknown key{'s' if len(error.extra_fields) > 1 else ''} {keys}")]
    if isinstance(error, KeyError):
        return [(path, f'missing key "{error.args[0]}"')]
    return [(path, str(error))]


def _child(path: str, name: str, error: BaseException) -> str:
    # A missing key is reported at the object that lacks it.
    return path if isinstance(error, KeyError) else f"{path}.{name}"
