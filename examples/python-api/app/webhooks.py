"""Webhooks CRUD, per user; the list is cached and every write invalidates it."""

from typing import List, Optional

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import AnyHttpUrl, BaseModel, conlist

from .auth import current_user
from .deps import cache, pool

router = APIRouter()
COLUMNS = "id, owner, url, events, description, active, created_at, updated_at"


class WebhookIn(BaseModel):
    url: AnyHttpUrl
    events: conlist(str, min_items=1)
    description: Optional[str] = None


class WebhookPatch(BaseModel):
    url: Optional[AnyHttpUrl] = None
    events: Optional[conlist(str, min_items=1)] = None
    description: Optional[str] = None
    active: Optional[bool] = None


def list_key(user):
    return "webhooks:list:" + user


async def load_list(db, user) -> List[dict]:
    rows = await db.fetch("SELECT %s FROM webhooks WHERE owner = $1 ORDER BY id" % COLUMNS, user)
    return [dict(row) for row in rows]


@router.get("")
async def list_webhooks(user=Depends(current_user), db=Depends(pool), c=Depends(cache)):
    items = c.get(list_key(user))
    if items is None:
        items = await load_list(db, user)
        c.put(list_key(user), items)
    return {"webhooks": items, "count": len(items)}


@router.post("", status_code=201)
async def create_webhook(body: WebhookIn, user=Depends(current_user), db=Depends(pool), c=Depends(cache)):
    row = await db.fetchrow(
        "INSERT INTO webhooks (owner, url, events, description) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS,
        user,
        str(body.url),
        body.events,
        body.description,
    )
    c.invalidate("webhooks:")
    return dict(row)


@router.get("/{webhook_id}")
async def get_webhook(webhook_id: int, user=Depends(current_user), db=Depends(pool)):
    row = await db.fetchrow("SELECT %s FROM webhooks WHERE id = $1 AND owner = $2" % COLUMNS, webhook_id, user)
    if row is None:
        raise HTTPException(404, "webhook %d not found" % webhook_id)
    return dict(row)


@router.patch("/{webhook_id}")
async def update_webhook(
    webhook_id: int, body: WebhookPatch, user=Depends(current_user), db=Depends(pool), c=Depends(cache)
):
    changes = body.dict(exclude_unset=True)
    if changes.get("url") is not None:
        changes["url"] = str(changes["url"])
    if not changes:
        raise HTTPException(422, "nothing to update: give url, events, description or active")
    cleared = [name for name in ("url", "events", "active") if name in changes and changes[name] is None]
    if cleared:
        raise HTTPException(422, "%s cannot be null" % ", ".join(cleared))
    # Column names come from the model's fields, never from the request's keys.
    sets = ", ".join("%s = $%d" % (name, i + 3) for i, name in enumerate(changes))
    row = await db.fetchrow(
        "UPDATE webhooks SET %s, updated_at = now() WHERE id = $1 AND owner = $2 RETURNING %s" % (sets, COLUMNS),
        webhook_id,
        user,
        *changes.values(),
    )
    if row is None:
        raise HTTPException(404, "webhook %d not found" % webhook_id)
    c.invalidate("webhooks:")
    return dict(row)


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(webhook_id: int, user=Depends(current_user), db=Depends(pool), c=Depends(cache)):
    deleted = await db.fetchval("DELETE FROM webhooks WHERE id = $1 AND owner = $2 RETURNING id", webhook_id, user)
    if deleted is None:
        raise HTTPException(404, "webhook %d not found" % webhook_id)
    c.invalidate("webhooks:")
    return Response(status_code=204)
