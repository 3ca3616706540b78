"""Findings on a corpus, their stable keys, the seeded sample and the judgements.

A finding is judged once, by a person, and the judgement is kept in
``judgements.json`` under a key that survives changes of the rules: the
file's name, the line, the rule's code and a hash of the line's text
(never the message, which rules may reword).  Findings of one rule on one
line share a key (one judgement for the line).

The sample of a rule is drawn by ordering its keys by a seeded hash and
taking the first ``per_rule``: the same corpus and rules always give the
same sample, and when a rule loses or gains findings the keys that stay
keep their place, so earlier judgements stay in the sample.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import newsdoc

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "real-en"
JUDGEMENTS = HERE / "judgements.json"
SEED = "issue14"
PER_RULE = 15
VERDICTS = ("true", "false", "wrong-reason")
LEVELS = ("error", "warning")


def line_hash(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of a line's text (without its line break)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_key(name: str, line: int, code: str, text: str) -> str:
    """The judgement key of a finding: ``name:line:code:hash-of-the-line``."""
    return f"{name}:{line}:{code}:{line_hash(text)}"


@dataclass(frozen=True)
class Finding:
    """One finding of the default rules on one file of the corpus."""

    name: str
    line: int
    code: str
    severity: str
    message: str
    text: str
    column: int = 1

    @property
    def key(self) -> str:
        return make_key(self.name, self.line, self.code, self.text)


@dataclass
class Dump:
    """One file of the corpus: its lines and where the body ends."""

    name: str
    lines: list[str]
    body_end: int  # the last body line (1-based); headlines follow the blank run

    @classmethod
    def read(cls, path: Path) -> Dump:
        text = path.read_bytes().decode("utf-8", "replace")
        lines = [line.removesuffix("\r") for line in text.split("\n")]
        blank = next((k for k, line in enumerate(lines) if not line.strip()), len(lines))
        return cls(path.name, lines, blank)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def section(self, number: int) -> str:
        if number <= self.body_end:
            return "body"
        return "headlines" if self.line(number).strip() else "blank"


@dataclass
class Run:
    """The default rules' findings on every file of a corpus."""

    dumps: dict[str, Dump]
    findings: list[Finding]

    def by_code(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            out[finding.code].append(finding)
        return dict(sorted(out.items()))

    def flagged_lines(self) -> dict[tuple[str, int], set[str]]:
        out: dict[tuple[str, int], set[str]] = defaultdict(set)
        for finding in self.findings:
            out[finding.name, finding.line].add(finding.code)
        return out


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def run_default_rules(corpus: Path) -> Run:
    """``newsdoc.validate`` at its defaults (what ``check --isolated`` runs) on every file."""
    return run_rules(corpus)


def opt_in_codes() -> frozenset[str]:
    """The rules of one dump (not the corpus family) that are off by default: opt-in rules.

    Each is named on its own to turn it on (``ALL`` leaves opt-in rules off).
    """
    default = newsdoc.Config().enabled
    return frozenset(
        rule.code
        for rule in newsdoc.RULES
        if rule.configurable and rule.code not in default and rule.category != "corpus"
    )


def run_opt_in_rules(corpus: Path) -> Run:
    """The findings of the opt-in rules alone, each selected by its code."""
    codes = opt_in_codes()
    if not codes:
        return Run({}, [])
    run = run_rules(corpus, newsdoc.Config.from_mapping({"select": sorted(codes)}))
    run.findings = [f for f in run.findings if f.code in codes]
    return run


def run_rules(corpus: Path, config: newsdoc.Config | None = None) -> Run:
    """``newsdoc.validate`` with ``config`` (None: the defaults) on every file of ``corpus``."""
    dumps: dict[str, Dump] = {}
    findings: list[Finding] = []
    for path in corpus_files(corpus):
        dump = Dump.read(path)
        dumps[dump.name] = dump
        for d in newsdoc.validate(path.read_bytes(), config):
            findings.append(
                Finding(
                    dump.name, d.line, d.code, d.severity, d.message, dump.line(d.line), d.column
                )
            )
    return Run(dumps, findings)


def _order(key: str, seed: str) -> str:
    return hashlib.sha256(f"{seed}\0{key}".encode()).hexdigest()


def sample(
    findings: Iterable[Finding], per_rule: int = PER_RULE, seed: str = SEED
) -> dict[str, list[Finding]]:
    """Per code, the findings to judge: the first ``per_rule`` distinct keys in seeded-hash order.

    Every key of an error-severity finding is drawn too (whatever the
    count), so that each file that ``check`` fails has its errors judged.
    One finding stands for its key (the first of the line).
    """
    keys: dict[str, dict[str, Finding]] = defaultdict(dict)
    for finding in findings:
        keys[finding.code].setdefault(finding.key, finding)
    out: dict[str, list[Finding]] = {}
    for code in sorted(keys):
        ordered = sorted(keys[code].values(), key=lambda f: _order(f.key, seed))
        chosen = ordered[:per_rule] + [f for f in ordered[per_rule:] if f.severity == "error"]
        out[code] = chosen
    return out


@dataclass(frozen=True)
class Judgement:
    """A person's verdict on one key: a true problem, a false alarm, or right line but wrong reason."""

    verdict: str
    reason: str
    level: str = "warning"  # for "true": is the text certainly damaged ("error")?
    message: str = ""  # the message judged (not in the key): a reworded one is re-checked

    def to_json(self) -> dict[str, str]:
        out = {"verdict": self.verdict, "reason": self.reason}
        if self.verdict == "true":
            out["level"] = self.level
        if self.message:
            out["message"] = self.message
        return out


@dataclass
class Judgements:
    """The judgements data file: key -> :class:`Judgement`."""

    entries: dict[str, Judgement] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = JUDGEMENTS) -> Judgements:
        if not path.exists():
            return cls()
        raw: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return cls.from_json(raw)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Judgements:
        entries = {}
        for key, value in raw.get("judgements", {}).items():
            verdict = value["verdict"]
            level = value.get("level", "warning")
            if verdict not in VERDICTS or level not in LEVELS:
                raise ValueError(f"{key}: unknown verdict {verdict!r} or level {level!r}")
            if not value.get("reason"):
                raise ValueError(f"{key}: a judgement needs its one-line reason")
            entries[key] = Judgement(verdict, value["reason"], level, value.get("message", ""))
        return cls(entries)

    def to_json(self, about: str) -> str:
        body = {
            "about": about,
            "judgements": {k: self.entries[k].to_json() for k in sorted(self.entries)},
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"

    def get(self, key: str) -> Judgement | None:
        return self.entries.get(key)


def split_key(key: str) -> tuple[str, int, str, str]:
    """``name, line, code, hash`` of a key (the file name may not hold a colon)."""
    name, line, code, digest = key.rsplit(":", 3)
    return name, int(line), code, digest


def leaked_lines(corpus: Path) -> dict[str, set[int]]:
    """The body lines labelled as page furniture in ``leaked-lines.json`` (empty when absent)."""
    path = corpus / "leaked-lines.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text("utf-8"))["files"]
    return {name: set(lines) for name, lines in raw.items()}
