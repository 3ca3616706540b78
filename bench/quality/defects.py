"""The defect classes' injections: each puts one defect into a copy of a real dump.

Each maker takes a seeded generator, the host dump, a language for the
generated text and ``free`` (whether a line had no finding of the class's
rules before, for changes in place), and returns the new text with the
defect's line, or None when the host has no place for it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from judged import Dump
from textgen import VOCABULARY, fill, headline, pick, url


@dataclass(frozen=True)
class Injected:
    """One dump with one defect: its text, the defect's 1-based line, and what was injected."""

    text: str
    line: int
    variant: str
    language: str
    injected: str


def insert(dump: Dump, index: int, text: str) -> tuple[str, int]:
    """The dump's text with ``text`` as a new line before 0-based line ``index``."""
    lines = [*dump.lines[:index], text, *dump.lines[index:]]
    return "\n".join(lines), index + 1


def replace(dump: Dump, number: int, text: str) -> str:
    lines = list(dump.lines)
    lines[number - 1] = text
    return "\n".join(lines)


def headline_lines(dump: Dump) -> list[int]:
    return [k for k in range(dump.body_end + 1, len(dump.lines) + 1) if dump.line(k).strip()]


def body_lines(dump: Dump) -> list[int]:
    return list(range(1, dump.body_end + 1))


def into_body(rng: random.Random, dump: Dump, text: str, where: str = "any") -> tuple[str, int]:
    if where == "start":
        return insert(dump, 0, text)
    if where == "end":
        return insert(dump, dump.body_end, text)
    return insert(dump, rng.randrange(1, dump.body_end + 1), text)


def into_headlines(rng: random.Random, dump: Dump, text: str) -> tuple[str, int]:
    heads = headline_lines(dump)
    return insert(dump, rng.choice([*heads, heads[-1] + 1]) - 1, text)


Maker = Callable[[random.Random, Dump, str, Callable[[int], bool]], Injected | None]


def headline_furniture(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected:
    kind = rng.choice(["nav", "legal", "promo"])
    line_text = pick(rng, lang, "headline_furniture", kind)
    text, line = into_headlines(rng, dump, line_text)
    return Injected(text, line, kind, lang, line_text)


def related(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
    if rng.random() < 0.5:
        heads = headline_lines(dump)
        line_text = dump.line(rng.choice(heads))
        variant = "headline-text"
    else:
        prefix = rng.choice(VOCABULARY["languages"][lang]["related"])
        if rng.random() < 0.25:
            prefix = prefix.upper()
        sep = rng.choice([": ", " - ", " – ", " » ", ": ", " | ", " >> "])
        line_text = prefix + sep + headline(rng, lang)
        variant = "prefix"
    text, line = into_body(rng, dump, line_text)
    return Injected(text, line, variant, lang, line_text)


def boilerplate(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
    kind = rng.choice(sorted(VOCABULARY["languages"][lang]["boilerplate"]))
    line_text = pick(rng, lang, "boilerplate", kind)
    text, line = into_body(rng, dump, line_text, rng.choice(["any", "end", "end"]))
    return Injected(text, line, kind, lang, line_text)


HAS_DATELINE = re.compile(r"^\(?[A-Z][A-Za-z .,]*(\([^)]*\))?\s*[—–-]")


def byline(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    # (A wire dateline glued in front of the first paragraph, "WASHINGTON (AP) — The
    # Senate ...", is not injected: it is how wire copy starts, and real-en's reference
    # labels keep it as article text in all 10 files that have one.)
    kind = rng.choice(["byline", "dateline", "timestamp"])
    line_text = pick(rng, lang, kind)
    where = rng.choice(["start", "end"])
    text, line = into_body(rng, dump, line_text, where)
    return Injected(text, line, f"{kind}-{where}", lang, line_text)


def caption(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
    kind = rng.choice(["credit", "caption"])
    line_text = pick(rng, lang, kind)
    text, line = into_body(rng, dump, line_text)
    return Injected(text, line, kind, lang, line_text)


def cut_line(rng: random.Random, line_text: str, mid_word: bool) -> str | None:
    spaces = [m.start() for m in re.finditer(" ", line_text)]
    spaces = [k for k in spaces if len(line_text) * 0.45 < k < len(line_text) * 0.85]
    if not spaces:
        return None
    at = rng.choice(spaces)
    if not mid_word:
        return line_text[:at].rstrip(",;:")
    word = re.match(r"\w{5,}", line_text[at + 1 :])
    if word is None:
        return None
    return line_text[: at + 1 + rng.randrange(2, len(word.group()) - 1)]


def truncated(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    variant = rng.choice(["headline-ellipsis", "body-ellipsis", "body-mid-word"])
    pool = headline_lines(dump) if variant.startswith("headline") else body_lines(dump)
    pool = [
        k for k in pool if free(k) and len(dump.line(k)) >= (40 if "headline" in variant else 80)
    ]
    if not pool:
        return None
    number = rng.choice(pool)
    cut = cut_line(rng, dump.line(number), variant == "body-mid-word")
    if cut is None:
        return None
    if variant != "body-mid-word":
        cut += rng.choice(["…", "...", " …", "…", " ..."])
    return Injected(replace(dump, number, cut), number, variant, "host", cut)


def markup(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    variant = rng.choice(["html-tag", "entity", "markdown", "wiki", "url-only"])
    if variant == "url-only":
        line_text = url(rng)
        text, line = into_body(rng, dump, line_text)
        return Injected(text, line, variant, lang, line_text)
    pool = [k for k in body_lines(dump) if free(k) and len(dump.line(k).split()) >= 8]
    if not pool:
        return None
    number = rng.choice(pool)
    words = dump.line(number).split(" ")
    k = rng.randrange(1, len(words) - 2)
    word = words[k]
    if variant == "html-tag":
        words[k] = rng.choice(
            [
                f"<b>{word}</b>",
                f"{word}<br>",
                f"{word}<br />",
                f'<a href="{url(rng)}">{word}</a>',
                f"<em>{word}</em>",
                f"</p><p>{word}",
                f'{word}<img src="{url(rng)}.jpg" alt="">',
                f'<span class="caption">{word}</span>',
            ]
        )
    elif variant == "entity":
        words[k] = (
            rng.choice(
                ["&amp;", "&#8217;s", "&nbsp;", "&quot;", "&#8212;", "&eacute;", "&#x27;", "&lt;"]
            )
            + word
        )
    elif variant == "markdown":
        words[k] = rng.choice(
            [f"**{word}**", f"[{word}]({url(rng)})", f"__{word}__", f"![{word}]({url(rng)})"]
        )
    else:
        words[k] = rng.choice(
            [
                f"[[{word}]]",
                f"[[{word.capitalize()}|{word}]]",
                f"'''{word}'''",
                f"{word}{{{{citation needed}}}}",
                f"{word}<ref>{url(rng)}</ref>",
            ]
        )
    line_text = " ".join(words)
    return Injected(replace(dump, number, line_text), number, variant, "host", line_text)


def mixed_script(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    table: dict[str, list[str]] = VOCABULARY["confusables"]
    pool = [k for k in body_lines(dump) + headline_lines(dump) if free(k)]
    rng.shuffle(pool)
    for number in pool:
        words = [
            (m.start(), m.group())
            for m in re.finditer(r"[A-Za-z]{4,}", dump.line(number))
            if sum(c in table for c in m.group()) >= 2
        ]
        if not words:
            continue
        start, word = rng.choice(words)
        places = [i for i, c in enumerate(word) if c in table]
        swapped = list(word)
        for i in rng.sample(places, rng.choice([1, 1, 2]) if len(places) > 1 else 1):
            swapped[i] = rng.choice(table[word[i]])
        line_text = dump.line(number)
        line_text = line_text[:start] + "".join(swapped) + line_text[start + len(word) :]
        section = "body" if number <= dump.body_end else "headline"
        return Injected(replace(dump, number, line_text), number, section, "host", "".join(swapped))
    return None


def not_article(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
    kind = rng.choice(["shop", "chrome"])
    words = VOCABULARY["languages"][lang]["words"][kind]
    count = rng.randrange(6, 16)
    body = [fill(rng, lang, rng.choice(words)) for _ in range(count)]
    body += [pick(rng, lang, "headline_furniture") for _ in range(rng.randrange(0, 3))]
    rng.shuffle(body)
    heads = [dump.line(k) for k in headline_lines(dump)]
    text = "\n".join([*body, "", "", *heads, ""])
    return Injected(text, 1, kind, lang, " / ".join(body[:3]))


def glued(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    pool = [k for k in headline_lines(dump) if free(k) and dump.line(k)[:1].isupper()]
    if not pool:
        return None
    number = rng.choice(pool)
    label = fill(rng, lang, rng.choice(VOCABULARY["languages"][lang]["labels"]))
    line_text = label + dump.line(number)
    return Injected(replace(dump, number, line_text), number, "glued", lang, line_text)


ACCENTED = [
    "José",
    "Müller",
    "café",
    "naïve",
    "Zoë",
    "“quoted”",
    "it’s",
    "Łódź",
    "São Paulo",
    "déjà vu",
    "Gdańsk",
    "€5",
]


def mojibake(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    pool = [k for k in body_lines(dump) if free(k) and len(dump.line(k).split()) >= 6]
    if not pool:
        return None
    number = rng.choice(pool)
    line_text = dump.line(number)
    if line_text.isascii():
        words = line_text.split(" ")
        words.insert(rng.randrange(1, len(words)), rng.choice(ACCENTED))
        line_text = " ".join(words)
    twice = rng.random() < 0.25
    try:
        broken = line_text.encode("utf-8").decode("cp1252")
        if twice:
            broken = broken.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return None
    return Injected(
        replace(dump, number, broken), number, "double" if twice else "cp1252", "host", broken
    )


def replacement(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    pool = [
        k for k in body_lines(dump) + headline_lines(dump) if free(k) and len(dump.line(k)) > 20
    ]
    if not pool:
        return None
    number = rng.choice(pool)
    line_text = dump.line(number)
    places = [i for i, c in enumerate(line_text) if not c.isascii()] or [
        m.start() + 1 for m in re.finditer(r"\w{4,}", line_text)
    ]
    if not places:
        return None
    at = rng.choice(places)
    width = rng.choice([1, 1, 2])
    line_text = line_text[:at] + "\ufffd" * width + line_text[at + 1 :]
    return Injected(
        replace(dump, number, line_text),
        number,
        f"x{width}",
        "host",
        line_text[max(0, at - 10) : at + 10],
    )
