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

import random
from dataclasses import dataclass

from defects import (
    Injected,
    Maker,
    body_lines,
    boilerplate,
    byline,
    caption,
    glued,
    headline_furniture,
    headline_lines,
    markup,
    mixed_script,
    mojibake,
    not_article,
    related,
    replacement,
    truncated,
)
from judged import Dump
from textgen import LANGUAGES, VOCABULARY, fill

import newsdoc

__all__ = [
    "CLASSES",
    "LANGUAGES",
    "SEED",
    "VOCABULARY",
    "Case",
    "DefectClass",
    "Injected",
    "body_lines",
    "cases",
    "check",
    "fill",
    "headline_lines",
    "measure",
    "usable",
]

SEED = 1414


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


@dataclass(frozen=True)
class DefectClass:
    """A defect class of issue 14, the rules that should catch it, and how it is injected."""

    codes: tuple[str, ...]
    make: Maker
    whole_file: bool = False


CLASSES: dict[str, DefectClass] = {
    "headline-list furniture": DefectClass(("ND220",), headline_furniture),
    "related link in body": DefectClass(("ND216",), related),
    "body boilerplate": DefectClass(("ND217",), boilerplate),
    "byline, dateline, timestamp": DefectClass(("ND218",), byline),
    "caption or credit": DefectClass(("ND219",), caption),
    "truncated text": DefectClass(("ND221",), truncated),
    "leftover markup, URL line": DefectClass(("ND222", "ND223"), markup),
    "mixed-script word": DefectClass(("ND224",), mixed_script),
    "not an article": DefectClass(("ND225",), not_article, whole_file=True),
    "glued section label": DefectClass(("ND226",), glued),
    "mojibake": DefectClass(("ND209",), mojibake),
    "replacement character": DefectClass(("ND210",), replacement),
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
