"""JWT: every /api/v1 route needs a valid bearer token; health checks do not."""

from datetime import timedelta

import pytest

from app.auth import create_token

from .conftest import JWT_SECRET

ROUTES = [
    ("get", "/api/v1/webhooks"),
    ("post", "/api/v1/alerts"),
    ("get", "/api/v1/cache/stats"),
    ("post", "/api/v1/cache/invalidate"),
]


@pytest.mark.parametrize("method,path", ROUTES)
def test_routes_refuse_requests_without_a_token(anonymous, method, path):
    response = getattr(anonymous, method)(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "missing Authorization header"}


# Tokens are made in the test, not at collection: pytest-xdist workers must collect the same ids.
BAD_HEADERS = {
    "wrong scheme": (lambda: "Token abc", "Authorization must be 'Bearer <token>'"),
    "forged": (
        lambda: "Bearer " + create_token("another-secret-that-is-long-enough!!", "mallory"),
        "invalid token: Signature verification failed",
    ),
    "expired": (
        lambda: "Bearer " + create_token(JWT_SECRET, "alice", expires_in=timedelta(minutes=-1)),
        "token expired",
    ),
    "not a JWT": (lambda: "Bearer not-a-jwt", "invalid token: Not enough segments"),
}


@pytest.mark.parametrize("case", BAD_HEADERS)
def test_bad_tokens_get_401_with_the_reason(anonymous, case):
    make_header, detail = BAD_HEADERS[case]
    response = anonymous.get("/api/v1/webhooks", headers={"Authorization": make_header()})
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_a_valid_token_passes_and_health_needs_none(client, anonymous):
    assert client.get("/api/v1/webhooks").status_code == 200
    assert anonymous.get("/health").json() == {"status": "ok"}
