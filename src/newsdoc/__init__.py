"""newsdoc: parse, validate, convert and format plain-text news dumps.

A news dump is the file a news scraper writes: the article's body
paragraphs (one per line), a run of blank lines, and a list of headlines
(one per line).  See docs/spec.md for the format and docs/rules.md for the
rules ``validate`` checks.
"""

from ._config import Config, ConfigError
from ._diagnostic import Diagnostic, Edit, Fix
from ._errors import ParseError
from ._files import dump, load
from ._fix import FixResult, fix
from ._json import DocumentError, from_dict, to_dict
from ._model import Headline, Layout, NewsDump, Paragraph
from ._parser import ParseResult, loads, parse
from ._rules import RULES, Option, Rule
from ._validate import validate
from ._writer import dumps

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
