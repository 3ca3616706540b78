"""Files in object storage and on the web, through fsspec (the optional ``newsdoc[remote]``).

A path with a scheme (``s3://``, ``gs://``, ``az://``, ``https://``,
``memory://``...) is a URL: fsspec finds the file system that serves it,
with the credentials its usual configuration gives (for S3: the
``AWS_*`` environment variables, ``~/.aws``, an instance role); newsdoc
passes none of its own.  A URL is a file, a folder (searched as a local
one: sorted, the include and exclude globs, excluded folders not listed)
or, when it holds ``*``, ``?`` or ``[``, a glob; ``https://`` URLs are
files.  fsspec (and the package of each file system: s3fs, gcsfs, adlfs)
is imported only for a URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any, Final
from urllib.parse import urlsplit

from .content import read_limited, too_big
from .errors import InputError

__all__ = ["is_url", "iter_remote", "open_url", "read_url"]

_URL: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB_CHARS: Final = frozenset("*?[")
_WEB: Final = ("http", "https")


def is_url(name: str) -> bool:
    """Whether ``name`` is a URL (``scheme://...``), not a local path."""
    return _URL.match(name) is not None


def _file_system(url: str) -> tuple[Any, str]:
    """The file system (fsspec) for ``url`` and the path in it; InputError naming the URL if none."""
    try:
        import fsspec
    except ImportError:
        raise InputError(url, "reading URLs needs fsspec: pip install 'newsdoc[remote]'") from None
    try:
        found: tuple[Any, str] = fsspec.core.url_to_fs(url)
        return found
    except ImportError as error:  # the file system's own package is missing (s3fs...)
        raise InputError(url, f"cannot open: {error}") from None
    except (ValueError, TypeError) as error:
        raise InputError(url, f"cannot open: {error}") from None


def _relative(fs: Any, path: str) -> str:
    """A remote file's path for the globs: its path in the file system, without a leading ``/``."""
    if _web(fs):
        return urlsplit(path).path.lstrip("/")
    return str(path).lstrip("/")


def _web(fs: Any) -> bool:
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return any(p in _WEB for p in protocols)


def iter_remote(
    url: str, wanted: Callable[[str], bool], pruned: Callable[[str], bool]
) -> Iterator[tuple[str, str] | InputError]:
    """The files a URL names, each as ``(url, relative path)``, sorted; or the errors.

    A folder's files are those whose relative path ``wanted`` keeps, in
    folders that ``pruned`` does not drop; a glob's, those ``pruned`` does
    not drop; a file named is always given.
    """
    try:
        fs, path = _file_system(url)
    except InputError as error:
        yield error
        return
    try:
        if _web(fs):
            yield url, _relative(fs, path)
            return
        if _GLOB_CHARS.intersection(path):
            found = sorted(
                (p for p, info in fs.glob(path, detail=True).items() if info["type"] == "file")
            )
            if not found:
                yield InputError(url, "no files match")
            for match in found:
                relative = _relative(fs, match)
                if not pruned(relative):
                    yield fs.unstrip_protocol(match), relative
            return
        if fs.isdir(path):
            yield from _walk(fs, path, wanted, pruned)
        elif fs.isfile(path):
            yield url, _relative(fs, path)
        else:
            yield InputError(url, "no such file or folder")
    except InputError as error:
        yield error
    except Exception as error:  # noqa: BLE001 - every file system has its own errors
        yield InputError(url, f"cannot list: {error}")


def _walk(
    fs: Any, folder: str, wanted: Callable[[str], bool], pruned: Callable[[str], bool]
) -> Iterator[tuple[str, str]]:
    """A remote folder's files, in the order of a local search: sorted by name, folders where they sort."""
    entries = sorted(fs.ls(folder, detail=True), key=lambda e: e["name"])
    for entry in entries:
        path = entry["name"]
        if path.rstrip("/") == folder.rstrip("/"):
            continue  # some file systems list the folder itself
        relative = _relative(fs, path)
        if entry["type"] == "directory":
            if not pruned(relative):
                yield from _walk(fs, path, wanted, pruned)
        elif wanted(relative):
            yield fs.unstrip_protocol(path), relative


def open_url(url: str) -> IO[bytes]:
    """Open a remote file for reading (an archive, JSON Lines); InputError naming it if it fails."""
    fs, path = _file_system(url)
    try:
        stream: IO[bytes] = fs.open(path, "rb")
    except FileNotFoundError:
        raise InputError(url, "no such file") from None
    except Exception as error:  # noqa: BLE001 - every file system has its own errors
        raise InputError(url, f"cannot read: {error}") from None
    return stream


def read_url(url: str, name: str, max_bytes: int | None) -> bytes:
    """The bytes of a remote file, within the size limit; InputError naming it if that fails."""
    stream = open_url(url)
    try:
        size = getattr(stream, "size", None)
        if max_bytes is not None and isinstance(size, int) and size > max_bytes:
            raise InputError(name, too_big(max_bytes))
        return read_limited(stream, max_bytes, name)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except Exception as error:  # noqa: BLE001 - every file system has its own errors
        raise InputError(name, f"cannot read: {error}") from None
    finally:
        stream.close()
