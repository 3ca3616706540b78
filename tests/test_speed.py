"""The shared speed tricks (newsdoc.model.speed) agree with the plain way of doing the same.

- a document whose items are made when first read (``defer``) behaves as one
  made the plain way, by calling the classes;
- an instance made by a ``builder`` equals one made by calling its class;
- a ``LazyPattern`` (compiled from a cached program) matches as ``re.compile``;
- a builder made with the cache of compiled code gets the code compiling gives; attrs is untouched.
"""

from __future__ import annotations

import copy
import os
import pickle
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.model import compiled as _compiled
from newsdoc.model import speed as _speed
from newsdoc.model.document import (
    Headline,
    Layout,
    NewsDump,
    Paragraph,
    PendingItems,
    build_paragraph,
    item_texts,
)
from newsdoc.strategies import dump_texts
from newsdoc.syntax import parser as _parser
from newsdoc.syntax.reader import read
from tests.conftest import ROOT

_BODY = vars(NewsDump)["body"]
_HEADLINES = vars(NewsDump)["headlines"]


def _fields(item: Any) -> tuple[Any, ...]:
    return (type(item), item.text, item.line, item.indent, item.trailing, item.newline)


def _plain(text: str) -> NewsDump:
    """The document of ``text`` made the plain way: every class called, every validator run.

    Its values come from the reader's whole structure (``parser.build``), which
    the deferred way does not use.
    """
    eager = _parser.build(read(text))

    def remade(item: Any) -> Any:
        return type(item)(
            item.text,
            line=item.line,
            indent=item.indent,
            trailing=item.trailing,
            newline=item.newline,
        )

    layout = eager.layout
    return NewsDump(
        tuple(map(remade, eager.body)),
        tuple(map(remade, eager.headlines)),
        layout=Layout(layout.bom, layout.leading, layout.separator, layout.trailing),
    )


@given(dump_texts())
def test_a_document_made_on_first_read_is_the_plain_one(text: str) -> None:
    """loads() leaves the items to be made when first read; nothing tells it from the plain way.

    Equality, hash, repr, every field of every item, the layout, the texts
    without making the items, the exact text, pickling, copying, evolving
    and attrs' own functions.
    """
    plain = _plain(text)
    document = newsdoc.loads(text)
    assert isinstance(_BODY.peek(document), PendingItems)
    assert isinstance(_HEADLINES.peek(document), PendingItems)
    # The texts alone come without making the items...
    assert item_texts(document) == ([p.text for p in plain.body], [h.text for h in plain.headlines])
    assert isinstance(_BODY.peek(document), PendingItems)
    # ... and the rest as the plain document gives it.
    assert newsdoc.dumps(document) == text == newsdoc.dumps(plain)
    assert document == plain and hash(document) == hash(plain)
    assert repr(document) == repr(plain)
    assert [_fields(i) for i in document.body] == [_fields(i) for i in plain.body]
    assert [_fields(i) for i in document.headlines] == [_fields(i) for i in plain.headlines]
    assert document.layout == plain.layout and document.layout.bom == plain.layout.bom
    assert type(document.body) is tuple and document.body is document.body
    assert attrs.asdict(newsdoc.loads(text)) == attrs.asdict(plain)
    assert pickle.loads(pickle.dumps(newsdoc.loads(text))) == plain
    assert copy.copy(newsdoc.loads(text)).headlines == plain.headlines
    assert attrs.evolve(newsdoc.loads(text), layout=Layout()).body == plain.body
    assert newsdoc.to_dict(newsdoc.loads(text), lossless=True) == newsdoc.to_dict(
        plain, lossless=True
    )
    assert newsdoc.dumps(newsdoc.loads(text), canonical=True) == newsdoc.dumps(
        plain, canonical=True
    )


def test_a_deferred_field_stays_frozen() -> None:
    """A document made on first read refuses writes as any frozen attrs instance does."""
    document = newsdoc.loads("P\n\nH\n")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        document.body = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del document.headlines
    assert attrs.fields(NewsDump).body.name == "body"
    assert vars(NewsDump)["__slots__"] == ("body", "headlines", "layout", "__weakref__")


def test_threads_reading_a_deferred_field_get_the_same_items() -> None:
    """Items are made once: threads that read a new document's body at once all get one tuple."""
    text = "".join(f"paragraph {i}\n" for i in range(2000)) + "\nH\n"
    for _ in range(5):
        document = newsdoc.loads(text)
        seen: list[object] = []
        barrier = threading.Barrier(4)

        def read_body(
            document: NewsDump = document,
            barrier: threading.Barrier = barrier,
            seen: list[object] = seen,
        ) -> None:
            barrier.wait()
            seen.append(document.body)

        threads = [threading.Thread(target=read_body) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 4 and all(body is seen[0] for body in seen)


def test_a_field_that_is_not_a_slot_cannot_be_deferred() -> None:
    """defer() refuses what is not a slot, and a field deferred twice."""

    class Plain:
        name = "x"

    with pytest.raises(TypeError, match="not a slot"):
        _speed.defer(Plain, "name")
    with pytest.raises(TypeError, match="not a slot"):
        _speed.defer(NewsDump, "body")


@given(
    st.text(min_size=1).filter(lambda t: t.strip(" \t") == t and "\n" not in t and "\r" not in t),
    st.integers(1, 10**6),
    st.sampled_from(["", " ", "\t "]),
    st.sampled_from(["", " "]),
    st.sampled_from(["\n", "\r\n", ""]),
)
def test_a_builder_makes_what_the_class_makes(
    text: str, line: int, indent: str, trailing: str, newline: str
) -> None:
    """build_paragraph(...) equals Paragraph(...) field by field (when the values are valid)."""
    try:
        plain = Paragraph(text, line=line, indent=indent, trailing=trailing, newline=newline)
    except ValueError:
        return  # a text the model refuses: the parser never builds one
    built = build_paragraph(text, line, indent, trailing, newline)
    assert _fields(built) == _fields(plain) and built == plain and hash(built) == hash(plain)
    assert repr(built) == repr(plain)


@pytest.mark.parametrize(
    ("source", "flags", "samples"),
    [
        ("[\\x80-\\x9f\\u00ad\\u200b\\ufeff]", 0, ["a\u00adb", "plain", "\ufeff"]),
        ("(?P<word>[a-z]+)-(?P<n>\\d+)", re.IGNORECASE, ["AB-12", "x-", "ab-3 cd-4"]),
        (b"newsdoc[\"']?[ \\t]*[\\].=]", 0, [b"[tool.newsdoc]", b"newsdocs"]),
    ],
)
def test_a_lazy_pattern_matches_as_the_compiled_one(
    source: str | bytes, flags: int, samples: list[Any]
) -> None:
    """A LazyPattern, compiled or made from its cached program, finds what re.compile finds."""
    compiled = re.compile(source, flags)
    for _ in range(2):  # the second one is made from the program the first cached
        lazy = _speed.LazyPattern(source, flags)
        for sample in samples:
            assert [m.span() for m in lazy.finditer(sample)] == [
                m.span() for m in compiled.finditer(sample)
            ]
            assert lazy.groupindex == compiled.groupindex and lazy.flags == compiled.flags
    program = _compiled.compiled_program(source, flags)
    made = _compiled.from_program(source, program)
    assert made is not None and made.pattern == source and made.flags == compiled.flags


_CLASSES = """
import sys, types, attrs
import newsdoc, newsdoc.cli.main, newsdoc.cli.check, newsdoc.cli.convert, newsdoc.corpus.stats
import newsdoc.config.baseline, newsdoc.convert.engine
FIELDS = ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_flags",
    "co_stacksize", "co_code", "co_names", "co_varnames", "co_freevars", "co_cellvars",
    "co_filename", "co_name", "co_qualname", "co_firstlineno", "co_exceptiontable")
def canonical(code):
    consts = tuple(canonical(c) if isinstance(c, types.CodeType) else (type(c).__name__, repr(c))
        for c in code.co_consts)
    # Lines, not columns: the columns of a line follow the width of the constants in it.
    lines = tuple(code.co_lines())
    return repr((tuple(getattr(code, f) for f in FIELDS), lines, consts))
found = {}
for name, module in sorted(sys.modules.items()):
    if not name.startswith("newsdoc"):
        continue
    for value in vars(module).values():
        if isinstance(value, type) and attrs.has(value) and value.__module__ == name:
            for key, method in sorted(vars(value).items()):
                code = getattr(method, "__code__", None)
                if code is not None and code.co_filename.startswith("<attrs generated"):
                    found[f"{value.__qualname__}.{key}"] = canonical(code)
        code = getattr(value, "__code__", None)
        if code is not None and code.co_filename.startswith("<builder"):
            found[code.co_filename] = canonical(code)
print(len(found))
for key in sorted(found):
    print(key, found[key])
"""


def _classes(cache: str, seed: str) -> list[str]:
    env = {**os.environ, "NEWSDOC_CACHE_DIR": cache, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _CLASSES], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_builders_made_from_cached_code_get_the_code_compiling_gives(tmp_path: Path) -> None:
    """Every builder of newsdoc is the same code, cached or compiled (constants, bytecode, lines)."""
    compiled = [line for line in _classes("", "1") if line.startswith("<builder")]
    assert len(compiled) >= 4
    _classes(str(tmp_path), "2")  # fills the cache
    assert list(tmp_path.glob("code-*.marshal"))
    cached = [line for line in _classes(str(tmp_path), "1") if line.startswith("<builder")]
    assert cached == compiled


def test_attrs_is_left_as_it_is() -> None:
    """Importing newsdoc changes nothing of attrs: its compiler is attrs' own function."""
    code = (
        "import attr._make as make\n"
        "before = make._compile_and_eval\n"
        "import newsdoc, newsdoc.cli.main\n"
        "print(make._compile_and_eval is before)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "True\n"


def test_a_damaged_code_cache_is_rebuilt(tmp_path: Path) -> None:
    """A cache file that cannot be read is ignored, and written again whole."""
    newsdoc_classes = _classes(str(tmp_path), "5")
    (cached,) = tmp_path.glob("code-*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert _classes(str(tmp_path), "5") == newsdoc_classes
    assert len(cached.read_bytes()) > 100


def test_the_headline_items_are_made_apart(tmp_path: Path) -> None:
    """Reading the headlines makes them alone; the body waits until it is read."""
    document = newsdoc.loads("A\n\nH1\nH2")
    assert [h.text for h in document.headlines] == ["H1", "H2"]
    assert isinstance(_BODY.peek(document), PendingItems)
    assert document.headlines[-1].newline == "" and isinstance(document.headlines[0], Headline)


def test_a_code_cache_grown_too_large_keeps_what_was_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its size limit, the file keeps the entries the writing process used and compiled."""
    import marshal

    path = tmp_path / "code-test.marshal"
    first = _compiled.CodeCache(path)
    used = first.code("x = 1", "<used>")
    first.code("y = 2", "<stale>")
    first.save()
    stale = {f"stale{index}": b"\x00" * 1000 for index in range(5)}
    path.write_bytes(marshal.dumps({**marshal.loads(path.read_bytes()), **stale}))
    second = _compiled.CodeCache(path)
    assert second.code("x = 1", "<used>") == used  # a hit, recorded as used
    second.code("z = 3", "<new>")  # compiled: the file is written at exit
    second.save()
    kept = marshal.loads(path.read_bytes())
    assert len(kept) == 8  # under the limit: every entry stays
    monkeypatch.setattr(_compiled.CodeCache, "LARGEST", 100)
    third = _compiled.CodeCache(path)
    third.code("x = 1", "<used>")
    third.code("w = 4", "<newer>")
    third.save()
    kept = marshal.loads(path.read_bytes())
    assert sorted(code.co_filename for code in kept.values()) == ["<newer>", "<used>"]
