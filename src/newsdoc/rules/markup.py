"""Markup rules (ND222, ND223): what a scraper left of the page's source.

A news dump is plain text, so an HTML tag, a character entity, Markdown or
wiki markup in it is text the scraper failed to convert, and a line that is
only a URL is a link, an image or an embed that it kept as text.  Each rule
first looks for a character its patterns need (``<``, ``&``, ``*``...) in
the whole text and returns at once when there is none.
"""

from __future__ import annotations

import re
from typing import Final

from ..model.speed import LazyPattern
from .base import Context, rule
from .examples import BODY, GOOD, dump

__all__ = ["leftover_markup", "url_only_line"]

# The HTML elements a page's text is marked up with (HTML Living Standard); a
# tag is one of them, so that "a <b and c> d" or "x<3" are never taken for one.
_ELEMENTS: Final = (
    "a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite|"
    "code|col|dd|del|details|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|"
    "head|header|hr|html|i|iframe|img|input|ins|label|li|link|main|mark|meta|nav|noscript|"
    "object|ol|option|p|param|picture|pre|q|s|script|section|select|small|source|span|strike|"
    "strong|style|sub|summary|sup|svg|table|tbody|td|tfoot|th|thead|time|title|tr|u|ul|"
    "video|wbr|ref|references|nowiki|gallery"
)
# (Attributes have values: "<b and c>" is not a tag.)
_ATTRIBUTE: Final = r"""\s+[\w:.-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+)"""
_TAG: Final = rf"<!--.*?-->|</?(?:{_ELEMENTS})(?:{_ATTRIBUTE})*\s*/?>"
# A numeric reference, or a name and a semicolon (checked against HTML's list
# of names), or one of the five names scrapers leave without their semicolon.
_ENTITY: Final = (
    r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};"
    r"|(?:amp|nbsp|quot|lt|gt)(?![A-Za-z0-9;]))"
)
# Markdown and wiki markup, each pattern with the text it keeps (group "kept"):
# bold and __bold words__ at word edges (not "f**k"; not "__init__": a name in
# underscores is code, so __bold__ needs two words), [text](url) and
# ![alt](url), wiki links [[target|text]], templates {{...}}, bold or italic
# quotes, and == Heading ==.  Each pattern starts with its trigger, so that the
# scan skips to it.
_STRONG: Final = r"\*\*(?=[^\s*])(?P<kept>[^*\n]+?)(?<=[^\s*])\*\*(?![\w*])"
_UNDER: Final = r"__(?=[^\s_])(?P<kept>[^_\n]*?\s[^_\n]*?)(?<=[^\s_])__(?![\w_])"
_LINK: Final = r"!?\[(?P<kept>[^\[\]\n]*)\]\((?:https?://|www\.|/|#)[^()\s]*\)"
_WIKI: Final = r"\[\[(?:[^\[\]|\n]*\|)?(?P<kept>[^\[\]|\n]+)\]\]"
_TEMPLATE: Final = r"\{\{[^{}\n]*\}\}"
_QUOTED: Final = r"'{3,5}(?=\S)(?P<kept>[^'\n]+?)(?<=\S)'{3,5}"
_SECTION: Final = r"^={2,6}[ \t]*(?P<kept>[^=\n]*[^=\s])[ \t]*={2,6}(?=[ \t]*\r?$)"
_HEADING: Final = LazyPattern(r"#{1,6}[ \t]+(?=[^\s#])")
_MARKDOWN: Final = "Markdown or wiki markup"
# (trigger, pattern, kind): a pattern runs only on a text that holds its trigger.
# A WordPress shortcode or BBCode tag: "[button link="..." type="big"]", "[/button]"
# (a name and at least one attribute with a value, or a closing one: "[1]" and
# "[Applause]" are not).
_SHORTCODE: Final = (
    r"\[/[a-z][a-z0-9_-]*\]"
    r"|\[[a-z][a-z0-9_-]*(?:\s+[a-z_][\w-]*\s*=\s*"
    r"""(?:"[^"\]\n]*"|“[^”\]\n]*”|”[^”\]\n]*”|'[^'\]\n]*'|[^\s\]"'“”]+))+\s*/?\]"""
)
_PASSES: Final = (
    ("<", LazyPattern(_TAG, re.IGNORECASE | re.DOTALL), "tag"),
    ("[", LazyPattern(_SHORTCODE, re.IGNORECASE), "shortcode"),
    ("&", LazyPattern(_ENTITY), "entity"),
    ("**", LazyPattern(_STRONG), _MARKDOWN),
    ("__", LazyPattern(_UNDER), _MARKDOWN),
    ("](", LazyPattern(_LINK), _MARKDOWN),
    ("[[", LazyPattern(_WIKI), _MARKDOWN),
    ("{{", LazyPattern(_TEMPLATE), _MARKDOWN),
    ("'''", LazyPattern(_QUOTED), _MARKDOWN),
    ("==", LazyPattern(_SECTION, re.MULTILINE), _MARKDOWN),
)
# A mark that must not follow a word character (the start of "**" and "__").
_EDGES: Final = frozenset("*_")
_KEPT: Final = "the scraper kept the page's markup"
_ESCAPED: Final = "the text was not unescaped"
_SOURCE: Final = "the source was Markdown or wiki text, not plain text"
_SHORTCODES: Final = "the scraper kept the page's WordPress shortcodes or BBCode"
_URL_STARTS: Final = ("http", "HTTP", "Http", "ftp", "FTP", "www.", "WWW.")
_URL: Final = LazyPattern(r"(?:https?|ftp)://\S+|www\.[^\s.]+\.\S+", re.IGNORECASE)


def _entity(reference: str) -> str | None:
    """The character(s) an HTML character reference stands for, or None for an unknown name."""
    import html.entities  # only for a text holding a reference

    body = reference[1:]
    if body.startswith("#"):
        digits = body[1:].rstrip(";")
        code = int(digits[1:], 16) if digits[:1] in "xX" and digits[:1] else int(digits)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None
    return html.entities.html5.get(body if body.endswith(";") else body + ";")


def _tag(text: str, start: int, end: int) -> str:
    """What a tag becomes: a space between two words (``one<br>two``), else nothing."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    glued = before.strip() and after.strip()
    return " " if glued else ""


def _found(ctx: Context) -> list[tuple[int, int, str, str, str]]:
    """Each piece of markup: (start, end, what it is, its cause, what replaces it), in order.

    Overlapping pieces (a Markdown link inside a tag's attribute) give the first.
    """
    text = ctx.text
    found: list[tuple[int, int, str, str, str]] = []
    for trigger, pattern, kind in _PASSES:
        # (A character is found in a fraction of a microsecond; a longer trigger
        # costs a search of the text, so only when its first character is there.)
        if trigger[0] not in text or trigger not in text:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            piece = match.group()
            if kind == "tag":
                found.append((start, end, f"HTML tag {piece!r}", _KEPT, _tag(text, start, end)))
                continue
            if kind == "shortcode":
                what = f"shortcode {piece!r}"
                found.append((start, end, what, _SHORTCODES, _tag(text, start, end)))
                continue
            if kind == "entity":
                meant = _entity(piece)
                if meant is not None:
                    what = f"HTML character reference {piece!r} (for {meant!r})"
                    # (a space, not a no-break space: ND212 would report it)
                    found.append((start, end, what, _ESCAPED, " " if meant == "\xa0" else meant))
                continue
            if (
                piece[0] in _EDGES
                and start
                and (text[start - 1].isalnum() or text[start - 1] in _EDGES)
            ):
                continue  # "f**k", "snake__case"
            kept = match.groupdict().get("kept") or ""
            found.append((start, end, f"{kind} {piece.strip()!r}", _SOURCE, kept))
    if "#" in text:
        for index, line in enumerate(ctx.stripped):
            if line[:1] == "#" and (match := _HEADING.match(line)) is not None:
                start = ctx.text_start(index)
                what = f"a Markdown heading mark {match.group().strip()!r}"
                found.append((start, start + match.end(), what, _SOURCE, ""))
    found.sort()
    pieces: list[tuple[int, int, str, str, str]] = []
    for each in found:
        if not pieces or each[0] >= pieces[-1][1]:
            pieces.append(each)
    return pieces


@rule(
    code="ND222",
    name="leftover-markup",
    severity="error",
    fix="unsafe",
    bad=dump(
        "The council approved the budget<br> on Monday &amp; Tuesday.\nThe vote was 7 to 2.\n"
    ),
    good=dump("The council approved the budget on Monday & Tuesday.\nThe vote was 7 to 2.\n"),
)
def leftover_markup(ctx: Context) -> None:
    """An HTML tag, a character entity, or Markdown or wiki markup left in the text.

    A news dump holds plain text; markup in it is the page's source that the scraper
    did not convert: HTML tags (`<br>`, `<p>`, `</a>`, `<img src="...">`, comments),
    character references (`&amp;`, `&#8217;`, `&nbsp;`), Markdown (`**bold**`,
    `[text](https://...)`, a leading `# `) and wiki markup (`[[link|text]]`, `{{template}}`,
    `'''bold'''`, `== Heading ==`), and WordPress shortcodes or BBCode (`[button
    link="..."]`, `[/button]`: a name with attributes, or a closing one; `[1]` and
    `[Applause]` are not). Only names of HTML elements count as tags (`a <b and
    c> d` and `x<3` are not), only entity names HTML defines count as entities (`AT&T;`
    is not one), and `**` only at word edges (`f**k` is not bold).

    This is an **error** by default: on the 131 real dumps of the shared corpus (made
    with an extractor that converts markup) the rule finds one piece of markup, a
    WordPress button shortcode and its closing tag on one line (right), and none of
    these forms belongs in news prose, so a file that holds one is certainly damaged
    text, and `newsdoc check` fails it without `--strict`. The fix (unsafe: it changes
    the text) decodes an entity, keeps the text of a Markdown or wiki link or emphasis,
    deletes a tag (a space in its place between two words) and deletes heading marks
    and templates.
    """
    for start, end, what, cause, replacement in _found(ctx):
        ctx.report(
            start,
            end,
            f"leftover markup: {what}; {cause}",
            f"replace it with {replacement!r}",
            [ctx.edit(start, end, replacement)],
        )


@rule(
    code="ND223",
    name="url-only-line",
    severity="warning",
    fix=None,
    bad=dump(BODY + "https://www.example.com/images/council-vote.jpg\n"),
    good=GOOD,
)
def url_only_line(ctx: Context) -> None:
    """A paragraph or headline that is only a URL.

    A line that is nothing but a web address is not text a reader reads: it is a
    link, an image, an embed or a share target that the scraper kept as text (on the
    shared real corpus: image addresses, a page's own address as its first paragraph,
    source links under quoted posts). A URL inside a sentence is not reported.
    """
    text = ctx.text
    if "://" not in text and "www." not in text and "WWW." not in text:
        return
    for first, last in ctx.runs:
        for index in range(first, last + 1):
            line = ctx.stripped[index]
            if line.startswith(_URL_STARTS) and " " not in line and _URL.fullmatch(line):
                where = "headline" if (first, last) != ctx.runs[0] else "paragraph"
                start = ctx.text_start(index)
                ctx.report(
                    start,
                    start + len(line),
                    f"{where} is only a URL: a link, image or embed address the scraper "
                    "kept as text",
                )
