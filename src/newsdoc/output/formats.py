"""Every output format of ``newsdoc check``, by name.

The human formats are in :mod:`.terminal`, the machine formats (json,
sarif, junit, gitlab) in :mod:`.machine`, imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .results import RunReport
from .terminal import render_concise, render_full, render_github

__all__ = ["FORMATS", "render"]


def render(name: str, report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """The report in format ``name`` (``color`` and ``quiet`` apply to ``full`` only)."""
    return FORMATS[name](report, color, quiet)


Renderer = Callable[[RunReport, bool, bool], str]


def _machine(name: str) -> Renderer:
    def render_machine(report: RunReport, color: bool = False, quiet: bool = False) -> str:
        from . import machine as _report_machine

        return getattr(_report_machine, f"render_{name}")(report)  # type: ignore[no-any-return]

    return render_machine


FORMATS: Final[dict[str, Renderer]] = {
    "full": render_full,
    "concise": render_concise,
    "json": _machine("json"),
    "github": render_github,
    "sarif": _machine("sarif"),
    "junit": _machine("junit"),
    "gitlab": _machine("gitlab"),
}
"""Every output format, by name."""
