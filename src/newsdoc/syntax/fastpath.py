r"""The fast path: one regular expression for a whole well-formed dump.

The expression is not written by hand: :func:`compose` builds it from the
Lark parser that the grammar defines, from the parser's own terminal
patterns (``BOM``, ``LEADING``, ``BLOCK``, ``SEPARATOR``, ``TRAILING``) in
the order the ``start`` rule puts them.  For the grammar as it is::

    (?>(?P<BOM>…))?+ (?>(?P<LEADING>…))?+ (?>(?P<body>BLOCK))
    (?>(?P<SEPARATOR>…)) (?>(?P<headlines>BLOCK)) (?>(?P<TRAILING>…))?+ \Z

Each terminal sits in an atomic group and each optional one is possessive,
because Lark's lexer never gives back what a terminal matched: so the
expression finds the same tokens the parser would, or fails where the
parser would fail.  A rule whose only expansion is one terminal (``body``,
``headlines``) names the group of that terminal.

Two rewrites are made inside a terminal's pattern, neither of which changes
what it matches:

- a greedy quantifier at its very end (``BLOCK`` ends with ``(?:\r?\n…)*``)
  is made possessive.  In an atomic group nothing follows it, so it never
  gives back what it matched anyway; but Python's engine would keep the
  means to, a record per repetition, which for a dump of 100 MB is hundreds
  of MB (and time).  Possessive, it keeps none.
- a negated character class (``[^\x00-\x08\n-\x1f\ud800-\udfff]``, what
  the grammar's ``TEXTCHAR`` leaves out) is written as the class of the
  characters it leaves in (``[\t\x20-\ud7ff\ue000-\U0010ffff]``).  Python's
  engine tests the same set of characters a third faster that way, and it
  tests one for every character of a dump.

The expression only ever accepts: when it does not match, the caller runs
the Lark parser, which finds the error and its position.  So every
diagnostic still comes from the grammar.  ``tests/test_fastpath.py`` checks
on generated, mutated and random input that the two agree on acceptance,
on the tokens, on the model and on the round trip.

The composed source is cached with the parser (see :mod:`newsdoc.syntax.grammar`),
so a process that only reads valid dumps never imports lark.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from lark import Lark

__all__ = ["SECTIONS", "NotComposableError", "compose"]

START: Final = "start"
# The groups the model is built from (see newsdoc.syntax.parser._assemble).
SECTIONS: Final = frozenset({"BOM", "LEADING", "body", "SEPARATOR", "headlines", "TRAILING"})


class NotComposableError(Exception):
    """The grammar has a shape that one regular expression of this kind cannot follow."""


def compose(parser: Lark) -> str:
    """Compose the source of the fast path's expression from a built Lark parser.

    The ``start`` rule's expansions must be one sequence of distinct symbols
    in which some are optional (Lark expands ``X?`` into one expansion with
    and one without ``X``); each symbol is a terminal or a rule with the
    single expansion of one terminal.  Raises :class:`NotComposableError` otherwise.
    """
    terminals = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    rules: dict[str, list[tuple[str, ...]]] = {}
    for rule in parser.rules:
        expansion = tuple(symbol.name for symbol in rule.expansion)
        rules.setdefault(rule.origin.name, []).append(expansion)
    expansions = set(rules.get(START, ()))
    if not expansions:
        raise NotComposableError(f"no {START!r} rule")
    skeleton = max(expansions, key=len)
    optional = [s for s in skeleton if any(s not in e for e in expansions)]
    generated = {
        tuple(s for s in skeleton if s not in dropped)
        for size in range(len(optional) + 1)
        for dropped in combinations(optional, size)
    }
    if len(set(skeleton)) != len(skeleton) or generated != expansions:
        raise NotComposableError(f"the {START!r} rule is not a sequence with optional symbols")
    parts = []
    for symbol in skeleton:
        pattern = _positive(_possessive(_terminal(symbol, rules, terminals)))
        group = f"(?>(?P<{symbol}>{pattern}))"
        parts.append(group + "?+" if symbol in optional else group)
    return "".join(parts) + r"\Z"


def _terminal(
    symbol: str, rules: dict[str, list[tuple[str, ...]]], terminals: dict[str, str]
) -> str:
    """The pattern of a terminal, or of the one terminal a rule expands to."""
    if symbol in terminals:
        return terminals[symbol]
    expansions = rules.get(symbol, [])
    if len(expansions) == 1 and len(expansions[0]) == 1 and expansions[0][0] in terminals:
        return terminals[expansions[0][0]]
    raise NotComposableError(f"rule {symbol!r} is not a single terminal")


def _possessive(regex: str) -> str:
    """Make a greedy ``*``, ``+`` or ``?`` at the very end of ``regex`` possessive.

    Only for a pattern that is the whole of an atomic group: what comes
    last in it is followed by nothing that could make it give characters
    back, so the two forms match the same.  A pattern ending otherwise (an
    escaped character, a class, ``{m,n}``, a lazy or possessive quantifier)
    is returned as it is.
    """
    if not regex or regex[-1] not in "*+?":
        return regex
    body = regex[:-1]
    backslashes = len(body) - len(body.rstrip("\\"))
    if backslashes % 2 or not body or body[-1] in "*+?{}":
        return regex
    return regex + "+"


# --- negated classes written as what they leave in ----------------------------------

_LAST: Final = 0x10FFFF
_ESCAPES: Final = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "a": 7}
_HEX: Final = {"x": 2, "u": 4, "U": 8}


def _positive(regex: str) -> str:
    r"""Write each negated character class of ``regex`` as the class of what it leaves in.

    The two classes hold exactly the same characters (``tests/test_fastpath.py``
    checks every code point); only the engine's way of testing them differs.
    A class with anything but characters and ranges in it (``\d``, a
    nested set...) is left as it is.
    """
    out = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            out.append(regex[index : index + 2])
            index += 2
            continue
        if char == "[":
            end, ranges = _read_class(regex, index)
            if ranges is not None and regex.startswith("[^", index):
                out.append(_class(_complement(ranges)))
            else:
                out.append(regex[index:end])
            index = end
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _read_class(regex: str, start: int) -> tuple[int, list[tuple[int, int]] | None]:
    """The end of the class at ``regex[start]`` and its ranges (None: not only characters)."""
    index = start + 1 + regex.startswith("[^", start)
    items: list[int | str] = []  # code points, and "-" between the two ends of a range
    ok = True
    first = True
    while index < len(regex) and (regex[index] != "]" or first):
        first = False
        char = regex[index]
        if char == "\\":
            code, index = _escape(regex, index)
            ok = ok and code is not None
            items.append(code if code is not None else 0)
            continue
        if char == "[":
            ok = False  # a nested set, or a warning of one
        items.append("-" if char == "-" else ord(char))
        index += 1
    end = index + 1
    if index >= len(regex) or not ok:
        return end, None
    ranges: list[tuple[int, int]] = []
    position = 0
    while position < len(items):
        low = items[position]
        if (
            position + 2 < len(items)
            and items[position + 1] == "-"
            and isinstance(low, int)
            and isinstance(items[position + 2], int)
        ):
            high = items[position + 2]
            assert isinstance(high, int)
            ranges.append((low, high))
            position += 3
        else:
            point = ord("-") if low == "-" else low
            assert isinstance(point, int)
            ranges.append((point, point))
            position += 1
    return end, ranges


def _escape(regex: str, index: int) -> tuple[int | None, int]:
    """The code point of the escape at ``regex[index]`` (None: not one character), and what follows."""
    letter = regex[index + 1 : index + 2]
    if letter in _HEX:
        digits = regex[index + 2 : index + 2 + _HEX[letter]]
        try:
            return int(digits, 16), index + 2 + _HEX[letter]
        except ValueError:
            return None, index + 2
    if letter in _ESCAPES:
        return _ESCAPES[letter], index + 2
    if letter and not letter.isalnum():
        return ord(letter), index + 2  # an escaped punctuation character is itself
    return None, index + 2


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The code points in none of ``ranges``, as sorted ranges."""
    left = []
    start = 0
    for low, high in sorted(ranges):
        if low > start:
            left.append((start, low - 1))
        start = max(start, high + 1)
    if start <= _LAST:
        left.append((start, _LAST))
    return left


def _class(ranges: list[tuple[int, int]]) -> str:
    """A character class of ``ranges``, every character escaped."""
    if not ranges:
        return "(?!)"  # a class of no character
    parts = []
    for low, high in ranges:
        parts.append(_code(low) if low == high else f"{_code(low)}-{_code(high)}")
    return "[" + "".join(parts) + "]"


def _code(point: int) -> str:
    if point <= 0xFF:
        return f"\\x{point:02x}"
    if point <= 0xFFFF:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"
