"""newsdoc: parse, validate, convert and format plain-text news dumps.

A news dump is the file a news scraper writes: the article's body
paragraphs (one per line), a run of blank lines, and a list of headlines
(one per line).  See docs/spec.md for the format.
"""

from ._errors import ParseError
from ._files import dump, load
from ._json import DocumentError, from_dict, to_dict
from ._model import Headline, Layout, NewsDump, Paragraph
from ._parser import ParseResult, loads, parse
from ._writer import dumps

__all__ = [
    "DocumentError",
    "Headline",
    "Layout",
    "NewsDump",
    "Paragraph",
    "ParseError",
    "ParseResult",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "parse",
    "to_dict",
]
