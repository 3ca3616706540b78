"""The model layer of newsdoc (see docs/architecture.md)."""
