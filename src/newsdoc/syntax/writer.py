"""Writing a :class:`NewsDump` back to text: exactly as read, or canonical."""

from __future__ import annotations

from ..model.document import NewsDump, item_texts

__all__ = ["dumps"]

_BOM = "\ufeff"


def dumps(document: NewsDump, *, canonical: bool = False) -> str:
    """Return the text of ``document``.

    By default the document's layout is kept, so ``dumps(loads(s)) == s``.
    With ``canonical=True`` the canonical form is written: LF line breaks, no
    BOM, no leading, trailing or doubled whitespace around texts, exactly two
    blank lines between body and headlines, and one final LF.

    A first text that itself starts with U+FEFF is preceded by a BOM, since
    a U+FEFF at the very start of a file is always read as a BOM.
    """
    if not isinstance(document, NewsDump):
        raise TypeError(f"dumps() needs a NewsDump, not {type(document).__name__}")
    if canonical:
        body, headlines = item_texts(document)  # without making a parsed one's items
        text = "\n".join(body) + "\n\n\n" + "\n".join(headlines) + "\n"
        return _BOM + text if text.startswith(_BOM) else text
    layout = document.layout
    parts = [_BOM] if layout.bom else []
    parts.extend(layout.leading)
    for paragraph in document.body:
        parts.extend(
            (paragraph.indent, paragraph.text, paragraph.trailing, paragraph.newline or "\n")
        )
    parts.extend(layout.separator)
    last = len(document.headlines) - 1
    for index, item in enumerate(document.headlines):
        newline = item.newline if index == last and not layout.trailing else item.newline or "\n"
        parts.extend((item.indent, item.text, item.trailing, newline))
    parts.extend(layout.trailing)
    text = "".join(parts)
    if not layout.bom and text.startswith(_BOM):
        return _BOM + text
    return text
