"""``newsdoc schema``: print the JSON Schemas of what newsdoc writes.

The schemas are package data, ``newsdoc/schemas/NAME.schema.json``; every
such file is a name this command knows.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import TYPE_CHECKING

from .main import EXIT_ERROR, EXIT_OK, say

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SUFFIX = ".schema.json"


def schemas() -> dict[str, Traversable]:
    """The shipped schemas by name, sorted."""
    folder = resources.files("newsdoc").joinpath("schemas")
    found = {
        entry.name.removesuffix(SUFFIX): entry
        for entry in folder.iterdir()
        if entry.name.endswith(SUFFIX) and entry.is_file()
    }
    return dict(sorted(found.items()))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``schema``."""
    parser.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="the schema to print (document, ...); without it, list the names",
    )


def run(args: argparse.Namespace) -> int:
    """Print the named schema, or the list of names."""
    known = schemas()
    if args.name is None:
        for name in known:
            print(name)
        return EXIT_OK
    if args.name not in known:
        say(f"unknown schema {args.name!r}; the schemas are: {', '.join(known)}")
        return EXIT_ERROR
    sys.stdout.flush()
    sys.stdout.buffer.write(known[args.name].read_bytes())
    sys.stdout.buffer.flush()
    return EXIT_OK
