"""The ring tests share the ``detected`` workspace of tests/fixtures_data.py (read-only)."""
