"""The defect injector: each defect class of issue 14 put into real dumps at a known line.

Every injected text is generated from the templates and vocabularies of
``vocabulary.json`` (five languages) by a seeded ``random.Random``, or made
from the host dump's own lines (a headline repeated in the body, a line
cut short, letters swapped for look-alikes, text double-encoded).  A case
is *caught* when the default rules report a finding whose code is one of
the class's rules on the injected line (anywhere in the file for the
file-level class "not-an-article").  A line changed in place is one that
had no finding of the class's rules before.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judged import Dump

import newsdoc

SEED = 1414
VOCABULARY: dict[str, Any] = json.loads(
    (Path(__file__).with_name("vocabulary.json")).read_text("utf-8")
)
LANGUAGES = tuple(VOCABULARY["languages"])


@dataclass(frozen=True)
class Injected:
    """One dump with one defect: its text, the defect's 1-based line, and what was injected."""

    text: str
    line: int
    variant: str
    language: str
    injected: str


@dataclass(frozen=True)
class Case:
    """One injected case, checked: caught by the class's rules on its line, or not."""

    variant: str
    language: str
    line: int
    injected: str
    caught: bool
    any_code: bool
    codes: tuple[str, ...]


# --- filling templates ----------------------------------------------------------------------


class Filler(dict[str, str]):
    """``str.format_map`` values drawn from one language's words, each made when first asked."""

    def __init__(self, rng: random.Random, language: str) -> None:
        super().__init__()
        self.rng = rng
        self.lang = VOCABULARY["languages"][language]

    def __missing__(self, name: str) -> str:
        rng, words = self.rng, self.lang["words"]
        value: str
        if name.rstrip("2") in words:
            value = rng.choice(words[name.rstrip("2")])
        elif name == "CITY":
            value = self["city"].upper()
        elif name == "agency":  # photo credits: picture libraries and news agencies
            value = rng.choice(VOCABULARY["agencies"])
        elif name == "wire":  # datelines: news agencies only
            value = rng.choice(VOCABULARY["wires"])
        elif name in ("n", "n2"):
            value = str(rng.choice([2, 3, 5, 7, 10, 12, 15, 20, 24, 30, 50]))
        elif name == "year":
            value = str(rng.randrange(2009, 2026))
        elif name == "day":
            value = str(rng.randrange(1, 29))
        elif name == "mm":
            value = f"{rng.randrange(1, 13):02}"
        elif name == "hour":
            value = str(rng.randrange(6, 23))
        elif name == "minute":
            value = f"{rng.randrange(0, 60):02}"
        elif name == "price":
            value = rng.choice(["€{}", "£{}", "${}", "{} zł", "{} €"]).format(
                rng.choice(["4.99", "9,99", "1", "29", "12.50", "49"])
            )
        elif name == "weekday":
            value = rng.choice(self.lang["weekday"])
        else:
            raise KeyError(name)
        self[name] = value
        return value


def fill(rng: random.Random, language: str, template: str) -> str:
    """A template with its placeholders filled (placeholders may hold more placeholders)."""
    filler = Filler(rng, language)
    text = template
    for _ in range(3):
        text = text.format_map(filler)
        if "{" not in text:
            break
    return text


def pick(rng: random.Random, language: str, *path: str) -> str:
    """A random template under ``path`` of one language, filled."""
    node: Any = VOCABULARY["languages"][language]
    for part in path:
        node = node[part]
    if isinstance(node, dict):
        node = node[rng.choice(sorted(node))]
    return fill(rng, language, rng.choice(node))


def headline(rng: random.Random, language: str) -> str:
    """A generated headline: subject, verb, object (and sometimes a place)."""
    text = fill(rng, language, "{subject} {verb} {object}")
    if rng.random() < 0.4:
        text += fill(rng, language, rng.choice([" in {city}", ": {topic}", " ({city})"]))
    return text


# --- putting a line into a dump ---------------------------------------------------------------


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


# --- the classes ------------------------------------------------------------------------------

Maker = Callable[[random.Random, Dump, str, Callable[[int], bool]], Injected | None]


def _headline_furniture(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected:
    kind = rng.choice(["nav", "legal", "promo"])
    line_text = pick(rng, lang, "headline_furniture", kind)
    text, line = into_headlines(rng, dump, line_text)
    return Injected(text, line, kind, lang, line_text)


def _related(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
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


def _boilerplate(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected:
    kind = rng.choice(sorted(VOCABULARY["languages"][lang]["boilerplate"]))
    line_text = pick(rng, lang, "boilerplate", kind)
    text, line = into_body(rng, dump, line_text, rng.choice(["any", "end", "end"]))
    return Injected(text, line, kind, lang, line_text)


HAS_DATELINE = re.compile(r"^\(?[A-Z][A-Za-z .,]*(\([^)]*\))?\s*[—–-]")


def _byline(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    kind = rng.choice(["byline", "dateline", "dateline-glued", "timestamp"])
    if kind == "dateline-glued":  # the wire's dateline in front of the first paragraph
        first = dump.line(1)
        if not free(1) or HAS_DATELINE.match(first):
            return None
        dateline = pick(rng, lang, "dateline")
        glued = f"{dateline} {first}" if dateline[-1] in "—–-" else f"{dateline} — {first}"
        return Injected(replace(dump, 1, glued), 1, kind, lang, dateline)
    line_text = pick(rng, lang, kind)
    where = rng.choice(["start", "end"])
    text, line = into_body(rng, dump, line_text, where)
    return Injected(text, line, f"{kind}-{where}", lang, line_text)


def _caption(rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]) -> Injected:
    kind = rng.choice(["credit", "caption"])
    line_text = pick(rng, lang, kind)
    text, line = into_body(rng, dump, line_text)
    return Injected(text, line, kind, lang, line_text)


def _cut(rng: random.Random, line_text: str, mid_word: bool) -> str | None:
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


def _truncated(
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
    cut = _cut(rng, dump.line(number), variant == "body-mid-word")
    if cut is None:
        return None
    if variant != "body-mid-word":
        cut += rng.choice(["…", "...", " …", "…", " ..."])
    return Injected(replace(dump, number, cut), number, variant, "host", cut)


def _url(rng: random.Random) -> str:
    slug = "-".join(
        rng.choice(["new", "plan", "city", "vote", "2024", "report", "live"]) for _ in range(4)
    )
    domain = f"{rng.choice(VOCABULARY['domains'])}.{rng.choice(VOCABULARY['tlds'])}"
    return f"{rng.choice(['https://', 'http://', 'https://www.'])}{domain}/{slug}{rng.choice(['', '/', '.html', '?ref=rss'])}"


def _markup(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected | None:
    variant = rng.choice(["html-tag", "entity", "markdown", "wiki", "url-only"])
    if variant == "url-only":
        line_text = _url(rng)
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
                f'<a href="{_url(rng)}">{word}</a>',
                f"<em>{word}</em>",
                f"</p><p>{word}",
                f'{word}<img src="{_url(rng)}.jpg" alt="">',
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
            [f"**{word}**", f"[{word}]({_url(rng)})", f"__{word}__", f"![{word}]({_url(rng)})"]
        )
    else:
        words[k] = rng.choice(
            [
                f"[[{word}]]",
                f"[[{word.capitalize()}|{word}]]",
                f"'''{word}'''",
                f"{word}{{{{citation needed}}}}",
                f"{word}<ref>{_url(rng)}</ref>",
            ]
        )
    line_text = " ".join(words)
    return Injected(replace(dump, number, line_text), number, variant, "host", line_text)


def _mixed_script(
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


def _not_article(
    rng: random.Random, dump: Dump, lang: str, free: Callable[[int], bool]
) -> Injected:
    kind = rng.choice(["shop", "chrome"])
    words = VOCABULARY["languages"][lang]["words"][kind]
    count = rng.randrange(6, 16)
    body = [fill(rng, lang, rng.choice(words)) for _ in range(count)]
    body += [pick(rng, lang, "headline_furniture") for _ in range(rng.randrange(0, 3))]
    rng.shuffle(body)
    heads = [dump.line(k) for k in headline_lines(dump)]
    text = "\n".join([*body, "", "", *heads, ""])
    return Injected(text, 1, kind, lang, " / ".join(body[:3]))


def _glued(
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


def _mojibake(
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


def _replacement(
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


@dataclass(frozen=True)
class DefectClass:
    """A defect class of issue 14, the rules that should catch it, and how it is injected."""

    codes: tuple[str, ...]
    make: Maker
    whole_file: bool = False


CLASSES: dict[str, DefectClass] = {
    "headline-list furniture": DefectClass(("ND220",), _headline_furniture),
    "related link in body": DefectClass(("ND216",), _related),
    "body boilerplate": DefectClass(("ND217",), _boilerplate),
    "byline, dateline, timestamp": DefectClass(("ND218",), _byline),
    "caption or credit": DefectClass(("ND219",), _caption),
    "truncated text": DefectClass(("ND221",), _truncated),
    "leftover markup, URL line": DefectClass(("ND222", "ND223"), _markup),
    "mixed-script word": DefectClass(("ND224",), _mixed_script),
    "not an article": DefectClass(("ND225",), _not_article, whole_file=True),
    "glued section label": DefectClass(("ND226",), _glued),
    "mojibake": DefectClass(("ND209",), _mojibake),
    "replacement character": DefectClass(("ND210",), _replacement),
}


def usable(dump: Dump) -> bool:
    """A host needs a few body lines and a few headlines."""
    return dump.body_end >= 3 and len(headline_lines(dump)) >= 3


def cases(
    hosts: list[Dump], name: str, count: int, seed: int
) -> list[tuple[Injected, Dump, set[str]]]:
    """``count`` injections of one class (seeded by the seed and the class's name): each with
    its host, and the codes the host had on that line before (empty for a new line)."""
    spec = CLASSES[name]
    rng = random.Random(f"{seed}:{name}")
    pool = [d for d in hosts if usable(d)]
    out: list[tuple[Injected, Dump, set[str]]] = []
    found: dict[str, dict[int, set[str]]] = {}  # each host's codes by line, before injection
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        host = rng.choice(pool)
        if host.name not in found:
            found[host.name] = {}
            for d in newsdoc.validate("\n".join(host.lines)):
                found[host.name].setdefault(d.line, set()).add(d.code)
        before = found[host.name]
        free = lambda k, b=before: not (b.get(k, set()) & set(spec.codes))  # noqa: E731
        made = spec.make(rng, host, rng.choice(LANGUAGES), free)
        if made is None:
            continue
        in_place = made.text.count("\n") == len(host.lines) - 1
        out.append((made, host, before.get(made.line, set()) if in_place else set()))
    return out


def check(spec: DefectClass, made: Injected, before: set[str]) -> Case:
    """Run the default rules on one injected dump: caught on its line by the class's rules?"""
    found = newsdoc.validate(made.text)
    if spec.whole_file:
        codes = {d.code for d in found}
    else:
        codes = {d.code for d in found if d.line == made.line} - before
    return Case(
        made.variant,
        made.language,
        made.line,
        made.injected,
        bool(codes & set(spec.codes)),
        bool(codes),
        tuple(sorted(codes)),
    )


def measure(hosts: list[Dump], per_class: int, seed: int = SEED) -> dict[str, list[Case]]:
    """Every class, ``per_class`` cases each, checked."""
    return {
        name: [check(spec, made, before) for made, _, before in cases(hosts, name, per_class, seed)]
        for name, spec in CLASSES.items()
    }
