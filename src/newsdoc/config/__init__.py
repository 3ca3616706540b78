"""The config layer of newsdoc (see docs/architecture.md)."""
