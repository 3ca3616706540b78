"""Configuration: keys, errors that name them, discovery, selection and globs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import newsdoc
from newsdoc.config import settings as _config
from newsdoc.config.globs import any_glob, glob_matches
from newsdoc.config.settings import Config, ConfigError, discover, load
from newsdoc.rules import registry

KNOWN = (
    "select, extend-select, ignore, strict, include, exclude, extend-exclude, "
    "per-file-ignores, rules, max-findings-per-rule, fail-on-empty, phrases, language, per-file-language"
)
ALL = {rule.code for rule in newsdoc.RULES if rule.configurable and not rule.opt_in}
"""The rules on by default: every configurable one but the opt-in ones (ND3xx)."""


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"selct": ["ND1"]},
            "unknown key 'selct' in [tool.newsdoc] (known: select, extend-select, ignore, "
            "strict, include, exclude, extend-exclude, per-file-ignores, rules, max-findings-per-rule, fail-on-empty, phrases, language, per-file-language)",
        ),
        ({"fail-on-empty": 1}, "fail-on-empty must be true or false, not 1"),
        ({"select": "ND1"}, "select must be a list of strings, not 'ND1'"),
        ({"select": ["ND999"]}, "select: unknown rule code, prefix or name 'ND999'"),
        (
            {"ignore": ["ND001"]},
            "ignore: ND001 (invalid-utf8) is a structure error: it is always reported and "
            "cannot be selected, ignored or given a severity",
        ),
        ({"strict": "yes"}, "strict must be true or false, not 'yes'"),
        ({"exclude": [1]}, "exclude must be a list of strings, not [1]"),
        (
            {"per-file-ignores": {"legacy/*.txt": ["ND9"]}},
            "per-file-ignores.'legacy/*.txt': unknown rule code, prefix or name 'ND9'",
        ),
        (
            {"per-file-ignores": ["ND1"]},
            "per-file-ignores must be a table of glob = [selectors], not ['ND1']",
        ),
        ({"rules": {"ND299": {}}}, "rules: unknown rule code or name 'ND299'"),
        (
            {"phrases": ["Read also"]},
            "phrases must be a table of kind = [phrases], not ['Read also']",
        ),
        (
            {"phrases": {"relatd": ["Read also"]}},
            "phrases: unknown kind 'relatd' (known: related, boilerplate, byline, timestamp, "
            "credit, agency, embed, tag, date, navigation)",
        ),
        (
            {"phrases": {"related": "Read also"}},
            "phrases.related must be a list of strings, not 'Read also'",
        ),
        (
            {"phrases": {"byline": ["Von {nom}"]}},
            "phrases: phrase 'Von {nom}': unknown '{nom}' (known: {name}, {number})",
        ),
        ({"phrases": {"related": ["*"]}}, "phrases: phrase '*' has no words"),
        (
            {"rules": {"ND203": {"max-len": 3}}},
            "rules.ND203: unknown key 'max-len' (known: severity, max-length)",
        ),
        (
            {"rules": {"ND203": {"max-length": 0}}},
            "rules.ND203.max-length must be an integer >= 1, not 0",
        ),
        (
            {"rules": {"ND203": {"max-length": True}}},
            "rules.ND203.max-length must be an integer >= 1, not True",
        ),
        (
            {"rules": {"ND101": {"severity": "fatal"}}},
            "rules.ND101.severity must be 'error' or 'warning', not 'fatal'",
        ),
        (
            {"rules": {"ND101": {}, "trailing-whitespace": {}}},
            "rules: ND101 is configured twice ('ND101' and 'trailing-whitespace')",
        ),
        (
            {"rules": {"ND004": {"severity": "warning"}}},
            "rules: ND004 (missing-separator) is a structure error: it is always an error",
        ),
        ({"rules": {"ND101": "error"}}, "rules.ND101 must be a table, not 'error'"),
    ],
)
def test_bad_configuration_names_the_problem(table: dict[str, Any], message: str) -> None:
    """Every unknown key, code or bad value is an error whose message names it and the file."""
    with pytest.raises(ConfigError) as raised:
        Config.from_mapping(table)
    assert str(raised.value) == message
    source = Path("/project/pyproject.toml")
    with pytest.raises(ConfigError) as raised:
        Config.from_mapping(table, source=source)
    assert str(raised.value) == f"{source}: {message}"


def test_defaults() -> None:
    """The default configuration runs every rule but the opt-in ones, at its default severity."""
    config = Config()
    assert config.enabled == ALL
    assert not {"ND301", "ND304"} & config.enabled and "ND301" in config.severities
    assert config.severities["ND214"] == "error" and config.severities["ND101"] == "warning"
    assert config.settings["ND203"] == {"max-length": 150}
    assert config.include == ("*.txt", "*.txt.gz", "*.txt.bz2", "*.txt.xz", "*.txt.zst")
    assert ".venv" in config.exclude and not config.strict


def test_most_specific_selector_wins() -> None:
    """Within a layer, a more specific selector beats a broader one; ignore wins a tie."""
    config = Config.from_mapping(
        {"select": ["ND2"], "ignore": ["ND20"], "extend-select": ["ND201", "ND101"]}
    )
    # (A family prefix turns the opt-in rules of the family on too: ND227.)
    every = {rule.code for rule in newsdoc.RULES if rule.configurable}
    assert config.enabled == {"ND201", "ND101"} | {
        c for c in every if c.startswith(("ND21", "ND22"))
    }
    tie = Config.from_mapping({"select": ["ND101"], "ignore": ["trailing-whitespace"]})
    # ND214 (Trojan Source) stays on unless it is ignored by its own code or name.
    assert tie.enabled == {"ND214"}


def test_command_line_layer_overrides_the_file() -> None:
    """The command line's --select replaces the file's selection; --extend-select re-enables."""
    config = Config.from_mapping({"ignore": ["ND101", "ND2"]})
    assert "ND101" not in config.enabled
    assert config.with_selection(select=["ND1"]).enabled == {
        c for c in ALL if c.startswith("ND1")
    } | {"ND214"}
    extended = config.with_selection(extend_select=["ND101"])
    assert "ND101" in extended.enabled and "ND201" not in extended.enabled
    assert config.with_selection(ignore=["ALL"]).enabled == {"ND214"}
    assert config.with_selection(ignore=["ALL", "ND214"]).enabled == frozenset()
    assert config.with_selection(strict=True).strict


def test_per_file_ignores() -> None:
    """Per-file ignores turn rules off for the files their glob matches."""
    config = Config.from_mapping(
        {"per-file-ignores": {"legacy/**": ["ND1"], "*.raw.txt": ["ND208"]}}
    )
    assert config.for_path("news/a.txt") is config
    legacy = config.for_path("legacy/2019/a.txt").enabled
    assert not any(code.startswith("ND1") for code in legacy) and "ND208" in legacy
    assert "ND208" not in config.for_path("news/a.raw.txt").enabled


def test_options_and_severity_from_names() -> None:
    """Rules can be configured by name or code; options and severity take effect."""
    config = Config.from_mapping(
        {"rules": {"headline-too-long": {"max-length": 90, "severity": "error"}, "nd205": {}}}
    )
    assert config.settings["ND203"] == {"max-length": 90}
    assert config.severities["ND203"] == "error"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_walks_up_to_pyproject(tmp_path: Path) -> None:
    """From a subfolder, the nearest pyproject.toml with [tool.newsdoc] is found; globs are relative to it."""
    _write(tmp_path / "pyproject.toml", '[tool.newsdoc]\nignore = ["ND101"]\nstrict = true\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = discover(deep)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.root == tmp_path
    assert "ND101" not in config.enabled and config.strict


def test_discover_skips_pyproject_without_our_table(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.newsdoc] is passed over for one further up."""
    _write(tmp_path / "newsdoc.toml", 'select = ["ND2"]\n')
    _write(
        tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 1\n'
    )
    config = discover(tmp_path / "sub")
    assert config.source == tmp_path / "newsdoc.toml"
    # (select = ["ND2"] names the family: its opt-in rules are on too.)
    every = {rule.code for rule in newsdoc.RULES if rule.configurable}
    assert config.enabled == {c for c in every if c.startswith("ND2")}


def test_discover_order_within_a_folder(tmp_path: Path) -> None:
    """In one folder newsdoc.toml wins over .newsdoc.toml, which wins over pyproject.toml."""
    _write(tmp_path / "pyproject.toml", '[tool.newsdoc]\nselect = ["ND1"]\n')
    assert discover(tmp_path).source == tmp_path / "pyproject.toml"
    _write(tmp_path / ".newsdoc.toml", 'select = ["ND2"]\n')
    assert discover(tmp_path).source == tmp_path / ".newsdoc.toml"
    _write(tmp_path / "newsdoc.toml", "")
    found = discover(tmp_path)
    assert found.source == tmp_path / "newsdoc.toml" and found.enabled == ALL


def test_discover_without_configuration(tmp_path: Path) -> None:
    """With no configuration file, the defaults apply relative to the start folder."""
    config = discover(tmp_path)
    assert config == Config() and config.root == tmp_path and config.source is None


def test_errors_in_files_name_the_file(tmp_path: Path) -> None:
    """Invalid TOML and unknown keys are reported with the file's path."""
    bad = _write(tmp_path / "newsdoc.toml", "select = [\n")
    with pytest.raises(ConfigError, match=rf"^{bad}: invalid TOML: "):
        discover(tmp_path)
    _write(bad, "colour = true\n")
    with pytest.raises(ConfigError) as raised:
        load(bad)
    assert str(raised.value) == f"{bad}: unknown key 'colour' (known: {KNOWN})"
    plain = _write(tmp_path / "sub" / "pyproject.toml", "[project]\n")
    with pytest.raises(ConfigError, match=r"no \[tool\.newsdoc\] table"):
        load(plain)


@pytest.mark.parametrize(
    "text",
    [
        "[tool.newsdoc]\nstrict = true\n",
        "[tool]\nnewsdoc = { strict = true }\n",
        "tool.newsdoc.strict = true\n",
        '[tool."newsdoc"]\nstrict = true\n',
        "[tool.newsdoc.rules.ND203]\nmax-length = 9\n",
    ],
)
def test_every_way_to_write_the_table_is_found(tmp_path: Path, text: str) -> None:
    """The cheap pre-test before parsing pyproject.toml never misses our table."""
    _write(tmp_path / "pyproject.toml", text)
    assert discover(tmp_path).source == tmp_path / "pyproject.toml"


def test_pyproject_that_only_mentions_us_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pyproject.toml naming newsdoc only as a dependency is skipped without parsing TOML."""
    _write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["newsdoc>=0.1"]\n')

    def fail(path: Path) -> dict[str, Any]:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(_config, "_read_toml", fail)
    assert discover(tmp_path).source is None


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "deep/down/a.txt", True),
        ("*.txt", "a.txt.bak", False),
        ("build", "build/x/a.txt", True),
        ("build", "src/build", True),
        ("build", "builder/a.txt", False),
        ("legacy/*.txt", "legacy/a.txt", True),
        ("legacy/*.txt", "legacy/x/a.txt", False),
        ("legacy/*.txt", "x/legacy/a.txt", False),
        ("legacy/**/*.txt", "legacy/x/y/a.txt", True),
        ("legacy/**/*.txt", "legacy/a.txt", True),
        ("/corpus/", "corpus/a.txt", True),
        ("a?.txt", "ab.txt", True),
        ("a?.txt", "a/.txt", False),
        ("[!x]*.txt", "y.txt", True),
        ("[!x]*.txt", "x.txt", False),
        ("[ab].txt", "b.txt", True),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    """Globs follow .gitignore: no slash matches at any depth, a slash anchors, ** spans folders."""
    assert glob_matches(pattern, path) is matches


def test_include_globs_do_not_match_inside_folders() -> None:
    """An include glob matches files by their own name, not the folder they are in."""
    assert not glob_matches("*.txt", "notes.txt/readme.md", folders=False)
    assert any_glob(("*.md", "*.txt"), folders=False).fullmatch("x/y.txt")
    assert not any_glob(()).fullmatch("anything")


def test_opt_in_selectors() -> None:
    """An opt-in rule (ND205) is on by its name or a prefix of its family, not by ALL; ignore wins."""
    assert "ND205" not in Config().enabled
    assert (
        "ND205" in Config.from_mapping({"extend-select": ["body-line-looks-like-headline"]}).enabled
    )
    assert "ND205" not in Config.from_mapping({"select": ["ALL"]}).enabled
    assert "ND205" in Config.from_mapping({"select": ["ND20"]}).enabled
    assert "ND205" not in Config.from_mapping({"select": ["ND20"], "ignore": ["ND205"]}).enabled


def test_the_registry_marks_opt_in_rules() -> None:
    """DEFAULT_ON is every configurable rule but those declared opt_in=True."""
    assert registry.DEFAULT_ON == registry.CONFIGURABLE - registry.OPT_IN
    assert {r.code for r in newsdoc.RULES if r.opt_in and r.configurable} == registry.OPT_IN


def test_language_settings_reach_each_file() -> None:
    """Language sets the texts' language; per-file-language overrides it for matching files."""
    config = Config.from_mapping({"language": "de", "per-file-language": {"fr/**": "fr"}})
    assert config.language == "de"
    assert config.for_path("fr/a/b.txt").language == "fr"
    assert config.for_path("news/b.txt").language == "de"
    assert Config().language is None and Config().for_path("fr/a.txt").language is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"language": "xx"}, "language must be one of cs, de, en, es, fr, pl, not 'xx'"),
        (
            {"per-file-language": {"a/**": "english"}},
            "per-file-language.'a/**' must be one of cs, de, en, es, fr, pl, not 'english'",
        ),
        (
            {"per-file-language": ["de"]},
            "per-file-language must be a table of glob = language, not ['de']",
        ),
        ({"per-file-language": {"[9-0]": "de"}}, "per-file-language: bad glob '[9-0]'"),
    ],
)
def test_bad_language_settings_name_the_problem(table: dict[str, Any], message: str) -> None:
    """A language newsdoc does not know, or a bad per-file-language table, is named."""
    with pytest.raises(ConfigError) as raised:
        Config.from_mapping(table)
    assert str(raised.value).startswith(message)
