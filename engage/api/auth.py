"""Who calls the API: a bearer token and nothing else (never the session cookie).

A browser session must not authenticate API calls, so that a cross-site request cannot ride on
it (the API is CSRF-exempt).  A presented token that is unknown, expired or revoked is refused
with 401 even on public endpoints, so that a client never mistakes itself for signed in.
"""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from engage.accounts.models import User
from engage.accounts.tokens import hash_token, user_for_token
from engage.api.errors import unauthorized
from engage.extensions import db

_UNSET = object()


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer …`` header (other schemes are not ours)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def api_user() -> User | None:
    """The user of the request's bearer token, or None (anonymous or invalid token)."""
    cached = g.get("engage_api_user", _UNSET)
    if cached is not _UNSET:
        return cached
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is not None and db.session.dirty:
        # user_for_token touched last_used_dt (at most once a minute): keep that bookkeeping
        # in its own small transaction rather than tying it to what the view does.
        db.session.commit()
    g.engage_api_user = user
    return user


def presented_invalid_token() -> bool:
    """A bearer token was sent but does not belong to an active, valid token."""
    return bearer_token() is not None and api_user() is None


def require_api_user() -> User:
    """The caller, or 401 JSON when no valid bearer token came with the request."""
    user = api_user()
    if user is None:
        if bearer_token() is not None:
            unauthorized(
                _("This API token is not valid: it is unknown, expired or revoked."),
                code="invalid_token",
            )
        unauthorized()
    return user


def rate_limit_key() -> str:
    """Per token when the request carries a valid one, else per client address.

    An invalid token counts against the address, so that random tokens buy no fresh budget.
    """
    token = bearer_token()
    if token and api_user() is not None:
        return "api-token:" + hash_token(token)[:32]
    return "api-ip:" + (get_remote_address() or "unknown")
