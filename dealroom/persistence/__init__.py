"""The deal room's stores on the single table (keys in keys.py, documented in docs/data-model.md)."""
