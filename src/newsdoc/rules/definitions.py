"""The rules' definitions: codes, names, severities, fixes and documentation.

This is data.  :mod:`newsdoc.rules.registry` builds the registry from it, the
validator implements each rule, and ``docs/rules.md`` is generated from it.
Every ``bad`` example must trip its rule and every ``good`` one must give no
diagnostic at all (tests/test_rules.py runs them).
"""

from __future__ import annotations

from typing import Final

from .registry import Option, Rule

_BODY: Final = "The council approved the budget on Monday.\nThe vote was 7 to 2.\n"
_HEADS: Final = "Council Approves Budget\nVote Splits Along Party Lines\n"
_GOOD: Final = _BODY + "\n\n" + _HEADS


def _dump(body: str = _BODY, heads: str = _HEADS, separator: str = "\n\n") -> str:
    return body + separator + heads


_STRUCTURE: Final = [
    Rule(
        code="ND001",
        name="invalid-utf8",
        category="structure",
        severity="error",
        fix=None,
        summary="The file's bytes are not valid UTF-8.",
        rationale=(
            "A news dump is UTF-8 text. Undecodable bytes usually mean the scraper wrote "
            "the page in its original encoding (Windows-1252, Latin-1, Shift JIS) instead "
            "of converting it. Each bad sequence is reported at its first character, and "
            "the message gives its byte offset. Convert the file to UTF-8 with its real "
            "source encoding; do not guess."
        ),
        bad="The caf\udce9 reopened on Monday.\n\n\nCaf\udce9 Reopens\n",
        good="The café reopened on Monday.\n\n\nCafé Reopens\n",
    ),
    Rule(
        code="ND002",
        name="control-character",
        category="structure",
        severity="error",
        fix=None,
        summary="A C0 control character (NUL, ESC, form feed...) or a lone carriage return.",
        rationale=(
            "Control characters other than tab and the line break are forbidden: they are "
            "invisible, break other tools, and are almost always debris from a binary "
            "format or a bad copy. A carriage return that is not followed by a line feed "
            "is not a line break (only LF and CRLF are). DEL and the C1 controls are text "
            "for the parser; `ND211` reports the C1 controls."
        ),
        bad=_dump("The council approved the budget\x0c on Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND003",
        name="empty-document",
        category="structure",
        severity="error",
        fix=None,
        summary="The file is empty or holds only blank lines.",
        rationale=(
            "An empty dump is what a scraper writes when the page failed to load. It has "
            "no body and no headline list, so it is not a news dump."
        ),
        bad="\n\n",
        good=_GOOD,
    ),
    Rule(
        code="ND004",
        name="missing-separator",
        category="structure",
        severity="error",
        fix=None,
        summary="The body is not followed by a blank line and a headline list.",
        rationale=(
            "A dump is body paragraphs, a run of blank lines, then headlines. Without the "
            "blank line there is no way to tell where the headlines start; often the "
            "scraper dropped the headline list or wrote the blank line as spaces on a "
            "text line. The error points just after the last body line."
        ),
        bad="The council approved the budget on Monday.\nThe vote was 7 to 2.\n",
        good=_GOOD,
    ),
    Rule(
        code="ND005",
        name="missing-headlines",
        category="structure",
        severity="error",
        fix=None,
        summary="The blank lines after the body are not followed by a headline list.",
        rationale=(
            "The file ends after the separator: the headline list is missing, usually "
            "because the scraper found no headlines or stopped early."
        ),
        bad=_BODY + "\n\n",
        good=_GOOD,
    ),
    Rule(
        code="ND006",
        name="second-separator",
        category="structure",
        severity="error",
        fix=None,
        summary="Text after a second run of blank lines: a dump has exactly one separator.",
        rationale=(
            "After the headline list only blank lines may follow. A third block of text "
            "is usually two dumps written into one file, or a headline list with a blank "
            "line inside it. Each extra block is reported at its first line."
        ),
        bad=_dump(heads="Council Approves Budget\n\nVote Splits Along Party Lines\n"),
        good=_GOOD,
    ),
]

_LAYOUT: Final = [
    Rule(
        code="ND101",
        name="trailing-whitespace",
        category="layout",
        severity="warning",
        fix="safe",
        summary="Spaces or tabs at the end of a text line.",
        rationale=(
            "Trailing whitespace is invisible, is not part of the text, and makes diffs "
            "and byte-level deduplication noisy. The fix deletes it; the texts do not "
            "change."
        ),
        bad=_dump(heads="Council Approves Budget \nVote Splits Along Party Lines\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND102",
        name="blank-line-whitespace",
        category="layout",
        severity="warning",
        fix="safe",
        summary="A blank line that holds spaces or tabs.",
        rationale=(
            "A blank line should be empty. Whitespace on it is invisible and makes line "
            "comparisons fail. The fix empties the line."
        ),
        bad=_dump(separator="\n \t\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND103",
        name="leading-whitespace",
        category="layout",
        severity="warning",
        fix="safe",
        summary="Spaces or tabs before the text of a line.",
        rationale=(
            "Indentation is not part of a paragraph or headline; it is usually left over "
            "from the page's HTML. The fix deletes it; the texts do not change."
        ),
        bad=_dump("  The council approved the budget on Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND104",
        name="crlf-line-break",
        category="layout",
        severity="warning",
        fix="safe",
        summary="Lines end in CRLF instead of LF.",
        rationale=(
            "The canonical line break is LF. CRLF files are valid but differ byte for "
            "byte from their LF twins, which defeats hashing and deduplication. Reported "
            "once per file, at the first CRLF, with the number of such lines; the fix "
            "turns every CRLF into LF."
        ),
        bad=_GOOD.replace("\n", "\r\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND105",
        name="mixed-line-breaks",
        category="layout",
        severity="warning",
        fix="safe",
        summary="The file mixes LF and CRLF line breaks.",
        rationale=(
            "Mixed line breaks mean the file was assembled from several sources or edited "
            "on two systems. Reported once per file, at the first line break that differs "
            "from the majority (LF wins a tie); the fix turns the minority into the "
            "majority. `ND104` reports CRLF as such."
        ),
        bad=_dump("The council approved the budget on Monday.\r\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND106",
        name="byte-order-mark",
        category="layout",
        severity="warning",
        fix="safe",
        summary="The file starts with a byte order mark (U+FEFF).",
        rationale=(
            "UTF-8 needs no byte order mark. Many tools show it as garbage or treat it as "
            "part of the first word. The fix deletes it. (When the first paragraph itself "
            "starts with U+FEFF, the BOM must stay and is not reported; `ND211` reports "
            "the other U+FEFF.)"
        ),
        bad="\ufeff" + _GOOD,
        good=_GOOD,
    ),
    Rule(
        code="ND107",
        name="separator-blank-lines",
        category="layout",
        severity="warning",
        fix="safe",
        summary="The separator is not exactly two blank lines.",
        rationale=(
            "Any run of blank lines separates the body from the headlines, but the "
            "canonical separator is two blank lines, as in the sample the format comes "
            "from. The fix replaces the run with two empty lines."
        ),
        bad=_dump(separator="\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND108",
        name="leading-blank-lines",
        category="layout",
        severity="warning",
        fix="safe",
        summary="Blank lines before the body.",
        rationale=(
            "A dump starts with its first paragraph. Blank lines before it shift every "
            "line number and are usually an artefact of the page template. The fix "
            "deletes them."
        ),
        bad="\n" + _GOOD,
        good=_GOOD,
    ),
    Rule(
        code="ND109",
        name="trailing-blank-lines",
        category="layout",
        severity="warning",
        fix="safe",
        summary="Blank lines after the headline list.",
        rationale=(
            "A dump ends with its last headline and one line break. Extra blank lines at "
            "the end are invisible and make identical dumps differ. The fix deletes them."
        ),
        bad=_GOOD + "\n\n",
        good=_GOOD,
    ),
    Rule(
        code="ND110",
        name="missing-final-newline",
        category="layout",
        severity="warning",
        fix="safe",
        summary="The last line has no line break.",
        rationale=(
            "A text file's lines each end in a line break; without one, `cat`-ing files "
            "together merges the last headline with the next file's first paragraph. The "
            "fix adds the line break."
        ),
        bad=_GOOD[:-1],
        good=_GOOD,
    ),
    Rule(
        code="ND111",
        name="tab-in-text",
        category="layout",
        severity="warning",
        fix="unsafe",
        summary="A tab inside a paragraph or headline.",
        rationale=(
            "A tab inside a text is almost always a table cell or HTML layout flattened "
            "into the text; its width depends on the viewer. The fix replaces the tab, "
            "with any spaces around it, by one space; that changes the text, so it is "
            "unsafe. Tabs before or after the text are reported by `ND103` and `ND101`."
        ),
        bad=_dump("The council approved the budget\ton Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
]

_CONTENT: Final = [
    Rule(
        code="ND201",
        name="duplicate-headline",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="A headline that repeats an earlier one.",
        rationale=(
            "Headlines are compared ignoring case and runs of whitespace. A repeated "
            "headline usually comes from a page that lists the same story twice (top "
            "story and list). The later copy is reported, naming the line of the first; "
            "the fix deletes it."
        ),
        bad=_dump(
            heads="Council Approves Budget\nVote Splits Along Party Lines\n"
            "Council approves budget\n"
        ),
        good=_GOOD,
    ),
    Rule(
        code="ND202",
        name="duplicate-paragraph",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="A body paragraph that repeats an earlier one exactly.",
        rationale=(
            "Repeated paragraphs are scraping debris: pull quotes, captions, "
            "'Advertisement' or 'Read more' lines caught more than once. The later copy "
            "is reported, naming the line of the first; the fix deletes it."
        ),
        bad=_dump(_BODY + "The vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND203",
        name="headline-too-long",
        category="content",
        severity="warning",
        fix=None,
        summary="A headline longer than the limit (150 characters by default).",
        rationale=(
            "News headlines are short. A very long one is usually a teaser or a "
            "paragraph in the headline list, or several headlines run together. The "
            "range covers the characters past the limit."
        ),
        bad=_dump(
            heads="Council Approves Budget After Marathon Session in Which Members Debated "
            "Road Repairs, School Funding, Park Maintenance, Library Hours and the Future "
            "of the Old Bus Depot\nVote Splits Along Party Lines\n"
        ),
        good=_GOOD,
        options=(Option("max-length", 150, "the longest headline allowed, in characters"),),
    ),
    Rule(
        code="ND204",
        name="headline-ends-with-period",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="A headline that ends in a full stop.",
        rationale=(
            "Headlines do not end in a full stop; one that does is often a sentence from "
            "the body. Not reported: an ellipsis (`...` or `…`), and abbreviations such "
            "as `U.S.`, `D.C.`, `a.m.`, `Inc.`, `Jr.` or `St.` The fix deletes the period."
        ),
        bad=_dump(heads="Council Approves Budget.\nVote Splits Along Party Lines\n"),
        good=_dump(heads="Council Approves Budget\nTalks Resume in Washington, D.C.\n"),
    ),
    Rule(
        code="ND205",
        name="body-line-looks-like-headline",
        category="content",
        severity="warning",
        fix=None,
        summary="A short body line with no sentence-ending punctuation.",
        rationale=(
            "Body paragraphs are sentences; a short line that does not end in `.`, `!`, "
            "`?`, `…`, `:`, `;` or `,` (before any closing quotes or brackets) looks like "
            "a headline, "
            "which usually means the separator is missing before it or the article's "
            "title was scraped into the body. Not reported: lines of more than "
            "`max-words` words (truncated paragraphs, not headlines), lines without a "
            "letter (rules such as `___` or `* * *`), bylines (`By Jane Smith`) and "
            "credits or notes in brackets (`(Reporting by Jane Smith; Editing by Tom Lee)`)."
        ),
        bad=_dump("Council Approves Budget\n" + _BODY),
        good=_GOOD,
        options=(Option("max-words", 12, "body lines with more words than this are not reported"),),
    ),
    Rule(
        code="ND206",
        name="headline-looks-like-paragraph",
        category="content",
        severity="warning",
        fix=None,
        summary="A headline of many words that ends like a sentence.",
        rationale=(
            "A headline of at least `min-words` words that ends in sentence punctuation "
            "is most likely a body paragraph in the headline list: the separator is in "
            "the wrong place, or the scraper appended a teaser."
        ),
        bad=_dump(
            heads="Council Approves Budget\nThe council approved the budget on Monday "
            "after members argued for hours about road repairs, school funding and "
            "the hours of the new city library!\n"
        ),
        good=_GOOD,
        options=(Option("min-words", 25, "headlines with fewer words than this are not reported"),),
    ),
    Rule(
        code="ND207",
        name="mixed-quotes",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="Straight and curly quotes or apostrophes mixed in one file.",
        rationale=(
            "A file should use one quote style: straight (`'` `\"`) or curly (`‘` `’` "
            "`“` `”`). Mixed styles mean text was pasted from several sources and break "
            "exact-match search. The style used most in the file wins (the first one "
            "used wins a tie) and each quote of the other style is reported. The fix "
            "replaces it with its counterpart (for a straight quote, an opening or closing "
            "curly quote depending on what precedes it)."
        ),
        bad=_dump(
            "The mayor’s office said the council’s vote was final.\n"
            "It's not over, a resident said.\n"
        ),
        good=_dump(
            "The mayor’s office said the council’s vote was final.\n"
            "It’s not over, a resident said.\n"
        ),
    ),
    Rule(
        code="ND208",
        name="unbalanced-delimiter",
        category="content",
        severity="warning",
        fix=None,
        summary="An unmatched bracket or double quote in a paragraph or headline.",
        rationale=(
            'Brackets `()`, `[]`, `{}` and double quotes (`“”`, `„“`, `«»`, `"`) come '
            "in pairs within a paragraph. An unmatched one usually means text was cut. "
            "Not reported: a quotation that continues into the next paragraph (which "
            "then opens with a quote mark, as news style has it), quotes written with "
            "the same mark on both sides (`”…”`, `»…»`, as in Swedish), list markers "
            "such as `1)` and emoticons."
        ),
        bad=_dump("The mayor said “the vote is final.\nThe vote was 7 to 2.\n"),
        good=_dump("The mayor said “the vote is final.”\nThe vote was 7 to 2.\n"),
    ),
    Rule(
        code="ND209",
        name="mojibake",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="UTF-8 text decoded with the wrong encoding (`â€™`, `Ã©`).",
        rationale=(
            "Mojibake is UTF-8 that was read as Windows-1252 or Latin-1 somewhere in the "
            "pipeline, then written back as UTF-8: `’` becomes `â€™`, `é` becomes `Ã©`. "
            "A run is reported only when its characters, encoded back, form valid UTF-8, "
            "so real accented text is never reported. The fix decodes the run correctly."
        ),
        bad=_dump("The mayorâ€™s office approved the budget on Monday.\nThe vote was 7 to 2.\n"),
        good=_dump("The mayor’s office approved the budget on Monday.\nThe vote was 7 to 2.\n"),
    ),
    Rule(
        code="ND210",
        name="replacement-character",
        category="content",
        severity="warning",
        fix=None,
        summary="U+FFFD REPLACEMENT CHARACTER: text was lost in decoding.",
        rationale=(
            "A decoder writes U+FFFD where it met bytes it could not decode. The original "
            "character is gone, so there is no fix: go back to the source."
        ),
        bad=_dump("The caf\ufffd reopened on Monday.\n"),
        good=_dump("The café reopened on Monday.\n"),
    ),
    Rule(
        code="ND211",
        name="invisible-character",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="An invisible character: zero-width space, soft hyphen, C1 control...",
        rationale=(
            "Zero-width spaces (U+200B), word joiners (U+2060), soft hyphens (U+00AD), "
            "U+FEFF inside text, C1 control characters (U+0080 to U+009F) and Hangul "
            "fillers are invisible, so two texts that look the same compare different "
            "and search misses words. The fix deletes the character. Not reported: the "
            "zero-width joiner and non-joiner and the directional marks, which are part "
            "of emoji and of Arabic, Persian, Hebrew and Indic text. A C1 control that "
            "stands for a Windows-1252 character (U+0092 for `’`) is text that was read "
            "as Latin-1: the fix puts back the Windows-1252 character."
        ),
        bad=_dump("The council approved the bud\u200bget on Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND212",
        name="unusual-space",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="A no-break space or another space that looks like U+0020.",
        rationale=(
            "A no-break space (U+00A0, from HTML `&nbsp;`) and the typographic spaces "
            "U+2000 to U+2008, U+200A and U+205F look like an ordinary space but are not "
            "one, so search and tokenisation treat the words around them as one. The fix "
            "replaces it with a space. Not reported: a no-break space where French "
            "typography puts one (before `;` `:` `!` `?` `»` and after `«`), the thin and "
            "narrow no-break spaces (U+2009, U+202F) and the ideographic space (U+3000)."
        ),
        bad=_dump("The council approved the budget on\u00a0Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
    Rule(
        code="ND213",
        name="unicode-line-separator",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="U+2028, U+2029 or U+0085 inside a line.",
        rationale=(
            "LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE are not line breaks in a "
            "news dump, but many tools (Python's `str.splitlines()`, JavaScript, editors) "
            "break lines there, so they see a different number of lines. The fix "
            "replaces the character with a space."
        ),
        bad=_dump("The council approved the budget on Monday.\u2028The vote was 7 to 2.\n"),
        good=_dump("The council approved the budget on Monday. The vote was 7 to 2.\n"),
    ),
    Rule(
        code="ND214",
        name="bidi-control",
        category="content",
        severity="error",
        fix="unsafe",
        summary="A bidirectional embedding, override or isolate control character.",
        rationale=(
            "The bidirectional controls U+202A to U+202E and U+2066 to U+2069 reorder "
            "how text is displayed, so what a reviewer sees differs from what the file "
            "says (the Trojan Source attack, CVE-2021-42574). News text has no need for "
            "them; this is an error by default, and a broad selection (``--select ND1``, "
            '``ignore = ["ND2"]``) does not turn it off: only ignoring ND214 or '
            "bidi-control by name does. The fix deletes the character. The "
            "directional marks U+200E, U+200F and U+061C are not reported."
        ),
        bad=_dump("The council approved a budget of \u202e000,01\u202c dollars.\n"),
        good=_dump("The council approved a budget of 10,000 dollars.\n"),
    ),
    Rule(
        code="ND215",
        name="doubled-space",
        category="content",
        severity="warning",
        fix="unsafe",
        summary="Two or more spaces in a row inside a text.",
        rationale=(
            "Runs of spaces come from HTML layout or from removed words, and make "
            "identical sentences compare different. The fix replaces the run with one "
            "space."
        ),
        bad=_dump("The council approved the budget  on Monday.\nThe vote was 7 to 2.\n"),
        good=_GOOD,
    ),
]

DEFINITIONS: Final = (*_STRUCTURE, *_LAYOUT, *_CONTENT)
