"""``newsdoc check --fix`` and ``--diff``: fix each file, write it (or show the diff).

The fixing itself is :func:`newsdoc.rules.fixer.fix_text`.  Here each input is
fixed with its own configuration, then written back atomically (standard
input goes to standard output), or shown as a unified diff.  What remains is
returned to ``check``, which reports it as usual.  A file that does not
parse is never written: standard input that does not parse is passed
through unchanged, so a pipe loses nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..config.settings import Config
from ..io.content import compress
from ..io.files import Stamp, atomic_write
from ..io.finder import Source
from ..model.diagnostic import Diagnostic
from ..rules.engine import validate
from ..rules.fixer import MAX_PASSES, STRUCTURE_CODES, Keep, fix_text
from .main import say

__all__ = ["Fixer"]


class Fixer:
    """Fixes the inputs of one run and counts what it did."""

    def __init__(self, *, unsafe: bool, diff: bool, color: bool = False) -> None:
        self.unsafe = unsafe
        """Whether unsafe fixes run too."""
        self.diff = diff
        """Whether to show the fixes as a diff instead of writing them."""
        self.color = color
        """Whether to colour the diff."""
        self.write_failed = False
        """Whether a file could not be written (the run then exits 2)."""
        self.changed_files = 0
        """Files changed (or, with ``diff``, that would change)."""
        self.fixed = 0
        """Problems fixed in those files."""
        self.refused: set[str] = set()
        """The reasons already given for inputs that cannot be written (archives, URLs)."""

    def refuse(self, reason: str) -> None:
        """Say once per archive (or for each URL) why an input is not fixed."""
        self.write_failed = True
        if reason not in self.refused:
            self.refused.add(reason)
            say(f"{reason}: not fixed (--fix writes local files only; --diff shows the fixes)")

    def fix(
        self,
        source: Source,
        data: bytes,
        config: Config,
        keep: Keep | None = None,
        compressed: str | None = None,
        stamp: Stamp | None = None,
    ) -> tuple[list[Diagnostic], int]:
        """Fix one input; return the problems that remain and how many were fixed.

        A ``compressed`` file (its compression, from
        :func:`newsdoc.io.content.compression`) is written back in the same
        compression.  ``stamp`` is the file's stamp from before it was read:
        a file changed since is not overwritten.
        """
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            found = validate(data, config)
            self._not_parsed(source, found)
            self._pass_through(source, data, compressed)
            return found, 0
        result = fix_text(text, config, unsafe=self.unsafe, keep=keep)
        remaining = list(result.remaining)
        if any(d.code in STRUCTURE_CODES for d in remaining):
            self._not_parsed(source, remaining)
            self._pass_through(source, data, compressed)
            return remaining, 0
        for diagnostic in result.refused:
            say(
                f"{source.name}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                "not fixed: the fix would break the dump (a paragraph or headline would "
                "be lost or split, or it would not parse)"
            )
        if not result.converged:
            say(
                f"{source.name}: fixes were still changing the text after {MAX_PASSES} passes; "
                "the text so far is used (every pass was checked), but this is a bug: "
                "please report it"
            )
        after = result.text.encode("utf-8")
        if self.diff:
            if result.changed:
                from ..output.diff import unified_diff

                sys.stdout.write(unified_diff(source.name, data, after, "fixed", self.color))
                self._count(len(result.fixed))
            return remaining, len(result.fixed)
        if source.stdin:
            sys.stdout.buffer.write(after if compressed is None else compress(after, compressed))
            sys.stdout.flush()
        elif result.changed and source.path is not None:
            try:
                with atomic_write(source.path, source.tree, expect=stamp) as file:
                    file.write(after if compressed is None else compress(after, compressed))
            except OSError as error:
                say(f"{source.name}: cannot write: {error.strerror or error}")
                self.write_failed = True
                return validate(data, config), 0
        if result.changed:
            self._count(len(result.fixed))
        return remaining, len(result.fixed)

    def _count(self, fixed: int) -> None:
        self.changed_files += 1
        self.fixed += fixed

    def _not_parsed(self, source: Source, found: Sequence[Diagnostic]) -> None:
        """Say why a file with fixable problems was not fixed."""
        if any(d.fix is not None for d in found):
            first = next(d for d in found if d.code in STRUCTURE_CODES)
            say(
                f"{source.name}: not fixed: it does not parse ({first.code} at line "
                f"{first.line}, column {first.column})"
            )

    def _pass_through(self, source: Source, data: bytes, compressed: str | None) -> None:
        """Standard input that cannot be fixed goes to standard output unchanged."""
        if source.stdin and not self.diff:
            sys.stdout.buffer.write(data if compressed is None else compress(data, compressed))
            sys.stdout.flush()
