"""The errors of the io layer: an input that cannot be used, a worker process that died."""

from __future__ import annotations

__all__ = ["InputError", "WorkerError"]


class InputError(Exception):
    """A path that cannot be used: the command reports it and exits with 2.

    ``name`` is the path as it can be printed, ``reason`` what went wrong;
    ``str(error)`` is ``"name: reason"``.  ``missing`` is true for a path
    that names nothing (no such file or folder, a glob that matches no
    file), which the commands count apart from files that cannot be read.
    """

    def __init__(self, name: str, reason: str, missing: bool = False) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.missing = missing

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, bool]]:
        # Picklable, so that a worker process can return it.
        return type(self), (self.name, self.reason, self.missing)


class WorkerError(RuntimeError):
    """A worker process died: the run cannot go on."""
