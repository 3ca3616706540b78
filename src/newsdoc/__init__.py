"""newsdoc: parse, validate, convert and format plain-text news dumps.

A news dump is the file a news scraper writes: the article's body
paragraphs (one per line), a run of blank lines, and a list of headlines
(one per line).  See docs/spec.md for the format and docs/rules.md for the
rules ``validate`` checks.  ``newsdoc.__version__`` is the installed
version (read from the package's metadata when first asked for).
"""

import typing as _typing

from .config.settings import Config
from .io import metadata as _metadata
from .io.files import dump, load
from .model.diagnostic import Diagnostic, Edit, Fix
from .model.document import Headline, Layout, NewsDump, Paragraph
from .model.errors import ConfigError, DocumentError, ParseError
from .rules.engine import validate
from .rules.fixer import FixResult, fix
from .rules.registry import RULES, Option, Rule
from .syntax.jsonform import from_dict, to_dict
from .syntax.parser import ParseResult, loads, parse
from .syntax.writer import dumps

__all__ = [  # noqa: RUF022 - plain sorted order, checked by tests/test_api.py
    "Config",
    "ConfigError",
    "Diagnostic",
    "DocumentError",
    "Edit",
    "Fix",
    "FixResult",
    "Headline",
    "Layout",
    "NewsDump",
    "Option",
    "Paragraph",
    "ParseError",
    "ParseResult",
    "RULES",
    "Rule",
    "dump",
    "dumps",
    "fix",
    "from_dict",
    "load",
    "loads",
    "parse",
    "to_dict",
    "validate",
]


if _typing.TYPE_CHECKING:
    __version__: str
    """The installed version of newsdoc, such as ``"0.1.0"``."""
else:

    def __getattr__(name: str) -> object:
        """``__version__``, read when first asked for: ``importlib.metadata`` costs ~15 ms."""
        if name == "__version__":
            globals()["__version__"] = found = _metadata.version()
            return found
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _hypothesis_setup_hook() -> None:
    """Register newsdoc's strategies for its types with Hypothesis (its entry point calls this).

    Hypothesis calls this when it is imported, which may be while
    ``newsdoc.strategies`` itself is being imported: so each strategy is
    looked up only when first drawn.
    """
    from hypothesis import strategies as st

    def registered(cls: type) -> st.SearchStrategy[object]:
        def strategy() -> st.SearchStrategy[object]:
            from . import strategies

            return strategies._for_type(cls)

        return st.deferred(strategy)

    for cls in (NewsDump, Paragraph, Headline, Layout):
        st.register_type_strategy(cls, registered(cls))
