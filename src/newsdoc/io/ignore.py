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

pathspec (which implements git's wildmatch rules) is imported only when a
folder is searched.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["Ignores"]

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
        self.specs: dict[str, Any] = {}
        self.chains: dict[str, tuple[tuple[str, Any], ...]] = {}
        # The folders above the searched one whose files apply to it, top first.
        above: list[str] = []
        if self.git is not None:
            current = self.absolute
            while current != self.git:
                current = os.path.dirname(current)
                above.append(current)
            above.reverse()
        self.above = above

    def _spec(self, folder: str) -> Any:
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
            import pathspec

            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        self.specs[folder] = spec
        return spec

    def _chain(self, folder: str) -> tuple[tuple[str, Any], ...]:
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
            result = spec.check_file(relative + "/" if folder else relative)
            if result.include is not None:
                return bool(result.include)
        return False
