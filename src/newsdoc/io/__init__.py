"""The io layer: finding inputs, reading and writing files, worker processes.

- :mod:`.finder`: the one finder of every command's inputs (``iter_sources``),
  and the kinds of ``convert``'s inputs;
- :mod:`.paths`: walking folders and reading files within the size limit;
- :mod:`.files`: the atomic writer, ``load`` and ``dump``;
- :mod:`.pool`: the one process-pool wrapper (``map_in_chunks``);
  :mod:`.jobs`: when worker processes are worth starting, and how many;
- :mod:`.metadata`: newsdoc's version; :mod:`.progress`: progress on a terminal;
- :mod:`.errors`: ``InputError`` and ``WorkerError``.

Nothing is re-exported here: importing one module of the layer (``check``
needs the finder, not the pool) must not import the others.  See
docs/architecture.md.
"""
