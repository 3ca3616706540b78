"""Text generation for the defect injector: templates and word lists filled by a seeded generator.

The templates and vocabularies are in ``vocabulary.json`` (English, German,
French, Spanish and Polish); see that file's "about" and docs/quality.md for
how they were chosen.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

VOCABULARY: dict[str, Any] = json.loads(
    (Path(__file__).with_name("vocabulary.json")).read_text("utf-8")
)
LANGUAGES = tuple(VOCABULARY["languages"])


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


def url(rng: random.Random) -> str:
    """A generated URL: a scheme, a domain of the vocabulary, a slug."""
    slug = "-".join(
        rng.choice(["new", "plan", "city", "vote", "2024", "report", "live"]) for _ in range(4)
    )
    domain = f"{rng.choice(VOCABULARY['domains'])}.{rng.choice(VOCABULARY['tlds'])}"
    return f"{rng.choice(['https://', 'http://', 'https://www.'])}{domain}/{slug}{rng.choice(['', '/', '.html', '?ref=rss'])}"
