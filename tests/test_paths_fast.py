"""The fast ways of finding and reading files give what the straightforward ones give."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdoc.config.globs import relative_to
from newsdoc.config.settings import Config
from newsdoc.convert.engine import inputs
from newsdoc.io.finder import Source, iter_sources
from newsdoc.io.paths import InputError, _read_to_end, read_bytes, walk_names

GOOD = b"A paragraph.\n\n\nA headline\n"


def _tree(top: Path) -> Path:
    """A folder with every kind of entry the walk reports or skips."""
    tree = top / "tree"
    for name in ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt", ".hidden.txt", "z/e.txt"]:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(GOOD)
    (tree / "link.txt").symlink_to(tree / "a.txt")
    (tree / "dangling.txt").symlink_to(tree / "nowhere.txt")
    (tree / "up").symlink_to(tree)
    os.mkfifo(tree / "pipe.txt")
    (tree / os.fsdecode(b"caf\xe9.txt")).write_bytes(GOOD)
    return tree


def _shown(items: list[Path | InputError] | list[str | InputError]) -> list[str]:
    return [f"error: {item}" if isinstance(item, InputError) else str(item) for item in items]


SPELLINGS = ["{tree}", "{tree}/", "tree", "tree/", "./tree", "tree/../tree", ".", "tree/sub"]


def _reference(folder: Path) -> list[str]:
    """The straightforward walk with Path objects: what the string walk must give.

    Entries sorted by name, folders where they sort; links to folders not
    followed; the ``*.txt`` entries kept, each a file or the error that
    names it.
    """
    found = []
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.is_dir() and not entry.is_symlink():
            found += _reference(entry)
            continue
        if entry.suffix != ".txt":
            continue
        shown = os.fsencode(entry).decode("utf-8", "backslashreplace")
        if shown != str(entry):
            found.append(f"error: {shown}: the file name is not valid UTF-8; skipped")
        elif entry.is_symlink() and not entry.exists():
            found.append(f"error: {entry}: broken symbolic link to {os.readlink(entry)}")
        elif entry.is_file():
            found.append(str(entry))
        elif entry.is_fifo():
            found.append(f"error: {entry}: a FIFO, not a file; skipped")
        elif not entry.is_dir():  # pragma: no cover - the tree holds no other kind
            found.append(f"error: {entry}: not a regular file")
    return found


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_walk_names_is_the_path_walk_as_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    """Every folder spelling gives the paths and errors, in the order, of a walk with Path objects.

    The string walk gives each path as ``str(Path(...))`` would, and so does
    the one finder, whose folder search it is.
    """
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path if spelling != "." else tree)
    folder = Path(spelling.format(tree=tree))
    expected = _reference(folder)
    found = _shown(list(walk_names(str(folder), lambda name: name.endswith(".txt"))))
    assert found == expected
    assert any(name.endswith("c.txt") for name in found)
    if not spelling.endswith("sub"):
        assert any("FIFO" in name for name in found)
        assert any("not valid UTF-8" in name for name in found)
    config = Config(root=tmp_path, include=("*.txt",), exclude=())
    sources = iter_sources([spelling.format(tree=tree)], config)
    assert [s.name if isinstance(s, Source) else f"error: {s}" for s in sources] == expected


ROOTS = ["{tmp}", "{tree}", "{tree}/sub", "{tmp}/elsewhere", "/"]


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_relative_paths_are_relative_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, spelling: str
) -> None:
    """The relative path of each file found in a folder is relative_to(root, path).

    Roots above, at, below and beside the folder searched, and the
    filesystem's root; globs see the same relative paths as before.
    """
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path if spelling != "." else tree)
    base = Path(root.format(tmp=tmp_path, tree=tree))
    config = Config(root=base, include=("*.txt", "*.md"), exclude=())
    sources = [
        s for s in iter_sources([spelling.format(tree=tree)], config) if isinstance(s, Source)
    ]
    assert sources
    for source in sources:
        assert source.path is not None
        assert source.relative == relative_to(base, source.path)
        assert source.name == str(source.path)


def test_excluded_folders_and_files_by_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anchored exclude globs match the relative paths when the folder is named from elsewhere."""
    tree = _tree(tmp_path)
    monkeypatch.chdir(tree / "sub")
    config = Config(root=tree, exclude=("sub/deeper", "z/e.txt"))
    found = [s.relative for s in iter_sources([".."], config) if isinstance(s, Source)]
    assert found == [".hidden.txt", "a.txt", "link.txt", "sub/c.txt"]


def test_several_paths_give_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file reached through two named paths is checked once, at its first mention."""
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path)
    names = [
        s.name
        for s in iter_sources(["tree/sub", str(tree), "tree/a.txt"], config)
        if isinstance(s, Source)
    ]
    assert names == [
        "tree/sub/c.txt",
        "tree/sub/deeper/d.txt",
        f"{tree}/.hidden.txt",
        f"{tree}/a.txt",
        f"{tree}/link.txt",
        f"{tree}/z/e.txt",
    ]


@pytest.mark.parametrize("stale_size", [0, 1, 99, 100, 100_000])
@pytest.mark.parametrize("max_bytes", [None, 50, 99, 100, 1000])
def test_read_to_end_whatever_fstat_said(
    tmp_path: Path, stale_size: int, max_bytes: int | None
) -> None:
    """A file that grew or shrank since fstat is read to its end, never past the limit plus one byte."""
    path = tmp_path / "grown.txt"
    data = bytes(range(100))
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        read = _read_to_end(fd, stale_size, max_bytes)
    finally:
        os.close(fd)
    assert read == (data if max_bytes is None else data[: max_bytes + 1])


def test_read_bytes_of_empty_and_large_files(tmp_path: Path) -> None:
    """An empty file reads as b""; a file larger than one read chunk is read whole."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read_bytes(empty) == b""
    large = tmp_path / "large.txt"
    data = os.urandom(300_000)
    large.write_bytes(data)
    assert read_bytes(large) == data
    assert read_bytes(str(large), max_bytes=None) == data


COMBINATIONS = [
    ["tree/sub", "tree"],
    ["tree", "tree/sub", "tree/a.txt"],
    ["tree/a.txt", "tree", "tree/a.txt"],
    ["tree/sub", "tree/z", "tree/sub/c.txt"],
    ["tree", "{tree}", "./tree/"],
    [".", "tree/sub", "other"],
    ["tree/z", "other", "tree/sub/../z"],
    ["tree/sub/deeper", "tree/sub", "-", "tree/z/e.txt", "tree/z"],
]


def _other(top: Path) -> None:
    (top / "other").mkdir()
    (top / "other" / "o.txt").write_bytes(GOOD)


@pytest.mark.parametrize("paths", COMBINATIONS, ids=" ".join)
def test_each_file_once_as_when_every_name_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]
) -> None:
    """Check and convert give each file once, at its first mention, as a set of every name would.

    Only the files of overlapping paths are remembered now; the reference
    takes each path alone and drops the names it has seen.  Convert finds
    its inputs with the same finder, so it gives the same files.
    """
    tree = _tree(tmp_path)
    _other(tmp_path)
    monkeypatch.chdir(tmp_path)
    paths = [p.format(tree=tree) for p in paths]
    config = Config(root=tmp_path)

    def checked(names: list[str]) -> list[str]:
        return [
            s.name if isinstance(s, Source) else f"error: {s}" for s in iter_sources(names, config)
        ]

    expected, seen = [], set()
    for name in paths:
        for item in checked([name]):
            key = item if item.startswith("error") or item == "-" else os.path.abspath(item)
            if key not in seen or item.startswith("error") or item == "-":
                seen.add(key)
                expected.append(item)
    assert checked(paths) == expected

    def converted(names: list[str]) -> list[str]:
        return [
            f"error: {found.error}" if found.error else found.name or found.path
            for found in inputs(iter_sources(names, config))
        ]

    assert converted(paths) == expected


def test_overlapping_paths() -> None:
    """Paths overlap when one is the same as, above or below another; '.' holds relative paths."""
    from newsdoc.io.paths import overlapping

    assert overlapping(["/a/b", "/a/c", None, "/d"]) == [False, False, False, False]
    assert overlapping(["/a/b", "/a", "/c"]) == [True, True, False]
    assert overlapping(["/a/b/c.txt", "/a/b/c.txt", "/a/bc"]) == [True, True, False]
    assert overlapping(["a/b", "a/bc", "."]) == [True, True, True]
    assert overlapping(["a/b", "/a/b"]) == [False, False]
    assert overlapping(["/", "/x"]) == [True, True]
