"""``newsdoc convert``: news dumps to JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ._cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, say
from ._parser import parse
from ._paths import InputError, iter_files, read_bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``convert``."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, or folders to search for *.txt"
    )
    parser.add_argument(
        "--to", choices=["json"], default="json", help="output format (default: json)"
    )


def run(args: argparse.Namespace) -> int:
    """Print one JSON object for one file, or a list of objects with their source."""
    status = EXIT_OK
    outputs: list[dict[str, Any]] = []
    for path in iter_files(args.paths):
        try:
            if isinstance(path, InputError):
                raise path
            data = read_bytes(path)
        except InputError as error:
            say(str(error))
            status = EXIT_ERROR
            continue
        result = parse(data)
        if result.errors or result.document is None:
            for problem in result.errors:
                say(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.msg}")
            status = max(status, EXIT_PROBLEMS)
            continue
        document = result.document
        outputs.append(
            {
                "source": os.fspath(path),
                "body": [p.text for p in document.body],
                "headlines": [h.text for h in document.headlines],
            }
        )
    single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
    if single and len(outputs) == 1:
        del outputs[0]["source"]
        json.dump(outputs[0], sys.stdout, ensure_ascii=False, indent=2)
    else:
        json.dump(outputs, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return status
