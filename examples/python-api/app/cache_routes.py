"""The cache's own endpoints: flat stats, warming the common lists, invalidating."""

from typing import Optional

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from . import alerts, webhooks
from .auth import current_user
from .deps import cache, pool

router = APIRouter()


class Invalidate(BaseModel):
    prefix: Optional[str] = None


@router.get("/stats")
async def stats(c=Depends(cache)):
    return c.stats()


@router.post("/warm")
async def warm(user=Depends(current_user), db=Depends(pool), c=Depends(cache)):
    """Loads the caller's webhook list and the open alerts, so the next reads are hits."""
    c.put(webhooks.list_key(user), await webhooks.load_list(db, user))
    c.put("alerts:open", await alerts.load_list(db, "open"))
    return {"warmed": [webhooks.list_key(user), "alerts:open"]}


@router.post("/invalidate")
async def invalidate(body: Optional[Invalidate] = None, c=Depends(cache)):
    prefix = body.prefix if body and body.prefix else ""
    return {"cleared": c.invalidate(prefix)}
