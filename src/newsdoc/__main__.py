"""``python -m newsdoc``: the command line."""

from ._cli import main_entry

if __name__ == "__main__":
    main_entry()
