"""Sphinx extension for newsdoc's site: highlighting and public reference names.

- Pygments lexers for the fences the pages use that Pygments does not know:
  ``lark`` (the grammar in the spec), ``example`` (the spec's numbered
  examples: an input, a ``.`` line, the expected result) and ``jsonl`` /
  ``ndjson`` (JSON Lines, one JSON value a line).
- Public objects live in internal modules (``newsdoc.model.document.NewsDump``) but
  are documented where users import them from (``newsdoc.NewsDump``); type
  hints that name the private path are resolved to the public one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, using
from pygments.lexers.data import JsonLexer
from pygments.token import (
    Comment,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)


class LarkLexer(RegexLexer):
    """Lark grammars (EBNF with rules, TERMINALS, strings, /regexps/ and %directives)."""

    name = "Lark"
    aliases = ("lark",)
    filenames = ("*.lark",)

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"//.*?$", Comment.Single),
            (r"%(import|ignore|declare|override|extend)\b", Keyword.Namespace),
            # A definition: `name:`, `?name:`, `!name:`, `NAME.2:`.
            (
                r"^([?!]?)([a-z_][a-z_0-9]*)(\.-?\d+)?(\s*)(:)",
                bygroups(Operator, Name.Function, Number, Whitespace, Punctuation),
            ),
            (
                r"^([A-Z_][A-Z_0-9]*)(\.-?\d+)?(\s*)(:)",
                bygroups(Name.Constant, Number, Whitespace, Punctuation),
            ),
            (r'"(\\\\|\\"|[^"])*"i?', String),
            (r"/(\\\\|\\/|[^/\n])+/[imslux]*", String.Regex),
            (r"[A-Z_][A-Z_0-9]*", Name.Constant),
            (r"[a-z_][a-z_0-9]*", Name.Variable),
            (r"\d+", Number),
            (r"->|\.\.|[|*+?~]", Operator),
            (r"[()\[\]{},:.]", Punctuation),
            (r".", Text),
        ],
    }


class ExampleLexer(RegexLexer):
    """The spec's examples: escaped input, a ``.`` line, then JSON or an error."""

    name = "newsdoc spec example"
    aliases = ("example",)

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"^\.\n", Generic.Heading, "expected"),
            (r"\\(r|t|z|\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})", String.Escape),
            (r"[^\\\n]+", Text),
            (r"\n", Whitespace),
            (r"\\", Text),
        ],
        "expected": [
            (
                r"^(error)( )(ND\d{3})( at line )(\d+)(, column )(\d+)",
                bygroups(Generic.Error, Text, Name.Exception, Text, Number, Text, Number),
            ),
            (r"[\s\S]+", using(JsonLexer)),
        ],
    }


class JsonLinesLexer(JsonLexer):
    """JSON Lines: one JSON value a line (Pygments' JSON lexer reads a stream)."""

    name = "JSON Lines"
    aliases = ("jsonl", "ndjson")
    filenames = ("*.jsonl", "*.ndjson")


def _public_reference(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve ``newsdoc.layer.module.Name`` to the documented ``newsdoc.Name``."""
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("newsdoc.") or target.count(".") < 2:
        return None
    import newsdoc

    name = target.rsplit(".", 1)[-1]
    if name not in newsdoc.__all__:
        return None
    return env.domains["py"].resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"newsdoc.{name}", node, contnode
    )


def setup(app: Any) -> dict[str, Any]:
    """Register the lexers and the reference resolver."""
    app.add_lexer("lark", LarkLexer)
    app.add_lexer("example", ExampleLexer)
    app.add_lexer("jsonl", JsonLinesLexer)
    app.add_lexer("ndjson", JsonLinesLexer)
    app.connect("missing-reference", _public_reference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
