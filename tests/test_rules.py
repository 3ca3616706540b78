"""The rule registry: stable codes, documented examples, and docs/rules.md in step."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tools.rulesdoc import UnstableCodeError, escape_example, main, published, render

import newsdoc
from newsdoc.config.settings import Selection
from newsdoc.rules.corpus import CROSS_FILE
from newsdoc.rules.registry import RULES_BY_CODE, SelectorError, resolve_selector
from newsdoc.syntax import diagnosis as _diagnosis
from tests.conftest import ROOT

PER_FILE = [rule for rule in newsdoc.RULES if rule.code not in CROSS_FILE]

ESCAPE = re.compile(r"\\(r|t|z|\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})|<0x([0-9A-F]{2})>")

# Codes and names are published: tools/rulesdoc.py keeps this list and only lets it grow.
PUBLISHED: dict[str, str] = json.loads((ROOT / "docs" / "rule-codes.json").read_text("utf-8"))


def decode_example(block: str) -> str:
    """The inverse of escape_example: the notation docs/rules.md explains."""
    text = block + "\n"
    end = text.find("\\z")
    if end >= 0:
        text = text[:end]

    def replace(match: re.Match[str]) -> str:
        if match.group(2):
            return chr(0xDC00 + int(match.group(2), 16))
        code = match.group(1)
        if code in ("r", "t", "\\"):
            return {"r": "\r", "t": "\t", "\\": "\\"}[code]
        return chr(int(code[1:], 16))

    return ESCAPE.sub(replace, text)


def test_codes_and_names_are_stable() -> None:
    """Every published code keeps its name, every rule is published; codes are grouped by category."""
    assert {rule.code: rule.name for rule in newsdoc.RULES} == PUBLISHED
    assert [rule.code for rule in newsdoc.RULES] == sorted(PUBLISHED)
    prefix = {"structure": "ND0", "layout": "ND1", "content": "ND2", "corpus": "ND3"}
    for rule in newsdoc.RULES:
        assert rule.code.startswith(prefix[rule.category]), rule.code
        assert rule.summary.endswith((".", "...")) and "\n" not in rule.summary
        assert rule.rationale and rule.bad != rule.good


def test_structure_rules_are_the_parsers_codes() -> None:
    """ND001-ND006 are the parser's error codes, errors, not fixable, always on."""
    parser_codes = {
        _diagnosis.INVALID_UTF8,
        _diagnosis.CONTROL_CHARACTER,
        _diagnosis.EMPTY_DOCUMENT,
        _diagnosis.MISSING_SEPARATOR,
        _diagnosis.MISSING_HEADLINES,
        _diagnosis.SECOND_SEPARATOR,
    }
    structure = {rule.code for rule in newsdoc.RULES if rule.category == "structure"}
    assert structure == parser_codes
    for code in structure:
        rule = RULES_BY_CODE[code]
        assert (rule.severity, rule.fix, rule.configurable) == ("error", None, False)


def test_layout_fixes_are_safe_and_bidi_is_an_error() -> None:
    """Layout fixes are safe except the tab one; certainly damaged text is an error.

    (The tab fix changes text; mojibake, U+FFFD, Trojan Source and leftover markup are
    certainly damaged text.)
    """
    for rule in newsdoc.RULES:
        if rule.category == "layout":
            assert rule.fix == ("unsafe" if rule.code == "ND111" else "safe"), rule.code
        if rule.category == "content":
            assert rule.fix in (None, "unsafe"), rule.code
    assert RULES_BY_CODE["ND214"].severity == "error"
    assert {r.code for r in newsdoc.RULES if r.severity == "error"} == {
        "ND001",
        "ND002",
        "ND003",
        "ND004",
        "ND005",
        "ND006",
        "ND209",
        "ND210",
        "ND214",
        "ND222",
    }


@pytest.mark.parametrize("rule", PER_FILE, ids=[r.code for r in PER_FILE])
def test_documented_examples(rule: newsdoc.Rule) -> None:
    """A rule's bad example trips it; its good example gives no diagnostic at all.

    An opt-in rule's bad example trips it once selected, and only then; a rule
    that compares files (ND301-ND303) is checked on its examples as a corpus in
    tests/test_corpus.py.
    """
    chosen = (Selection(extend_select=(rule.code,)),) if rule.configurable else ()
    selected = newsdoc.Config(selections=chosen)
    bad = newsdoc.validate(rule.bad.encode("utf-8", "surrogateescape"), selected)
    assert rule.code in {d.code for d in bad}
    assert newsdoc.validate(rule.good.encode("utf-8", "surrogateescape"), selected) == []
    default = newsdoc.validate(rule.bad.encode("utf-8", "surrogateescape"))
    assert (rule.code in {d.code for d in default}) is not rule.opt_in


def test_opt_in_rules_run_only_when_selected() -> None:
    """An opt-in rule is off by default and on once selected by code or by name."""
    opt_in = [rule for rule in PER_FILE if rule.opt_in]
    assert {rule.code for rule in opt_in} >= {"ND205"}
    for rule in opt_in:
        data = rule.bad.encode("utf-8", "surrogateescape")
        assert rule.code not in {d.code for d in newsdoc.validate(data)}
        assert rule.code not in newsdoc.Config().enabled
        assert rule.code in newsdoc.Config().with_selection(extend_select=[rule.code]).enabled
        chosen = newsdoc.Config.from_mapping({"select": [rule.name]})
        assert rule.code in {d.code for d in newsdoc.validate(data, chosen)}


@pytest.mark.parametrize("rule", newsdoc.RULES, ids=[r.code for r in newsdoc.RULES])
def test_example_notation_round_trips(rule: newsdoc.Rule) -> None:
    """The docs show each example in a notation that decodes back to it exactly."""
    for example in (rule.bad, rule.good):
        assert decode_example(escape_example(example)) == example


def test_notation_shows_invisible_characters() -> None:
    """Invisible characters, trailing spaces, bytes and the missing final break are visible."""
    assert escape_example("a\u200bb \t\n\udce9\r\n") == "a\\u200bb\\x20\\t\n<0xE9>\\r"
    assert escape_example("x") == "x\\z"
    assert escape_example("") == "\\z"
    assert escape_example("back\\slash \n") == "back\\\\slash\\x20"


def test_rules_md_is_generated_from_the_registry() -> None:
    """docs/rules.md is exactly what the registry renders (run python tools/rulesdoc.py)."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render()


def test_rules_md_documents_every_rule() -> None:
    """Each rule has a section with its anchor, options and both examples."""
    text = render()
    for rule in newsdoc.RULES:
        assert f"### {rule.code} {rule.name}\n" in text
        assert f"](#{rule.anchor})" in text
        assert escape_example(rule.bad) in text
        for option in rule.options:
            assert f"| `{option.name}` | {option.default} |" in text
    assert newsdoc.RULES["ND215"].url.endswith("#nd215-doubled-space")


def test_published_codes_only_grow() -> None:
    """The generator keeps every published code; a code gone or renamed is refused."""
    assert published(PUBLISHED) == PUBLISHED
    assert published({}) == PUBLISHED
    with pytest.raises(UnstableCodeError, match="ND101 was published as 'old-name'"):
        published({**PUBLISHED, "ND101": "old-name"})
    with pytest.raises(UnstableCodeError, match="ND999 \\(gone\\) was published and is gone"):
        published({**PUBLISHED, "ND999": "gone"})


def test_rules_doc_main(tmp_path: Path) -> None:
    """The generator writes the file, and --check fails only when it is out of date."""
    target = tmp_path / "rules.md"
    codes = ["--codes", str(tmp_path / "codes.json")]
    assert main(["--check", str(target), *codes]) == 1
    assert main([str(target), *codes]) == 0
    assert target.read_text(encoding="utf-8") == render()
    assert json.loads((tmp_path / "codes.json").read_text("utf-8")) == PUBLISHED
    assert main(["--check", str(target), *codes]) == 0
    target.write_text(render() + "stale\n", encoding="utf-8")
    assert main(["--check", str(target), *codes]) == 1
    (tmp_path / "codes.json").write_text('{"ND101": "renamed"}', encoding="utf-8")
    assert main([str(target), *codes]) == 1


@pytest.mark.parametrize(
    ("selector", "codes"),
    [
        ("ND101", {"ND101"}),
        ("trailing-whitespace", {"ND101"}),
        ("nd101", {"ND101"}),
        ("ND11", {"ND110", "ND111"}),
        ("ND21", {f"ND21{digit}" for digit in range(10)}),
        ("ND", {code for code in PUBLISHED if not code.startswith("ND0")}),
        ("ALL", {code for code in PUBLISHED if not code.startswith("ND0")}),
    ],
)
def test_selectors(selector: str, codes: set[str]) -> None:
    """A selector is a code, a name, a prefix or ALL; structure errors are never in it."""
    assert resolve_selector(selector) == codes


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("ND999", "unknown rule code, prefix or name 'ND999'"),
        ("E501", "unknown rule code, prefix or name 'E501'"),
        ("trailing", "unknown rule code, prefix or name 'trailing'"),
        ("ND0", "'ND0' matches only structure errors, which are always reported"),
        (
            "ND004",
            "ND004 (missing-separator) is a structure error: it is always reported and "
            "cannot be selected, ignored or given a severity",
        ),
    ],
)
def test_bad_selectors(selector: str, message: str) -> None:
    """Unknown selectors and structure errors are refused with a message naming them."""
    with pytest.raises(SelectorError) as raised:
        resolve_selector(selector)
    assert str(raised.value) == message
