"""Baselines: record today's findings, then report only new ones.

A finding's fingerprint hashes its rule, its file (relative to the
baseline's folder) and the content of its line, not the line's number, so
edits elsewhere in a file keep the baseline valid.  Identical fingerprints
are counted: if a line holds a problem twice, both are recorded, and a third
is new.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from ..model.diagnostic import Diagnostic
from .globs import relative_to

__all__ = ["Baseline", "BaselineError", "fingerprint"]

SCHEMA: Final = "newsdoc/baseline/1"


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names it."""


def fingerprint(code: str, path: str, source_line: str) -> str:
    """A stable identifier for a finding: rule, file and the line's content."""
    import hashlib

    key = f"{code}\0{path}\0{source_line.strip()}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:20]


class Baseline:
    """Known findings, by (path, code, fingerprint), with their counts."""

    def __init__(self, folder: Path, counts: Counter[tuple[str, str, str]] | None = None) -> None:
        self.folder = folder
        self.counts: Counter[tuple[str, str, str]] = counts or Counter()

    def key(self, name: str) -> str:
        """The path of a file as the baseline records it."""
        return name if name == "-" else relative_to(self.folder, name)

    def add(self, name: str, diagnostics: Iterable[Diagnostic]) -> None:
        """Record the findings of one file."""
        path = self.key(name)
        for diagnostic in diagnostics:
            digest = fingerprint(diagnostic.code, path, diagnostic.source_line)
            self.counts[(path, diagnostic.code, digest)] += 1

    def new(self, name: str, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        """The findings of one file that the baseline does not hold."""
        path = self.key(name)
        budget: Counter[tuple[str, str, str]] = Counter()
        fresh = []
        for diagnostic in diagnostics:
            entry = (
                path,
                diagnostic.code,
                fingerprint(diagnostic.code, path, diagnostic.source_line),
            )
            budget[entry] += 1
            if budget[entry] > self.counts.get(entry, 0):
                fresh.append(diagnostic)
        return fresh

    def to_json(self) -> str:
        """The baseline file's text: sorted, so that it diffs well."""
        import json

        findings = [
            {"path": path, "code": code, "fingerprint": digest, "count": count}
            for (path, code, digest), count in sorted(self.counts.items())
        ]
        return json.dumps({"schema": SCHEMA, "findings": findings}, indent=2) + "\n"

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline file; BaselineError names the file and the problem."""
        import json

        file = Path(path)
        try:
            data: Any = json.loads(file.read_bytes())
        except FileNotFoundError:
            raise BaselineError(f"{file}: no such baseline file") from None
        except OSError as error:
            raise BaselineError(
                f"{file}: cannot read baseline: {error.strerror or error}"
            ) from None
        except ValueError as error:
            raise BaselineError(f"{file}: not a baseline (invalid JSON: {error})") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise BaselineError(f'{file}: not a newsdoc baseline (no "schema": "{SCHEMA}")')
        counts: Counter[tuple[str, str, str]] = Counter()
        for index, item in enumerate(data.get("findings", [])):
            try:
                entry = (item["path"], item["code"], item["fingerprint"])
                count = item.get("count", 1)
                if not all(isinstance(part, str) for part in entry) or type(count) is not int:
                    raise TypeError
            except (KeyError, TypeError, AttributeError):
                raise BaselineError(f"{file}: finding {index} is malformed: {item!r}") from None
            counts[entry] += count
        return cls(file.absolute().parent, counts)

    @classmethod
    def for_file(cls, path: str | os.PathLike[str]) -> Baseline:
        """An empty baseline to be written at ``path``."""
        return cls(Path(path).absolute().parent)
