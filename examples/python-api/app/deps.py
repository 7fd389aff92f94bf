"""What routes take from the app: its pool and its cache."""

from fastapi import Request


def pool(request: Request):
    return request.app.state.pool


def cache(request: Request):
    return request.app.state.cache
