"""JWT bearer tokens (HS256): every ``/api/v1`` route needs one; the subject is the user."""

from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Header, HTTPException, Request

ALGORITHM = "HS256"


def create_token(secret, subject, expires_in=timedelta(minutes=30), now=None):
    """A signed token for ``subject`` with ``iat`` and ``exp`` (a negative ``expires_in`` is expired)."""
    issued = now or datetime.now(timezone.utc)
    claims = {"sub": subject, "iat": issued, "exp": issued + expires_in}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def _unauthorized(detail):
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def current_user(request: Request, authorization: str = Header(None)):
    """The token's subject; 401 when the header is missing, malformed, forged or expired."""
    if not authorization:
        raise _unauthorized("missing Authorization header")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Authorization must be 'Bearer <token>'")
    secret = request.app.state.settings.jwt_secret
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise _unauthorized("token expired") from None
    except jwt.InvalidTokenError as err:
        raise _unauthorized("invalid token: %s" % err) from None
    return claims["sub"]
