"""API errors: the shape ``{"error": {"code", "message", "fields"}}`` via core's :class:`APIError`.

The app-level handler in :mod:`engage.core.errors` answers every error under ``/api/`` in this
shape (404 from routing, 405, 413, 429 and 500 included); these helpers raise the common cases
with localised messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from flask_babel import gettext as _
from marshmallow import ValidationError

from engage.core.errors import APIError

__all__ = [
    "APIError",
    "bad_json",
    "flatten_messages",
    "forbidden",
    "invalid",
    "not_found",
    "unauthorized",
    "validation_failed",
]


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested messages as ``{"field": [...], "answers.0.text": [...]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for name, texts in flatten_messages(value, path).items():
                flat.setdefault(name, []).extend(texts)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping | list | tuple):
                for name, texts in flatten_messages(item, prefix).items():
                    flat.setdefault(name, []).extend(texts)
            else:
                flat.setdefault(prefix or "_schema", []).append(str(item))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat


def invalid(fields: dict[str, list[str]], message: str | None = None) -> NoReturn:
    """422 with the fields (or parameters) at fault."""
    raise APIError(422, message or _("Please correct the marked fields."), fields=fields)


def validation_failed(err: ValidationError) -> NoReturn:
    invalid(flatten_messages(err.messages))


def bad_json() -> NoReturn:
    raise APIError(400, _("The request body is not valid JSON."), code="invalid_json")


def unauthorized(message: str | None = None, *, code: str = "unauthorized") -> NoReturn:
    raise APIError(401, message or _("Please send a valid API token."), code=code)


def forbidden(message: str | None = None, *, code: str = "forbidden") -> NoReturn:
    raise APIError(403, message or _("You are not allowed to do this."), code=code)


def not_found(message: str | None = None) -> NoReturn:
    raise APIError(404, message or _("There is nothing with this id."), code="not_found")
