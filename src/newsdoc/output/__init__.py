"""The output layer: what ``newsdoc check`` prints and writes.

- :mod:`.results`: a run's results, the summary line and the counts;
- :mod:`.terminal`: the formats for people and CI logs (full, concise,
  github), printed a file at a time;
- :mod:`.machine`: the formats for machines (json, sarif, junit, gitlab);
- :mod:`.formats`: the table of formats; :mod:`.diff`: unified diffs.

Nothing is re-exported here, so that a run imports only the format it
prints.  See docs/architecture.md.
"""
