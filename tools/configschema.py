"""Write ``src/newsdoc/schemas/config.schema.json``, the JSON Schema of the configuration.

Run ``python tools/configschema.py`` from the top of the repository after
changing a configuration key or a rule's options (``--check`` exits 1 when
the file is out of date); ``tests/test_config_schema.py`` fails when it is.
``newsdoc schema config`` prints the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from newsdoc.config.schema import config_schema

__all__ = ["PATH", "main", "render"]

PATH: Final = Path("src") / "newsdoc" / "schemas" / "config.schema.json"


def render() -> str:
    """The schema file's text."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the file (or, with ``--check``, say whether it is current)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = PATH.exists() and PATH.read_text(encoding="utf-8") == text
        if not current:
            print(f"{PATH} is out of date: run python tools/configschema.py", file=sys.stderr)
        return 0 if current else 1
    PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
