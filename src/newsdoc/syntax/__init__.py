"""The syntax layer: the grammar, the one reader of a dump's lines, parsing and writing.

- :mod:`.grammar`: loading the grammar, building and caching the Lark parser;
- :mod:`.fastpath`: the fast path's regular expression, composed from the grammar;
- :mod:`.reader`: the one reader of a dump's lines, sections and positions;
- :mod:`.parser`: ``loads`` and ``parse``;
- :mod:`.diagnosis`: the structure and encoding errors (ND001-ND006);
- :mod:`.writer`: ``dumps``, exact or canonical;
- :mod:`.jsonform`: the JSON form of a document;
- :mod:`.encoding`: naming the encoding of bytes that are not UTF-8.

The only layer that imports lark (see docs/architecture.md).
"""

from .jsonform import from_dict, to_dict
from .parser import ParseResult, loads, parse
from .reader import Structure, read
from .writer import dumps

__all__ = ["ParseResult", "Structure", "dumps", "from_dict", "loads", "parse", "read", "to_dict"]
