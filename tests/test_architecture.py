"""The shape of the package: layers, one place per rule, lazy imports, module sizes.

The import directions between layers are import-linter contracts
(``pyproject.toml``, run by ``lint-imports`` in CI); these tests check what
import-linter cannot.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import newsdoc
from newsdoc.model.speed import LAZY_IMPORTS
from newsdoc.rules.registry import FAMILIES
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "newsdoc"
MODULES = sorted(PACKAGE.rglob("*.py"))
CODE = re.compile(r"ND\d{3}")
MAX_LINES = 500


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_rule_codes_appear_only_where_rules_are_declared(path: Path) -> None:
    """No code literal (``"ND203"``) gates logic: a code is written only where its rule is declared.

    The one exception is the parser's own names for the structure errors
    (newsdoc.syntax.diagnosis).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = _parents(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not CODE.fullmatch(node.value):
            continue
        parent = parents[node]
        declared = isinstance(parent, ast.keyword) and parent.arg == "code"
        named = isinstance(parent, ast.AnnAssign | ast.Assign) and _name(path).endswith(
            "syntax.diagnosis"
        )
        assert declared or named, f"{_name(path)}:{node.lineno}: {node.value!r}"


def test_every_rule_is_declared_in_a_family_module() -> None:
    """Each rule's check (or, for a structure error, the rule itself) comes from a family module."""
    families = {family.__name__ for family in FAMILIES}
    for rule in newsdoc.RULES:
        if rule.check is None:
            assert rule.category == "structure", rule.code
            continue
        assert rule.check.__module__ in families, rule.code
        assert rule.check.__doc__, rule.code


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_small(path: Path) -> None:
    """Modules are a few hundred lines: none is longer than 500."""
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines"


def _lazy(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in LAZY_IMPORTS)


def _imports_in_functions(path: Path) -> list[tuple[int, str]]:
    """The modules imported inside functions (not under ``if TYPE_CHECKING``), absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module or ""
                if node.level and not node.module:
                    found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
                else:
                    found.append((node.lineno, module))
    return found


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_inside_functions_are_listed(path: Path) -> None:
    """A module is imported inside a function only if newsdoc.model.speed.LAZY_IMPORTS lists it.

    That list says why each is deferred (an optional package, a heavy one,
    or a module most runs do not need); every other import is at the top.
    """
    for line, module in _imports_in_functions(path):
        assert _lazy(module), f"{_name(path)}:{line} imports {module} inside a function"


def test_every_listed_lazy_import_is_used() -> None:
    """LAZY_IMPORTS lists no module that no function imports (the list stays true)."""
    used = {module for path in MODULES for _, module in _imports_in_functions(path)}
    for name in LAZY_IMPORTS:
        assert any(m == name or m.startswith(name + ".") for m in used), name
