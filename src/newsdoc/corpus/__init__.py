"""The corpus layer of newsdoc (see docs/architecture.md)."""
