"""A small alerting service: webhooks, alerts delivered to them, a cache, JWT auth, health checks."""

from .main import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
