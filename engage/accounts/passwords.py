"""Password hashing and checking, with equal work for known and unknown addresses."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from engage.accounts.models import User
from engage.extensions import db

# Checked against when the address is unknown, so that both answers take as long.
_DUMMY_HASH = generate_password_hash("engage-dummy-password-for-timing")


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # scrypt (werkzeug's default)


def find_user_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def authenticate(email: str, password: str) -> User | None:
    """The user if e-mail and password match an existing, not deleted account."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash or user.is_deleted:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user
