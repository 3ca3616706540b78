"""The rules layer of newsdoc (see docs/architecture.md)."""
