"""newsdoc: parse, validate, convert and format plain-text news dumps.

A news dump is the file a news scraper writes: the article's body
paragraphs (one per line), a run of blank lines, and a list of headlines
(one per line).  See docs/spec.md for the format and docs/rules.md for the
rules ``validate`` checks.
"""

from .config.settings import Config
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
