"""API hygiene: what is public is in ``__all__``, documented, versioned and changelogged."""

from __future__ import annotations

import ast
import inspect
import pkgutil
import re
import subprocess
import sys
import textwrap
import tomllib
from importlib.metadata import version
from types import ModuleType

import pytest

import newsdoc
import newsdoc.dask
import newsdoc.strategies
from newsdoc.cli.main import main
from tests.conftest import ROOT

PUBLIC_MODULES = [newsdoc, newsdoc.dask, newsdoc.strategies]
API_MD = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def _public(module: ModuleType) -> list[tuple[str, object]]:
    return [(name, getattr(module, name)) for name in module.__all__]


LAYERS = {"model", "syntax", "rules", "config", "io", "output", "corpus", "convert", "cli"}


def test_the_package_holds_the_layers_and_two_public_modules() -> None:
    """The package holds the internal layer packages, ``__main__`` and two public modules.

    The layers (docs/architecture.md) are internal, however they are named;
    the public modules besides the package itself are newsdoc.strategies
    (Hypothesis) and newsdoc.dask (reading a corpus with Dask).
    """
    found = {m.name: m.ispkg for m in pkgutil.iter_modules(newsdoc.__path__)}
    assert {name for name, package in found.items() if package} == LAYERS
    assert {name for name, package in found.items() if not package} == {
        "__main__",
        "dask",
        "strategies",
    }


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_all_lists_exactly_the_public_objects(module: ModuleType) -> None:
    """``__all__`` is sorted and names every public class and function the module offers.

    The package offers what it imports from its internal layers; a public
    submodule offers what it defines.
    """
    assert module.__all__ == sorted(module.__all__)
    home = "newsdoc." if module is newsdoc else module.__name__

    offered = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__.startswith(home)
    }
    # Public constants (such as the rule registry) are named in capitals.
    offered |= {
        name
        for name, value in vars(module).items()
        if name.isupper() and not name.startswith("_") and not inspect.ismodule(value)
    }
    assert offered == set(module.__all__)


def _documented_members(cls: type) -> list[str]:
    """The public methods and properties ``cls`` itself defines (not inherited)."""
    return [
        name
        for name, value in vars(cls).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or isinstance(value, (property, classmethod, staticmethod)))
    ]


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_every_public_object_has_a_docstring(module: ModuleType) -> None:
    """Each public function, class and method has a docstring of its own."""
    assert inspect.getdoc(module)
    for name, value in _public(module):
        assert value.__doc__ and value.__doc__.strip(), name
        if inspect.isclass(value):
            for member in _documented_members(value):
                doc = inspect.getdoc(getattr(value, member))
                assert doc, f"{name}.{member}"


def _undocumented_fields(cls: type) -> list[str]:
    """Class-level annotated attributes in ``cls``'s source with no docstring after them."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    (node,) = tree.body
    assert isinstance(node, ast.ClassDef)
    missing = []
    for statement, following in zip(node.body, [*node.body[1:], None], strict=True):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            documented = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            )
            if not documented:
                missing.append(statement.target.id)
    return missing


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_every_public_field_has_a_docstring(module: ModuleType) -> None:
    """Each attribute a public class declares (its own or inherited) has a docstring."""
    for name, value in _public(module):
        if inspect.isclass(value):
            for base in value.__mro__:
                if base.__module__.startswith("newsdoc"):
                    assert _undocumented_fields(base) == [], f"{name} ({base.__name__})"


def test_undocumented_field_detection() -> None:
    """The field check finds an annotation with no docstring after it."""

    class Example:
        documented: int
        """Yes."""
        bare: str

    assert _undocumented_fields(Example) == ["bare"]


def test_api_reference_documents_every_public_name() -> None:
    """docs/api.md has an autodoc entry for each name of ``newsdoc.__all__``, and the strategies."""
    for name in newsdoc.__all__:
        assert re.search(rf"^\.\. auto(function|class|exception|data):: {name}$", API_MD, re.M), (
            name
        )
    for module in ("strategies", "dask"):
        assert re.search(rf"^\.\. automodule:: newsdoc\.{module}\n   :members:$", API_MD, re.M)


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    """`newsdoc --version` prints the installed metadata's version: pyproject's, semver."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?", project["version"])
    assert version("newsdoc") == project["version"]
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"newsdoc {project['version']}\n"


def test_changelog_keeps_a_changelog() -> None:
    """CHANGELOG.md has an Unreleased section, dated releases, and only the standard kinds."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (.*)$", text, re.M)
    assert releases[0] == "[Unreleased]"
    for release in releases[1:]:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", release), release
    kinds = set(re.findall(r"^### (.*)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_core_does_not_need_hypothesis() -> None:
    """Using newsdoc does not import Hypothesis: only newsdoc.strategies needs that extra."""
    code = (
        "import sys, newsdoc; newsdoc.loads('Body.\\n\\nHead\\n'); "
        "assert 'hypothesis' not in sys.modules, 'hypothesis was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def _docstring_examples() -> list[tuple[str, str]]:
    """The ``Example::`` blocks of the public docstrings: (where, code)."""
    found = []
    objects: list[tuple[str, object]] = [(m.__name__, m) for m in PUBLIC_MODULES]
    objects += [(f"{m.__name__}.{n}", v) for m in PUBLIC_MODULES for n, v in _public(m)]
    for where, value in objects:
        doc = inspect.getdoc(value) or ""
        for block in re.findall(r"Example::\n\n((?:(?: {4}.*)?\n)+)", doc + "\n"):
            found.append((where, textwrap.dedent(block)))
    return found


def test_docstring_examples_run() -> None:
    """Each ``Example::`` in a public docstring runs, and so do the tests it defines."""
    examples = _docstring_examples()
    assert "newsdoc.strategies" in [where for where, _ in examples]
    for where, code in examples:
        namespace: dict[str, object] = {"__name__": where}
        exec(compile(code, f"<{where} docstring>", "exec"), namespace)
        tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
        assert tests, where
        for test in tests:
            test()
