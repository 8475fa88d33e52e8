"""Helpers to apply the areas' named permission predicates in views and the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app
from flask_login import current_user


def require(allowed: bool) -> None:
    """Unless ``allowed``: sign-in (redirect, or 401 in the API) for visitors, else 403."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    abort(403)


def role_required(*roles: str) -> Callable:
    """Decorator: the signed-in user must hold one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            require(current_user.is_authenticated and current_user.role in roles)
            return view(*args, **kwargs)

        return wrapper

    return decorator
