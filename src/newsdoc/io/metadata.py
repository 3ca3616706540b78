"""newsdoc's own version, read from the installed package's metadata once, when first asked for.

``importlib.metadata`` costs about 15 ms to import, so it is imported only
when the version is asked for (``--version``, the machine-readable reports,
the HTML and JSON corpus reports), never by ``newsdoc check FILE``.
"""

from __future__ import annotations

from typing import Final

from ..model.speed import once

__all__ = ["UNKNOWN", "version"]

UNKNOWN: Final = "unknown"
"""The version when newsdoc runs from a source tree that was never installed."""


@once
def version() -> str:
    """The installed version of newsdoc (:data:`UNKNOWN` without package metadata)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("newsdoc")
    except PackageNotFoundError:  # pragma: no cover - a bare source checkout
        return UNKNOWN
