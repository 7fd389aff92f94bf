"""The service's settings, passed to ``create_app``: each test gives the app its own database."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str
    jwt_secret: str
    cache_ttl_seconds: float = 60.0
    pool_max_size: int = 5
    shutdown_grace_seconds: float = 10.0

