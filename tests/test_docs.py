"""The documentation's Python snippets run, and its pages are all reachable.

Every ```python fence in docs/*.md is run, in order, one namespace per page
(so a page's later snippets can use what its earlier ones defined), in a
scratch folder that holds a copy of seeds/.  Their asserts are the checks;
an exception fails the test, with a traceback pointing at the Markdown line.
A snippet that must not run (one that needs a cluster, say) is written as a
```{code-block} python directive instead: it is highlighted the same way.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def python_snippets(text: str) -> list[tuple[int, str]]:
    """Each ```python block of a Markdown text: its first line number and its code."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def test_snippet_extraction() -> None:
    """Snippets are found with their line numbers; other fences are not snippets."""
    text = "# T\n\n```python\na = 1\n```\n\n```{code-block} python\nb\n```\n```pycon\n>>> c\n```\n"
    assert python_snippets(text) == [(4, "a = 1\n")]


def test_pages_have_snippets() -> None:
    """The quick start and the testing guide show (and so test) the library."""
    for page in ("quickstart.md", "testing.md"):
        assert python_snippets((DOCS / page).read_text(encoding="utf-8")), page


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if python_snippets(p.read_text(encoding="utf-8"))],
    ids=lambda p: p.name,
)
def test_page_snippets_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python snippet of the page runs without error, in order."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    for line, code in python_snippets(page.read_text(encoding="utf-8")):
        # Pad so that tracebacks give the line in the Markdown file.
        exec(compile("\n" * (line - 1) + code, str(page), "exec"), namespace)


def test_every_page_is_in_a_toctree() -> None:
    """Each page of docs/ is listed in the index's tables of contents (or is the index)."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = set(
        re.findall(
            r"^([\w-]+)$", "".join(re.findall(r"```\{toctree\}\n(.*?)```", index, re.S)), re.M
        )
    )
    assert {p.stem for p in PAGES} - {"index"} == listed


def test_ci_builds_the_docs_as_the_readme_says() -> None:
    """.ci/run runs the README's docs build commands verbatim, strict flags included."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```sh\n(.*?)```", readme, re.S) if "sphinx-build" in b]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in block.strip().splitlines():
        assert command in ci, command
    assert "-W --keep-going -n" in block
