"""The errors of the io layer: an input that cannot be used, a worker process that died."""

from __future__ import annotations

from typing import Any

__all__ = ["InputError", "WorkerDied", "WorkerError"]


class InputError(Exception):
    """A path that cannot be used: the command reports it and exits with 2.

    ``name`` is the path as it can be printed, ``reason`` what went wrong;
    ``str(error)`` is ``"name: reason"``, or ``reason`` alone when it is
    ``whole`` (it names the file itself).  ``missing`` is true for a path
    that names nothing (no such file or folder, a glob that matches no
    file), which the commands count apart from files that cannot be read.
    """

    def __init__(
        self, name: str, reason: str, missing: bool = False, *, whole: bool = False
    ) -> None:
        super().__init__(reason if whole else f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.missing = missing

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable, so that a worker process can return it.
        whole = str(self) == self.reason
        return _input_error, (type(self), self.name, self.reason, self.missing, whole)


class WorkerError(RuntimeError):
    """No worker process could be started: the run cannot go on."""


class WorkerDied:
    """The result of an input whose worker process died twice while working on it.

    ``how`` says how the process ended: ``killed by signal 9``, ``exited
    with status 1``.  The commands report it as an error of that input.
    (Not an exception: it is returned in place of the input's result.)
    Inside the process pool, ``at`` is the position in its task of the item
    the worker was running when it died (None when not known).
    """

    __slots__ = ("at", "how")

    def __init__(self, how: str, at: int | None = None) -> None:
        self.how = how
        self.at = at

    def __repr__(self) -> str:
        return f"WorkerDied({self.how!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkerDied) and other.how == self.how

    def __hash__(self) -> int:
        return hash(self.how)

    def message(self, name: str) -> str:
        """``worker died while checking NAME: HOW``."""
        return f"worker died while checking {name}: {self.how}"


def _input_error(
    cls: type[InputError], name: str, reason: str, missing: bool, whole: bool
) -> InputError:
    return cls(name, reason, missing, whole=whole)
