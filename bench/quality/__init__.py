"""Quality benchmarks: what newsdoc finds in real dumps, measured."""
