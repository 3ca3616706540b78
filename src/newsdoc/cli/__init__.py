"""The cli layer: the ``newsdoc`` command line.

- :mod:`.main`: the parser, ``main()``, the exit codes, ``say`` and ``emit``;
- one module per command, none importing another: :mod:`.check`,
  :mod:`.convert`, :mod:`.format`, :mod:`.report`, :mod:`.schema`;
- :mod:`.options`: the options several commands share, declared once, and
  the helpers that apply them;
- :mod:`.checking` and :mod:`.fixing`: ``check``'s reading in parallel and
  its ``--fix`` and ``--diff``.

Only ``newsdoc.__main__`` (and the documentation tools) import it.  See
docs/architecture.md.
"""
