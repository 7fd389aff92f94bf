"""Alerts: raising one queues a delivery to every active webhook listening to its event;
acknowledging is a single conditional UPDATE, so two acknowledgements cannot both win."""

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, constr

from .auth import current_user
from .deps import cache, pool

router = APIRouter()
COLUMNS = "id, severity, event, message, created_at, acknowledged_at, acknowledged_by"
FILTERS = {
    "open": "acknowledged_at IS NULL",
    "acknowledged": "acknowledged_at IS NOT NULL",
    "all": "true",
}


class AlertIn(BaseModel):
    severity: Literal["info", "warning", "critical"]
    event: constr(min_length=1)
    message: constr(min_length=1)


async def load_list(db, status):
    rows = await db.fetch("SELECT %s FROM alerts WHERE %s ORDER BY id" % (COLUMNS, FILTERS[status]))
    return [dict(row) for row in rows]


@router.get("")
async def list_alerts(status: Literal["open", "acknowledged", "all"] = "open", db=Depends(pool), c=Depends(cache)):
    key = "alerts:" + status
    items = c.get(key)
    if items is None:
        items = await load_list(db, status)
        c.put(key, items)
    return {"alerts": items, "count": len(items)}


@router.post("", status_code=201)
async def raise_alert(body: AlertIn, db=Depends(pool), c=Depends(cache)):
    async with db.acquire() as conn, conn.transaction():
        alert = await conn.fetchrow(
            "INSERT INTO alerts (severity, event, message) VALUES ($1, $2, $3) RETURNING " + COLUMNS,
            body.severity,
            body.event,
            body.message,
        )
        queued = await conn.fetchval(
            """WITH queued AS (
                 INSERT INTO alert_delivery_queue (alert_id, webhook_id)
                 SELECT $1, id FROM webhooks WHERE active AND events @> ARRAY[$2::text]
                 RETURNING 1)
               SELECT count(*) FROM queued""",
            alert["id"],
            body.event,
        )
    c.invalidate("alerts:")
    return {**dict(alert), "deliveries_queued": queued}


@router.get("/{alert_id}")
async def get_alert(alert_id: int, db=Depends(pool)):
    row = await db.fetchrow("SELECT %s FROM alerts WHERE id = $1" % COLUMNS, alert_id)
    if row is None:
        raise HTTPException(404, "alert %d not found" % alert_id)
    return dict(row)


@router.post("/{alert_id}/acknowledge")
async def acknowledge(alert_id: int, user=Depends(current_user), db=Depends(pool), c=Depends(cache)):
    row = await db.fetchrow(
        "UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2"
        " WHERE id = $1 AND acknowledged_at IS NULL RETURNING " + COLUMNS,
        alert_id,
        user,
    )
    if row is None:
        by = await db.fetchval("SELECT acknowledged_by FROM alerts WHERE id = $1", alert_id)
        if by is None:
            raise HTTPException(404, "alert %d not found" % alert_id)
        raise HTTPException(409, "alert %d was already acknowledged by %s" % (alert_id, by))
    c.invalidate("alerts:")
    return dict(row)
