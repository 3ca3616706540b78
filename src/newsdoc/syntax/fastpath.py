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

One rewrite is made inside a terminal's pattern: a greedy quantifier at its
very end (``BLOCK`` ends with ``(?:\r?\n…)*``) is made possessive.  In an
atomic group nothing follows it, so it never gives back what it matched
anyway; but Python's engine would keep the means to, a record per repetition,
which for a dump of 100 MB is hundreds of MB (and time).  Possessive, it
keeps none.

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
        group = f"(?>(?P<{symbol}>{_possessive(_terminal(symbol, rules, terminals))}))"
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
