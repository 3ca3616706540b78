"""The convert layer of newsdoc (see docs/architecture.md)."""
