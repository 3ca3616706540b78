"""The quality benchmark's harness (bench/quality): injector, judgement keys, sampling, data files.

These tests check the measuring instrument, not newsdoc's rules: they pass
whatever the rules find.  They use the repository's own dumps, never the
shared corpus, which may be absent.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

import newsdoc
from tests.conftest import DATA, ROOT, SEED

QUALITY = ROOT / "bench" / "quality"


@pytest.fixture(scope="module")
def q() -> Iterator[SimpleNamespace]:
    """The benchmark's modules, imported as its script imports them (bench/quality on the path)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(QUALITY))
        modules: dict[str, ModuleType] = {
            name: importlib.import_module(name) for name in ("judged", "inject", "benchmark")
        }
        yield SimpleNamespace(**modules)


def _hosts(q: SimpleNamespace) -> list[Any]:
    paths = [SEED, *sorted((DATA / "valid").glob("*.txt"))]
    dumps = [q.judged.Dump.read(p) for p in paths]
    hosts = [d for d in dumps if q.inject.usable(d)]
    assert hosts, "no usable host dump in the repository"
    return hosts


CLASS_NAMES = [
    "headline-list furniture",
    "related link in body",
    "body boilerplate",
    "byline, dateline, timestamp",
    "caption or credit",
    "truncated text",
    "leftover markup, URL line",
    "mixed-script word",
    "not an article",
    "glued section label",
    "mojibake",
    "replacement character",
]


def test_every_defect_class_of_issue_14_is_injected(q: SimpleNamespace) -> None:
    """The injector has exactly the defect classes of issue 14, point 4, and the typographic two."""
    assert list(q.inject.CLASSES) == CLASS_NAMES


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_injector_puts_the_defect_on_the_stated_line(q: SimpleNamespace, name: str) -> None:
    """Each case changes the host at the stated line only, and the dump still parses.

    A new line (inserted) leaves every other line of the host as it was; a
    line changed in place keeps the host's line count; the stated line holds
    the injected text.  Whole-file cases replace the body and keep the
    host's headlines.
    """
    made = q.inject.cases(_hosts(q), name, 12, q.inject.SEED)
    assert len(made) == 12
    spec = q.inject.CLASSES[name]
    for case, host, _before in made:
        assert not [d for d in newsdoc.validate(case.text) if d.code.startswith("ND0")]
        lines = case.text.split("\n")
        if spec.whole_file:
            assert case.line == 1
            heads = [host.line(k) for k in q.inject.headline_lines(host)]
            assert [line for line in lines[lines.index("") :] if line] == heads
            continue
        new_line = lines[case.line - 1]
        others = lines[: case.line - 1] + lines[case.line :]
        if len(lines) == len(host.lines) + 1:
            assert others == host.lines
            assert new_line == case.injected
        else:
            assert len(lines) == len(host.lines)
            assert others == host.lines[: case.line - 1] + host.lines[case.line :]
            assert new_line != host.lines[case.line - 1]
            assert case.injected in new_line


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_injection_is_seeded(q: SimpleNamespace, name: str) -> None:
    """The same seed gives the same cases; another seed gives other cases."""
    hosts = _hosts(q)
    first = [c.text for c, _, _ in q.inject.cases(hosts, name, 6, 7)]
    again = [c.text for c, _, _ in q.inject.cases(hosts, name, 6, 7)]
    other = [c.text for c, _, _ in q.inject.cases(hosts, name, 6, 8)]
    assert first == again
    assert first != other


def test_generated_texts_cover_the_five_languages(q: SimpleNamespace) -> None:
    """Generated lines are drawn from the vocabularies of en, de, fr, es and pl."""
    assert q.inject.LANGUAGES == ("en", "de", "fr", "es", "pl")
    languages = {c.language for c, _, _ in q.inject.cases(_hosts(q), "body boilerplate", 60, 1)}
    assert languages == {"en", "de", "fr", "es", "pl"}


def test_every_template_fills(q: SimpleNamespace) -> None:
    """Every template of every language fills without a leftover placeholder."""
    import random

    rng = random.Random(0)

    def walk(node: object, lang: str) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, lang)
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value, lang)

    count = 0
    for lang, vocabulary in q.inject.VOCABULARY["languages"].items():
        for template in walk(vocabulary, lang):
            filled = q.inject.fill(rng, lang, template)
            assert "{" not in filled and "}" not in filled, (lang, template)
            count += 1
    assert count > 500


@pytest.mark.parametrize(
    ("name", "line", "code", "text", "key"),
    [
        ("a.txt", 3, "ND205", "Hello", "a.txt:3:ND205:185f8db32271"),
        ("b.txt", 12, "ND212", "x\u00a0", "b.txt:12:ND212:4ba9ef244790"),
        ("c:d.txt", 1, "ND209", "", "c:d.txt:1:ND209:e3b0c44298fc"),
    ],
)
def test_judgement_keys_are_stable(
    q: SimpleNamespace, name: str, line: int, code: str, text: str, key: str
) -> None:
    """A key is file, line, code and the first 12 hex digits of the line's SHA-256: pinned."""
    assert q.judged.make_key(name, line, code, text) == key
    assert q.judged.split_key(key) == (name, line, code, key.rsplit(":", 1)[1])


def test_judgement_keys_ignore_the_message_and_follow_the_text(q: SimpleNamespace) -> None:
    """Rewording a message keeps the key; changing the line's text or code changes it."""
    finding = q.judged.Finding("f.txt", 2, "ND205", "warning", "old words", "Some line")
    reworded = q.judged.Finding("f.txt", 2, "ND205", "warning", "new words", "Some line")
    edited = q.judged.Finding("f.txt", 2, "ND205", "warning", "old words", "Some line!")
    recoded = q.judged.Finding("f.txt", 2, "ND216", "warning", "old words", "Some line")
    assert finding.key == reworded.key
    assert len({finding.key, edited.key, recoded.key}) == 3


def _findings(q: SimpleNamespace, count: int, code: str = "ND205") -> list[Any]:
    return [
        q.judged.Finding(f"f{k % 7}.txt", k, code, "warning", "m", f"line {k}")
        for k in range(1, count + 1)
    ]


def test_sampling_is_seeded_and_deterministic(q: SimpleNamespace) -> None:
    """The same findings give the same sample in any order; at most 15 keys per rule."""
    findings = _findings(q, 100)
    first = [f.key for f in q.judged.sample(findings)["ND205"]]
    shuffled = [f.key for f in q.judged.sample(list(reversed(findings)))["ND205"]]
    other = [f.key for f in q.judged.sample(findings, seed="another")["ND205"]]
    assert first == shuffled
    assert len(first) == 15 == len(set(first))
    assert first != other


def test_sampling_keeps_its_keys_when_a_rule_changes(q: SimpleNamespace) -> None:
    """Dropping findings outside the sample, or adding findings, keeps most sampled keys.

    A key that stays stays in the sample unless keys ordered before it were
    added: with findings removed only, every sampled key left is kept.
    """
    findings = _findings(q, 100)
    sampled = {f.key for f in q.judged.sample(findings)["ND205"]}
    fewer = [f for f in findings if f.key in sampled or f.line % 2]
    assert {f.key for f in q.judged.sample(fewer)["ND205"]} == sampled
    more = findings + _findings(q, 110)[100:]
    kept = sampled & {f.key for f in q.judged.sample(more)["ND205"]}
    assert len(kept) >= 12


def test_sampling_takes_every_error_and_one_finding_per_key(q: SimpleNamespace) -> None:
    """Error-severity keys are all drawn (for the exit-code check); a line's findings share a key."""
    errors = [q.judged.Finding("e.txt", k, "ND209", "error", "m", f"bad {k}") for k in range(1, 41)]
    twice = _findings(q, 5) + _findings(q, 5)
    assert len(q.judged.sample(errors)["ND209"]) == 40
    assert len(q.judged.sample(twice)["ND205"]) == 5


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"verdict": "maybe", "reason": "r"}, "unknown verdict"),
        ({"verdict": "true", "reason": "r", "level": "fatal"}, "unknown verdict"),
        ({"verdict": "false", "reason": ""}, "one-line reason"),
    ],
)
def test_bad_judgements_are_refused(
    q: SimpleNamespace, entry: dict[str, str], problem: str
) -> None:
    """A judgement needs a known verdict, a known level and its reason."""
    with pytest.raises(ValueError, match=problem):
        q.judged.Judgements.from_json({"judgements": {"a.txt:1:ND205:000000000000": entry}})


def test_the_judgements_file_is_well_formed(q: SimpleNamespace) -> None:
    """judgements.json loads, every key parses, and it is written in its canonical form.

    Codes are not looked up in the registry: judgements may come before a
    rule lands on this branch.
    """
    raw = json.loads(q.judged.JUDGEMENTS.read_text("utf-8"))
    judgements = q.judged.Judgements.from_json(raw)
    assert judgements.entries
    for key in judgements.entries:
        name, line, code, digest = q.judged.split_key(key)
        assert name.endswith(".txt") and line >= 1 and re.fullmatch(r"ND\d{3}", code)
        assert len(digest) == 12 and int(digest, 16) >= 0
    assert judgements.to_json(raw["about"]) == q.judged.JUDGEMENTS.read_text("utf-8")


def test_a_missing_corpus_is_skipped_with_a_message(
    q: SimpleNamespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the shared corpus the benchmark says so and succeeds."""
    assert q.benchmark.main(["--corpus", str(tmp_path / "nowhere")]) == 0
    assert "SKIPPED the quality benchmark: no corpus of dumps at" in capsys.readouterr().out


def test_the_markdown_report_on_a_small_corpus(
    q: SimpleNamespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a folder of dumps the report has its sections, and --out fills the markers."""
    for path in [SEED, *sorted((DATA / "valid").glob("*.txt"))]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "quality.md"
    out.write_text("# Prose\n\n<!-- quality:begin -->\nold\n<!-- quality:end -->\n\nMore.\n")
    argv = ["--corpus", str(tmp_path), "--per-class", "2", "--no-exit-codes", "--out", str(out)]
    assert q.benchmark.main(argv) == 0
    printed = capsys.readouterr().out
    for heading in [
        "### Precision: default rules on",
        "### How much the default rules report on",
        "### Recall: injected defects, 2 per class",
        "| class | its rules | injected |",
    ]:
        assert heading in printed
    written = out.read_text()
    assert written.startswith("# Prose\n\n<!-- quality:begin -->\n")
    assert written.endswith("<!-- quality:end -->\n\nMore.\n")
    assert "old" not in written


@pytest.mark.parametrize("markdown", [False, True])
def test_an_empty_table_says_none(
    q: SimpleNamespace, markdown: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table without rows (no finding at all, no failing file) prints "(none)", not a crash."""
    q.benchmark.Report(markdown).table(["code", "findings"], [])
    assert capsys.readouterr().out == "(none)\n\n"


@pytest.mark.parametrize(
    ("verdict", "judged_message", "listed"),
    [
        ("wrong-reason", "old wording", True),
        ("wrong-reason", "", True),
        ("wrong-reason", "body line looks odd", False),
        ("false", "old wording", False),
        ("true", "old wording", True),
        ("true", "", False),
        ("true", "body line looks odd", False),
    ],
)
def test_judge_lists_verdicts_judged_under_another_message(
    q: SimpleNamespace,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    verdict: str,
    judged_message: str,
    listed: bool,
) -> None:
    """Verdicts that depend on the message are shown again when the message changed.

    "wrong-reason" under another message or none recorded; "true" under
    another recorded message; never "false" (a false alarm is about the line).
    """
    finding = q.judged.Finding("a.txt", 1, "ND205", "warning", "body line looks odd", "Odd")
    dump = q.judged.Dump("a.txt", ["Odd", "", "Headline"], 1)
    run = q.judged.Run({"a.txt": dump}, [finding])
    judgement = q.judged.Judgement(verdict, "a reason", "warning", judged_message)
    judgements = q.judged.Judgements({finding.key: judgement})
    assert q.judged.Judgements.from_json(json.loads(judgements.to_json("x"))) == judgements
    q.benchmark.judge(run, tmp_path, judgements, None)
    printed = capsys.readouterr().out
    assert ("RE-CHECK" in printed) is listed
    assert "0 sampled findings wait for a judgement" in printed
