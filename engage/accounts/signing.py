"""Signed, expiring links for e-mail confirmation and password reset.

The timestamps come from :mod:`engage.core.clock`, so a frozen clock in tests (or a demo)
moves the links' age as well. A reset link carries a short hash of the current password
hash: once the password changes, every older reset link is dead.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from engage.accounts.models import User
from engage.core import clock
from engage.extensions import db

CONFIRM_SALT = "engage.accounts.confirm-email"
RESET_SALT = "engage.accounts.reset-password"


class LinkError(Exception):
    """A link that cannot be used; ``reason`` is ``expired`` or ``invalid``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt, signer=_ClockSigner)


def _load(salt: str, token: str, max_age: int) -> Any:
    if not token or len(token) > 500:
        raise LinkError("invalid")
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        # Only a genuine, signed but old link counts as "expired".
        raise LinkError("expired") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkError("invalid") from exc


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def confirm_token(user: User) -> str:
    return _serializer(CONFIRM_SALT).dumps({"uid": user.id, "email": user.email})


def user_from_confirm_token(token: str) -> User:
    """The user a confirmation link belongs to; raises :class:`LinkError`."""
    data = _load(CONFIRM_SALT, token, current_app.config["CONFIRM_LINK_MAX_AGE"])
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise LinkError("invalid")
    user = db.session.get(User, data["uid"])
    if user is None or user.is_deleted or user.email != data.get("email"):
        raise LinkError("invalid")
    return user


def reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_from_reset_token(token: str) -> User:
    """The user a reset link belongs to, while that link is unused; raises :class:`LinkError`."""
    data = _load(RESET_SALT, token, current_app.config["RESET_LINK_MAX_AGE"])
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise LinkError("invalid")
    user = db.session.get(User, data["uid"])
    if (
        user is None
        or user.is_deleted
        or not isinstance(data.get("pw"), str)
        or not hmac.compare_digest(data["pw"], _password_fingerprint(user))
    ):
        raise LinkError("invalid")
    return user
