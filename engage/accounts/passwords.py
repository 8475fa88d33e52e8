"""Password hashing and checking, with equal work for known and unknown addresses."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from engage.accounts.models import User
from engage.extensions import db

# Checked against when the address is unknown, so that both answers take as long.
_DUMMY_HASH = generate_password_hash("engage-dummy-password-for-timing")


def _normal(password: str | None) -> str:
    # The same characters typed on different systems may arrive composed or decomposed.
    return unicodedata.normalize("NFC", password or "")


def hash_password(password: str) -> str:
    return generate_password_hash(_normal(password))  # scrypt (werkzeug's default)


def check_password(user: User, password: str) -> bool:
    """True if ``password`` is the user's password (False for accounts without one)."""
    if not user.password_hash:
        check_password_hash(_DUMMY_HASH, _normal(password))
        return False
    return check_password_hash(user.password_hash, _normal(password))


def find_user_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    # PostgreSQL refuses NUL in text: such an address can't exist anyway.
    if not email or len(email) > 254 or "\x00" in email:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def authenticate(email: str, password: str) -> User | None:
    """The user if e-mail and password match an existing, not deleted account."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash or user.is_deleted:
        check_password_hash(_DUMMY_HASH, _normal(password))
        return None
    if not check_password_hash(user.password_hash, _normal(password)):
        return None
    return user
