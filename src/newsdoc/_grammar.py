"""Finding the grammar file and building the Lark parser from it, lazily.

There is one grammar file, ``grammar/newsdoc.lark`` at the top of the source
tree.  A wheel carries it inside the package (``newsdoc/newsdoc.lark``); a
source checkout or an editable install reads it from ``grammar/``.

Building an LALR parser from the grammar takes about 20 ms, so it is never
done at import time, and the built parser is kept in a per-user cache
folder (``$NEWSDOC_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsdoc``, else
``~/.cache/newsdoc``), keyed by a hash of the grammar and the versions of
newsdoc and lark.  Loading it from there takes about 1 ms.  Set
``NEWSDOC_CACHE_DIR`` to an empty string to turn the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

__all__ = ["grammar_text", "lark_parser"]

GRAMMAR_NAME = "newsdoc.lark"


@cache
def grammar_text() -> str:
    """Return the text of the grammar file, wherever it is installed."""
    packaged = resources.files("newsdoc").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME
    try:
        return source.read_text(encoding="utf-8")
    except OSError as error:  # pragma: no cover - a broken installation
        raise RuntimeError(
            f"newsdoc cannot find its grammar: neither the package data {GRAMMAR_NAME} "
            f"nor {source} exists ({error.strerror}); reinstall newsdoc"
        ) from None


def _cache_dir() -> Path | None:
    configured = os.environ.get("NEWSDOC_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsdoc"


def _cache_key(text: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("newsdoc")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ours = "0"
    import lark

    digest = hashlib.sha256(f"{ours}\0{lark.__version__}\0{text}".encode()).hexdigest()
    return digest[:32]


_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def _build(text: str, transformer: Any) -> Lark:
    from lark import Lark

    return Lark(text, transformer=transformer, **_OPTIONS)


@cache
def lark_parser(transformer: Any = None) -> Lark:
    """Return the LALR parser for the grammar, built once per process.

    With ``transformer`` the parser transforms at each reduction (no tree is
    built); without, it returns a lark ``Tree``.
    """
    from lark import Lark

    text = grammar_text()
    folder = _cache_dir()
    if folder is None:
        return _build(text, transformer)
    path = folder / f"parser-{_cache_key(text)}.pickle"
    try:
        with path.open("rb") as file:
            return Lark.load(file, transformer=transformer)  # type: ignore[call-arg]
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a corrupt or foreign cache file is rebuilt
        pass
    parser = _build(text, transformer)
    _save(parser, folder, path)
    return parser


def _save(parser: Lark, folder: Path, path: Path) -> None:
    """Write the built parser to the cache atomically; failing to is not an error."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".parser-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            parser.save(file, exclude_options=("transformer",))
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        with contextlib.suppress(OSError):
            os.unlink(temporary)
