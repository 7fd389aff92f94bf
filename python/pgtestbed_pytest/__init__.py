"""pytest fixtures for pgtestbed: a fresh, migrated PostgreSQL database per test.

Pure Python (standard library HTTP); talks to ``pgtestbed serve``. See docs/pytest.md.
"""

from .client import ServeClient, ServeError, redact_url

__all__ = ["ServeClient", "ServeError", "redact_url"]
