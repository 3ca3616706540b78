"""The output layer of newsdoc (see docs/architecture.md)."""
