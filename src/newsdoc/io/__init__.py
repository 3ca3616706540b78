"""The io layer of newsdoc (see docs/architecture.md)."""
