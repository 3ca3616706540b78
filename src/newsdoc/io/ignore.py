"""``.gitignore`` and ``.ignore`` files, honoured when a folder is searched (as ruff does).

Inside a git work tree (a folder with ``.git`` above or at the folder
searched), the ``.gitignore`` file of every folder from the work tree's top
down applies to what is below it, and so does ``.git/info/exclude``;
``.ignore`` files apply inside or outside a work tree, and win over a
``.gitignore`` of the same folder.  As in git, a deeper file wins over a
shallower one, the last matching pattern of a file wins, ``!`` re-includes,
and nothing inside an ignored folder can be re-included (the folder is not
entered).  ``--no-respect-gitignore`` turns all of it off; files named on the
command line are always read.

The patterns follow git's rules (``gitignore(5)``): they are compiled here to
regular expressions, once per ignore file (:func:`compile_patterns`); no
third-party package is needed, and ``tests/test_gitignore.py`` checks them
against ``git check-ignore`` itself on generated patterns and paths.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

__all__ = ["Ignores", "Patterns", "compile_patterns"]

_NAMES = (".gitignore", ".ignore")


def _work_tree(folder: str) -> str | None:
    """The top of the git work tree that holds ``folder`` (absolute), or None."""
    current = folder
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as file:
            return file.read().splitlines()
    except OSError:
        return []


class Patterns:
    """The patterns of one ignore file (or several read together), compiled.

    :meth:`match` says whether the last pattern that matches a path ignores
    it (True), re-includes it (False), or none matches (None), as git decides.
    """

    __slots__ = ("patterns",)

    def __init__(self, patterns: Sequence[tuple[re.Pattern[str], bool, bool]]) -> None:
        self.patterns = patterns  # (regex, negated, folders only), in file order

    def match(self, relative: str, folder: bool) -> bool | None:
        """Whether ``relative`` (a path below the file's folder, with ``/``) is ignored."""
        for regex, negated, folders_only in reversed(self.patterns):
            if folders_only and not folder:
                continue
            if regex.fullmatch(relative):
                return not negated
        return None


def _class(pattern: str, start: int) -> tuple[str, int] | None:
    """A bracket expression at ``pattern[start]`` as a regex class, and where it ends."""
    index = start + 1
    negate = index < len(pattern) and pattern[index] in "!^"
    if negate:
        index += 1
    parts: list[str] = []
    first = True
    while index < len(pattern):
        char = pattern[index]
        if char == "]" and not first:
            inside = "".join(parts)
            return ("[^/" + inside + "]" if negate else "[" + inside + "]"), index + 1
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
        elif char == "-" and parts and index + 1 < len(pattern) and pattern[index + 1] != "]":
            parts.append("-")
            index += 1
        else:
            parts.append(re.escape(char))
            index += 1
        first = False
    return None  # no closing bracket: the "[" is an ordinary character


def _regex(pattern: str) -> str:
    """The regular expression of a wildmatch pattern, over a whole path below its folder."""
    out: list[str] = []
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "*":
            stars = index
            while index < length and pattern[index] == "*":
                index += 1
            double = index - stars >= 2
            before = stars == 0 or pattern[stars - 1] == "/"
            after = index == length or pattern[index] == "/"
            if double and before and after:
                if index == length:
                    out.append(".*")  # "a/**": everything inside
                elif stars == 0:
                    out.append("(?:.*/)?")  # "**/a": a at any depth
                    index += 1
                else:
                    out.append("(?:.*/)?")  # "a/**/b": zero or more folders
                    index += 1
            else:
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            found = _class(pattern, index)
            if found is None:
                out.append(re.escape(char))
                index += 1
            else:
                out.append(found[0])
                index = found[1]
        elif char == "\\" and index + 1 < length:
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


def compile_patterns(lines: Iterable[str]) -> Patterns:
    """Compile the lines of ignore files, as git reads them (``gitignore(5)``)."""
    patterns: list[tuple[re.Pattern[str], bool, bool]] = []
    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        # Trailing spaces are dropped unless escaped with a backslash.
        stripped = line.rstrip(" ")
        if stripped.endswith("\\") and len(stripped) < len(line):
            stripped += " "
        line = stripped
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated or line.startswith(("\\!", "\\#")):
            line = line[1:]
        folders_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.removeprefix("/")
        body = _regex(line)
        regex = body if anchored else f"(?:.*/)?{body}"
        try:
            patterns.append((re.compile(regex, re.S), negated, folders_only))
        except re.error:  # a pattern git would not match either (an empty class...)
            continue
    return Patterns(patterns)


class Ignores:
    """The ignore files that apply under one searched folder, each read once.

    :meth:`ignored` takes a path found under the folder (as the walk gives
    it: the folder's path, then the names below it) and says whether the
    ignore files leave it out.  The chain of files that apply in a folder is
    worked out once per folder, so a folder without any costs one lookup a
    file.
    """

    def __init__(self, top: str) -> None:
        self.top = os.path.normpath(top)
        self.absolute = os.path.abspath(top)
        self.git = _work_tree(self.absolute)
        self.specs: dict[str, Patterns | None] = {}
        self.chains: dict[str, tuple[tuple[str, Patterns], ...]] = {}
        # The folders above the searched one whose files apply to it, top first.
        above: list[str] = []
        if self.git is not None:
            current = self.absolute
            while current != self.git:
                current = os.path.dirname(current)
                above.append(current)
            above.reverse()
        self.above = above

    def _spec(self, folder: str) -> Patterns | None:
        """The patterns of ``folder``'s ignore files (absolute), or None when it has none."""
        if folder in self.specs:
            return self.specs[folder]
        lines: list[str] = []
        if self.git is not None:
            if folder == self.git:
                lines += _lines(os.path.join(folder, ".git", "info", "exclude"))
            lines += _lines(os.path.join(folder, ".gitignore"))
        lines += _lines(os.path.join(folder, ".ignore"))
        spec = None
        if any(line.strip() and not line.startswith("#") for line in lines):
            spec = compile_patterns(lines)
        self.specs[folder] = spec
        return spec

    def _chain(self, folder: str) -> tuple[tuple[str, Patterns], ...]:
        """The (absolute folder, patterns) that apply to the entries of a walked folder, top first."""
        chain = self.chains.get(folder)
        if chain is not None:
            return chain
        parent = os.path.dirname(folder)
        if folder in ("", os.curdir) or parent == folder or os.path.normpath(folder) == self.top:
            bases = [*self.above, self.absolute]
            chain = tuple((base, spec) for base in bases if (spec := self._spec(base)) is not None)
        else:
            absolute = os.path.join(self.absolute, os.path.relpath(folder, self.top))
            spec = self._spec(absolute)
            chain = self._chain(parent)
            if spec is not None:
                chain = (*chain, (absolute, spec))
        self.chains[folder] = chain
        return chain

    def ignored(self, path: str, folder: bool) -> bool:
        """Whether a file (or, with ``folder``, a folder) found in the search is ignored."""
        chain = self._chain(os.path.dirname(path))
        if not chain:
            return False
        absolute = os.path.join(self.absolute, os.path.relpath(path, self.top))
        for base, spec in reversed(chain):  # the deepest file decides first
            relative = os.path.relpath(absolute, base).replace(os.sep, "/")
            result = spec.match(relative, folder)
            if result is not None:
                return result
        return False
