"""``/health`` says the process is up; ``/health/deep`` checks the database and the schema."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter()
REQUIRED_TABLES = ("webhooks", "alerts", "alert_delivery_queue")


@router.get("/health")
async def health():
    return {"status": "ok"}


async def _check_database(pool):
    async with pool.acquire() as conn:
        version = await conn.fetchval("SHOW server_version")
        present = await conn.fetch(
            "SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL", list(REQUIRED_TABLES)
        )
    missing = sorted(set(REQUIRED_TABLES) - {row["t"] for row in present})
    return {"ok": not missing, "server_version": version, "missing_tables": missing}


@router.get("/health/deep")
async def deep_health(request: Request):
    state = request.app.state
    try:
        database = await asyncio.wait_for(_check_database(state.pool), timeout=5)
    except Exception as err:  # any failure to reach or query the database is an unhealthy answer
        database = {"ok": False, "error": "%s: %s" % (type(err).__name__, err)}
    status = "ok" if database["ok"] else "unavailable"
    body = {"status": status, "database": database, "cache": state.cache.stats()}
    return JSONResponse(body, status_code=200 if database["ok"] else 503)
