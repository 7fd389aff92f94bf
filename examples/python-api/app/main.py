"""The application factory: one asyncpg pool and one cache per app, opened and closed with it."""

import asyncio

import asyncpg
from fastapi import Depends, FastAPI

from . import alerts, cache_routes, health, webhooks
from .auth import current_user
from .cache import Cache


def create_app(settings):
    app = FastAPI(title="alerts service")
    app.state.settings = settings
    app.state.cache = Cache(settings.cache_ttl_seconds)
    app.state.pool = None

    # FastAPI 0.92 (Debian bookworm) has startup/shutdown events; newer versions also take `lifespan`.
    @app.on_event("startup")
    async def open_pool():
        app.state.pool = await asyncpg.create_pool(
            settings.database_url, min_size=1, max_size=settings.pool_max_size
        )

    @app.on_event("shutdown")
    async def close_pool():
        if app.state.pool is None:
            return
        # A graceful close waits for every connection; one the server cut can keep it waiting
        # (seen with asyncpg 0.27), so after a grace period the rest are terminated.
        try:
            await asyncio.wait_for(app.state.pool.close(), timeout=settings.shutdown_grace_seconds)
        except asyncio.TimeoutError:
            app.state.pool.terminate()

    app.include_router(health.router)
    protected = [Depends(current_user)]
    app.include_router(webhooks.router, prefix="/api/v1/webhooks", dependencies=protected)
    app.include_router(alerts.router, prefix="/api/v1/alerts", dependencies=protected)
    app.include_router(cache_routes.router, prefix="/api/v1/cache", dependencies=protected)
    return app
