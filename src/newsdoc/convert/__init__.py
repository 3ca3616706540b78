"""The convert layer: ``newsdoc convert``'s engine and sinks.

- :mod:`.engine`: each input (found by the one finder) converted, in order,
  in worker processes;
- :mod:`.sinks`: where the documents go (JSON, JSON Lines, text, Parquet).

See docs/architecture.md.
"""
