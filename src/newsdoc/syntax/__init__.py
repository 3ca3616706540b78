"""The syntax layer of newsdoc (see docs/architecture.md)."""
