"""Sphinx configuration of newsdoc's documentation site.

Build it strictly (every warning is an error, every reference must resolve)::

    pip install -e '.[docs]'
    sphinx-build -W --keep-going -n -b html docs docs/_build/html

The build needs no network: nothing is fetched (no intersphinx), so
references to other projects' objects are shown as plain code.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "newsdoc"
author = "The newsdoc developers"
copyright = "the newsdoc developers"
release = _version("newsdoc")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "newsdoc_docs",
]

# Sources: the Markdown pages in docs/.  README.md is the repository's front
# page; the site has its own index and quick start.
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

# MyST: anchors for headings down to level 3, so pages can link to
# `spec.md#8-grammar` as they do on GitHub.
myst_heading_anchors = 3
myst_enable_extensions = ["deflist", "colon_fence"]

# Strictness: `-n` turns every unresolved reference into a warning, and `-W`
# makes warnings errors.  Objects of the standard library, of Hypothesis and
# of Dask appear in signatures; without intersphinx they cannot be linked, so
# only those are exempt.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(os|re|collections\.abc|pathlib|hypothesis|dask)(\..+)?"),
]

# autodoc: signatures show the types; the public names are documented under
# `newsdoc.` (where users import them from), not their private modules.
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
python_use_unqualified_type_names = True
add_module_names = False

html_theme = "furo"
html_title = f"newsdoc {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
pygments_style = "friendly"
pygments_dark_style = "monokai"
