"""The cli layer of newsdoc (see docs/architecture.md)."""
