"""``python -m newsdoc``: the command line."""

from .cli.main import main_entry

if __name__ == "__main__":
    main_entry()
