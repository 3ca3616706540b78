"""The corpus layer: ``newsdoc report``'s reading of a corpus, statistics and renderers.

- :mod:`.survey`: one record per input, in order, in worker processes;
- :mod:`.stats`: the aggregates, kept flat in memory;
- :mod:`.text`, :mod:`.html`, :mod:`.jsonreport`: the three renderings.

See docs/architecture.md.
"""
