"""Configuration: which rules run, their severity and options, and which files to check.

The settings live in ``[tool.newsdoc]`` of ``pyproject.toml``, or at the top
level of ``newsdoc.toml`` or ``.newsdoc.toml``; :func:`discover` finds the
nearest one walking up from a folder.  :meth:`Config.from_mapping` takes the
same keys as a dict, for library use.  Anything unknown is a
:class:`ConfigError` that names it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, cast

import attrs

from ..model.diagnostic import DEFAULT_LIMIT, Severity
from ..model.errors import ConfigError
from ..model.speed import LazyPattern
from ..rules.phrasebook import Phrasebook, PhraseError, phrasebook
from ..rules.registry import (
    CONFIGURABLE,
    DEFAULT_ON,
    PROTECTED,
    RULES,
    RULES_BY_CODE,
    SelectorError,
    default_options,
    resolve_selector,
    rule_for,
    selected_by,
)
from . import tables
from .globs import bad_glob, glob_matches
from .tables import SEVERITIES

__all__ = ["CONFIG_FILES", "Config", "ConfigError", "Selection", "discover", "load"]

CONFIG_FILES: Final = ("newsdoc.toml", ".newsdoc.toml", "pyproject.toml")
"""The files :func:`discover` looks for in each folder, in this order."""

DEFAULT_INCLUDE: Final = ("*.txt", "*.txt.gz", "*.txt.bz2", "*.txt.xz", "*.txt.zst")
DEFAULT_EXCLUDE: Final = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)
_STRUCTURE: Final = frozenset(rule.code for rule in RULES if not rule.configurable)
KEYS: Final = (
    "select",
    "extend-select",
    "ignore",
    "strict",
    "include",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "rules",
    "max-findings-per-rule",
    "fail-on-empty",
    "phrases",
    "language",
    "per-file-language",
)


@attrs.frozen
class Selection:
    """One layer of rule selection: the configuration file's, then the command line's."""

    select: tuple[str, ...] | None = None
    """Selectors that replace the rules chosen so far (None: keep them)."""

    extend_select: tuple[str, ...] = ()
    """Selectors of rules to turn on as well."""

    ignore: tuple[str, ...] = ()
    """Selectors of rules to turn off."""


def _specificity(selector: str) -> int:
    """How specific a selector is: ALL < ND < ND1 < ND10 < a code or a name."""
    if (text := selector.strip()) == "ALL":
        return 0
    rule = rule_for(text)
    if rule is not None:
        return len(rule.code)  # as specific as a whole code
    return len(text)


def _apply(enabled: set[str], selection: Selection) -> None:
    """Apply one layer: for each rule the most specific selector wins, ``ignore`` on a tie."""
    on = (selection.select or ()) + selection.extend_select
    if selection.select is not None:
        enabled.clear()
    best_on: dict[str, int] = {}
    best_off: dict[str, int] = {}
    for selectors, best in ((on, best_on), (selection.ignore, best_off)):
        for selector in selectors:
            weight = _specificity(selector)
            resolve = selected_by if best is best_on else resolve_selector
            for code in resolve(selector):
                best[code] = max(best.get(code, -1), weight)
    for code in CONFIGURABLE:
        weight_on, weight_off = best_on.get(code, -1), best_off.get(code, -1)
        if weight_on > weight_off:
            enabled.add(code)
        elif weight_off >= 0:
            enabled.discard(code)


def _protect(enabled: set[str], selections: Sequence[Selection]) -> None:
    for code in PROTECTED - enabled:
        named = any(
            (rule := rule_for(selector.strip())) is not None and rule.code == code
            for selection in selections
            for selector in selection.ignore
        )
        if not named:
            enabled.add(code)


@attrs.frozen(hash=False)
class Config:
    """Everything ``validate`` and ``newsdoc check`` can be told.

    ``Config()`` is the default: every rule but the opt-in ones, at its default severity.
    """

    selections: tuple[Selection, ...] = ()
    """Rule selection layers, applied in order over the default rules (all but the opt-in ones)."""

    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    """Severity by rule code, overriding the rules' defaults."""

    options: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    """Rule options by rule code, overriding their defaults."""

    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(glob, selectors) pairs: rules turned off in the files the glob matches."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    """Globs of the files to check when searching folders."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    """Globs of files and folders never searched."""

    extend_exclude: tuple[str, ...] = ()
    """More globs to exclude, on top of ``exclude``."""

    strict: bool = False
    """Whether warnings fail the run too."""

    max_findings_per_rule: int = DEFAULT_LIMIT
    """Findings of one rule listed per file (0: all), then one that counts the rest."""

    fail_on_empty: bool = False
    """Whether a run that finds no file to read fails (exit 2) instead of warning."""

    phrases: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Phrases added to the phrasebook, by kind (``[tool.newsdoc.phrases]``)."""

    language: str | None = None
    """The language of the texts (``"de"``) for the rules that depend on it; None: detect."""

    per_file_language: tuple[tuple[str, str], ...] = ()
    """(glob, language) pairs: the language of the files the glob matches."""

    root: Path | None = attrs.field(default=None, eq=False)
    """The folder that globs are relative to (the configuration file's)."""

    source: Path | None = attrs.field(default=None, eq=False)
    """The configuration file, or None."""

    enabled: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """The codes of the configurable rules that run."""

    checked: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """Every code reported: ``enabled`` and the structure errors, which always run."""

    severities: Mapping[str, Severity] = attrs.field(init=False, eq=False, repr=False)
    """Every rule's effective severity, by code."""

    settings: Mapping[str, Mapping[str, int]] = attrs.field(init=False, eq=False, repr=False)
    """Every rule's effective options, by code."""

    phrasebook: Phrasebook = attrs.field(init=False, eq=False, repr=False)
    """The phrasebook the rules use: the shipped phrases and :attr:`phrases`."""

    def __attrs_post_init__(self) -> None:
        if problem := bad_glob(self):
            raise ConfigError(problem)
        if self.language is not None:
            tables.check_language(self.language, "language")
        if type(self.max_findings_per_rule) is not int or self.max_findings_per_rule < 0:
            limit = self.max_findings_per_rule
            raise ConfigError(f"max-findings-per-rule must be an integer >= 0, not {limit!r}")
        enabled = set(DEFAULT_ON)  # (opt-in rules run only when a selector names them)
        try:
            for selection in self.selections:
                _apply(enabled, selection)
            _protect(enabled, self.selections)
            for _, selectors in self.per_file_ignores:
                for selector in selectors:
                    resolve_selector(selector)
        except SelectorError as error:
            raise ConfigError(str(error)) from None
        severities = {rule.code: rule.severity for rule in RULES}
        for code, severity in self.severity.items():
            rule = RULES_BY_CODE.get(code)
            if rule is None or not rule.configurable:
                raise ConfigError(f"cannot set the severity of {code!r}")
            if severity not in SEVERITIES:
                raise ConfigError(
                    f"severity of {code} must be 'error' or 'warning', not {severity!r}"
                )
            severities[code] = severity
        settings = {code: dict(values) for code, values in default_options().items()}
        for code, values in self.options.items():
            for name, value in values.items():
                if name not in settings.get(code, {}):
                    raise ConfigError(f"rule {code} has no option {name!r}")
                minimum = RULES_BY_CODE[code].option(name).minimum
                if type(value) is not int or value < minimum:
                    raise ConfigError(
                        f"option {name!r} of rule {code} must be an integer >= {minimum}, "
                        f"not {value!r}"
                    )
                settings[code][name] = value
        try:
            book = Phrasebook(self.phrases)
        except PhraseError as error:
            raise ConfigError(f"phrases: {error}") from None
        object.__setattr__(self, "phrasebook", phrasebook(book.added))
        object.__setattr__(self, "enabled", frozenset(enabled))
        object.__setattr__(self, "checked", frozenset(enabled) | _STRUCTURE)
        object.__setattr__(self, "severities", severities)
        object.__setattr__(self, "settings", settings)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, source: Path | None = None, root: Path | None = None
    ) -> Config:
        """Build a configuration from the keys of ``[tool.newsdoc]``.

        Raises :class:`ConfigError` naming the file (when ``source`` is given)
        and the offending key or value.
        """
        where = f"{source}: " if source is not None else ""
        in_pyproject = source is None or source.name == "pyproject.toml"
        table = " in [tool.newsdoc]" if in_pyproject else ""
        try:
            return _from_mapping(cls, data, table, source, root)
        except ConfigError as error:
            raise ConfigError(f"{where}{error}") from None

    @staticmethod
    def discover(start: str | os.PathLike[str] | None = None) -> Config:
        """The configuration that applies in ``start`` (see :func:`discover`)."""
        return discover(start)

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Config:
        """Read one configuration file (see :func:`load`)."""
        return load(path)

    def with_selection(
        self,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        strict: bool | None = None,
    ) -> Config:
        """A copy with one more selection layer (the command line's) on top."""
        layer = Selection(
            None if select is None else tuple(select), tuple(extend_select), tuple(ignore)
        )
        try:
            return attrs.evolve(
                self,
                selections=(*self.selections, layer),
                strict=self.strict if strict is None else strict,
            )
        except ConfigError as error:
            raise ConfigError(f"command line: {error}") from None

    def for_path(self, relative: str) -> Config:
        """The configuration for one file: its per-file ignores applied.

        ``relative`` is the file's path relative to :attr:`root`, with ``/``.
        """
        if self.per_file_language:
            language = tables.file_language(self.language, self.per_file_language, relative)
            changed = attrs.evolve(self, language=language, per_file_language=())
            return changed.for_path(relative)
        if not self.per_file_ignores:
            return self
        ignored = [
            selectors
            for pattern, selectors in self.per_file_ignores
            if glob_matches(pattern, relative)
        ]
        if not ignored:
            return self
        layer = Selection(None, (), tuple(s for selectors in ignored for s in selectors))
        return attrs.evolve(self, selections=(*self.selections, layer), per_file_ignores=())


def _from_mapping(
    cls: type[Config],
    data: Mapping[str, Any],
    table: str,
    source: Path | None,
    root: Path | None,
) -> Config:
    if not isinstance(data, Mapping):
        raise ConfigError(f"the configuration must be a table, not {data!r}")
    for key in data:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"unknown key {key!r}{table} (known: {known})")
    kwargs: dict[str, Any] = {}
    select = data.get("select")
    selection = Selection(
        None if select is None else tables.selectors(select, "select"),
        tables.selectors(data.get("extend-select", []), "extend-select"),
        tables.selectors(data.get("ignore", []), "ignore"),
    )
    kwargs["selections"] = (selection,)
    if "max-findings-per-rule" in data:
        kwargs["max_findings_per_rule"] = data["max-findings-per-rule"]
    for key in ("strict", "fail-on-empty"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{key} must be true or false, not {data[key]!r}")
            kwargs[key.replace("-", "_")] = data[key]
    for key in ("include", "exclude", "extend-exclude"):
        if key in data:
            kwargs[key.replace("-", "_")] = tables.strings(data[key], key)
    if "language" in data:
        kwargs["language"] = tables.check_language(data["language"], "language")
    kwargs["per_file_language"] = tables.languages_table(data.get("per-file-language", {}))
    ignores = data.get("per-file-ignores", {})
    if not isinstance(ignores, Mapping):
        raise ConfigError(
            f"per-file-ignores must be a table of glob = [selectors], not {ignores!r}"
        )
    kwargs["per_file_ignores"] = tuple(
        (pattern, tables.selectors(value, f"per-file-ignores.{pattern!r}"))
        for pattern, value in ignores.items()
    )
    kwargs["phrases"] = tables.phrases_table(data.get("phrases", {}))
    severity, options = tables.rules_table(data.get("rules", {}))
    kwargs["severity"] = severity
    kwargs["options"] = options
    return cls(**kwargs, root=root, source=source)


# --- files -------------------------------------------------------------------------

# A cheap test that a pyproject.toml may hold [tool.newsdoc], so that most
# runs need not import and run tomllib (about 5 ms).  A file that never
# says "newsdoc" cannot hold the table.  Otherwise, as keys start lines,
# the table can only be written in one of these places: a header that
# names tool and newsdoc (broken ones too, such as "[tool.newsdoc" without
# its "]": the parse then reports them), a tool.newsdoc dotted key, an
# inline tool = {... newsdoc ...} table, or a newsdoc key in a file that
# has a [tool] table.  A project that depends on newsdoc or names a
# newsdoc script is not parsed.  False positives only cost a parse.
_OURS_HERE: Final = LazyPattern(
    rb"""^[ \t]*\[[^\n]*tool[^\n]*newsdoc"""
    rb"""|^[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?newsdoc"""
    rb"""|^[ \t]*["']?tool["']?[ \t]*=[ \t]*\{.*newsdoc""",
    re.MULTILINE,
)
_TOOL_TABLE: Final = LazyPattern(rb"""^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""", re.MULTILINE)
_OUR_KEY: Final = LazyPattern(rb"""^[ \t]*["']?newsdoc\b""", re.MULTILINE)


def _maybe_ours(data: bytes) -> bool:
    """Whether a pyproject.toml's bytes may hold [tool.newsdoc] (never false when they do)."""
    if b"newsdoc" not in data:
        return False
    if _OURS_HERE.search(data):
        return True
    return bool(_TOOL_TABLE.search(data) and _OUR_KEY.search(data))


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _table(path: Path) -> Mapping[str, Any] | None:
    """The newsdoc settings in a configuration file, or None if it has none."""
    if path.name != "pyproject.toml":
        return _read_toml(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if not _maybe_ours(data):  # but TOML is UTF-8: a UTF-16 file hides the table from the test
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ConfigError(f"{path}: not UTF-8: {error}") from None
        return None
    tool = _read_toml(path).get("tool", {})
    table = tool.get("newsdoc") if isinstance(tool, Mapping) else None
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.newsdoc] must be a table")
    return cast(Mapping[str, Any], table)


def load(path: str | os.PathLike[str]) -> Config:
    """Read a configuration file (``pyproject.toml`` or ``newsdoc.toml``)."""
    file = Path(path).absolute()
    table = _table(file)
    if table is None:
        raise ConfigError(f"{file}: no [tool.newsdoc] table")
    return Config.from_mapping(table, source=file, root=file.parent)


def discover(start: str | os.PathLike[str] | None = None) -> Config:
    """The configuration that applies in ``start`` (default: the current folder).

    Looks in ``start`` and each parent folder for ``newsdoc.toml``,
    ``.newsdoc.toml``, then a ``pyproject.toml`` with a ``[tool.newsdoc]``
    table; the first found is used.  Without one, the defaults apply, with
    globs relative to ``start``.
    """
    folder = Path(start if start is not None else os.getcwd()).absolute()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            table = _table(path)
            if table is not None:
                return Config.from_mapping(table, source=path, root=candidate)
    return Config(root=folder)
