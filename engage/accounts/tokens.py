"""API tokens: created once and shown once, stored as SHA-256, revocable, with expiry."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engage.accounts import audit
from engage.accounts.models import ApiToken, User
from engage.core import clock
from engage.extensions import db

TOKEN_PREFIX = "eng_"  # noqa: S105 (a prefix, not a secret)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "replace")).hexdigest()


def create_api_token(
    user: User, name: str, expires_days: int | None = 365, *, actor: User | None = None
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the plaintext (shown only now)."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(plaintext),
        prefix=plaintext[: len(TOKEN_PREFIX) + 6],
        created_dt=clock.now(),
        expires_dt=clock.now() + timedelta(days=expires_days) if expires_days else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token_created", actor=actor or user, subject=user, token_id=token.id, name=name)
    return token, plaintext


def revoke_api_token(token: ApiToken, *, actor: User | None = None) -> None:
    if token.revoked_dt is None:
        token.revoked_dt = clock.now()
        audit.record(
            "token_revoked", actor=actor or token.user, subject=token.user, token_id=token.id
        )


def user_for_token(plaintext: str) -> User | None:
    """The active user a valid, unexpired, unrevoked token belongs to, else None."""
    if not plaintext or len(plaintext) > 200:
        return None
    token = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == hash_token(plaintext))
        .options(joinedload(ApiToken.user))  # one round trip: every API call comes here
    )
    now = clock.now()
    if token is None or not token.is_valid(now) or not token.user.is_active:
        return None
    # Touch at most once a minute: no write on every API call.
    if token.last_used_dt is None or now - token.last_used_dt > timedelta(minutes=1):
        token.last_used_dt = now
    return token.user
