"""The config layer: configuration files and their discovery, globs, the baseline.

- :mod:`.settings`: ``Config``, ``[tool.newsdoc]`` and ``newsdoc.toml``, discovery;
- :mod:`.globs`: the include, exclude and per-file globs;
- :mod:`.baseline`: known findings, recorded and filtered.

See docs/architecture.md.
"""

from .settings import Config, discover, load

__all__ = ["Config", "discover", "load"]
