"""The model layer: what a news dump and a finding are, and what every layer shares.

- :mod:`.document`: the attrs document (``NewsDump``, ``Paragraph``, ``Headline``, ``Layout``);
- :mod:`.diagnostic`: ``Diagnostic``, ``Fix`` and ``Edit``;
- :mod:`.errors`: every public exception;
- :mod:`.chars`: every character class and the names of characters;
- :mod:`.words`: the plural helper;
- :mod:`.speed`: the speed tricks the other layers share;
- :mod:`.compiled`: the per-user cache of compiled code (attrs' methods, builders, patterns).

It imports nothing else of newsdoc (see docs/architecture.md).
"""

from . import compiled  # noqa: F401 - first: the attrs classes are made with its cached code
from .diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from .document import Headline, Layout, NewsDump, Paragraph
from .errors import ConfigError, DocumentError, ParseError

__all__ = [
    "Applicability",
    "ConfigError",
    "Diagnostic",
    "DocumentError",
    "Edit",
    "Fix",
    "Headline",
    "Layout",
    "NewsDump",
    "Paragraph",
    "ParseError",
    "Severity",
]
