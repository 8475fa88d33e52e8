"""API tokens (create with e-mail and password, list, revoke) and ``GET /me``.

Token creation answers one generic 401 for an unknown address, a wrong password and an
unconfirmed or deleted account, so that it reveals nothing about who has an account; the
password check costs the same either way (:func:`engage.accounts.passwords.authenticate`).
Staff prove their second factor (``totp``) as on the web site.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from marshmallow import fields, validate

from engage.accounts import operations, queries
from engage.accounts.models import Role, User
from engage.accounts.operations import MAX_TOKEN_DAYS, AccountError
from engage.accounts.passwords import authenticate, find_user_by_email
from engage.api.auth import require_api_user
from engage.api.errors import APIError, invalid, not_found
from engage.api.schemas import InputSchema, OutputSchema, PaginationQuery, page_of
from engage.api.spec import endpoint, tag
from engage.core import clock
from engage.core.pagination import Page
from engage.extensions import db

tag("accounts", "API tokens and the caller's own account.")


class TokenRequestSchema(InputSchema):
    """E-mail and password (and, for staff, the current TOTP code) for a new token."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    name = fields.String(
        load_default="API",
        validate=validate.Length(min=1, max=80),
        metadata={"description": "What you call this token (e.g. the app's name)."},
    )
    expires_days = fields.Integer(
        strict=True,
        load_default=None,
        validate=validate.Range(min=1, max=MAX_TOKEN_DAYS),
        metadata={"description": "Days until it expires (default: 365)."},
    )
    totp = fields.String(
        validate=validate.Regexp(r"^[0-9]{6}$"),
        metadata={"description": "The 6-digit code of the authenticator app (staff only)."},
    )


class NewTokenSchema(OutputSchema):
    """A new token: the secret is shown this once and stored only as a hash."""

    token = fields.String(metadata={"description": "Send as `Authorization: Bearer <token>`."})
    expires_at = fields.DateTime(attribute="row.expires_dt", allow_none=True)
    id = fields.Integer(attribute="row.id")
    name = fields.String(attribute="row.name")


class TokenSchema(OutputSchema):
    """One of the caller's tokens, without its secret."""

    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "Its first characters, to recognise it."})
    created_at = fields.DateTime(attribute="created_dt")
    expires_at = fields.DateTime(attribute="expires_dt", allow_none=True)
    last_used_at = fields.DateTime(attribute="last_used_dt", allow_none=True)
    revoked_at = fields.DateTime(attribute="revoked_dt", allow_none=True)
    active = fields.Function(
        lambda token: token.is_valid(clock.now()),
        metadata={"type": "boolean", "description": "Neither revoked nor expired."},
    )


class MeSchema(OutputSchema):
    """The caller's own account."""

    id = fields.Integer()
    display_name = fields.String(metadata={"description": "Public name shown with content."})
    role = fields.String(validate=validate.OneOf([r.value for r in Role]))
    locale = fields.String(
        allow_none=True,
        metadata={"description": "Preferred language (de, en), or null for the browser's."},
    )


def staff_needs_totp(user: User) -> bool:
    """Staff prove a second factor before they get a token (as when they sign in)."""
    return user.is_staff and (user.has_totp or current_app.config["STAFF_2FA_REQUIRED"])


def _refuse(email: str, user: User | None) -> APIError:
    """Audit the failure as the sign-in page does; one answer whatever the reason."""
    known = user or find_user_by_email(email)
    reason = "unconfirmed" if user else ("password" if known else "unknown_email")
    operations.record_failed_login(email, known, reason)
    db.session.commit()
    return APIError(
        401,
        _("The e-mail address or the password is not correct, or the account is not confirmed."),
        code="invalid_credentials",
    )


@endpoint(
    "POST",
    "/tokens",
    summary="Create an API token",
    description="With e-mail and password (staff also `totp`). A wrong e-mail address, a wrong "
    "password and an unconfirmed account get the same 401 `invalid_credentials`; staff without "
    "a valid `totp` get 401 `totp_required`. Rate-limited per address.",
    tags=("accounts",),
    auth="none",
    body=TokenRequestSchema,
    response=NewTokenSchema,
    status=201,
    errors=(403,),
    limit="RATELIMIT_TOKENS",
)
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    user = authenticate(body["email"], body["password"])
    if user is None or not user.is_active:
        raise _refuse(body["email"], user)
    if staff_needs_totp(user):
        if not user.has_totp:
            raise APIError(
                403,
                _("Staff accounts need a second factor. Please set it up on the web site first."),
                code="totp_setup_required",
            )
        if not body.get("totp"):
            raise APIError(
                401,
                _("Please also send the 6-digit code of your authenticator app as totp."),
                code="totp_required",
            )
        if not operations.verify_totp(user, body["totp"]):
            operations.record_failed_login(user.email, user, "second_factor")
            db.session.commit()
            raise APIError(
                401,
                _("The code of your authenticator app is not correct. Please try again."),
                code="totp_required",
            )
    days = body["expires_days"] or current_app.config["API_TOKEN_DEFAULT_DAYS"]
    try:
        row, plaintext = operations.create_token(user, body["name"], days)
    except AccountError as err:
        invalid({err.field or "_schema": [str(err)]})
    db.session.commit()
    return {"token": plaintext, "row": row}


@endpoint(
    "GET",
    "/tokens",
    summary="The caller's API tokens",
    description="Newest first, with revoked and expired ones; never their secrets.",
    tags=("accounts",),
    auth="required",
    query=PaginationQuery,
    response=page_of(TokenSchema),
)
def list_tokens(query: dict[str, Any]) -> Page:
    return queries.tokens_of(require_api_user(), query["page"], query["per_page"])


@endpoint(
    "DELETE",
    "/tokens/<int:token_id>",
    summary="Revoke one of the caller's API tokens",
    description="Idempotent; another person's token is 404 (as an unknown one).",
    tags=("accounts",),
    auth="required",
)
def revoke_token(token_id: int) -> None:
    user: User = require_api_user()
    token = queries.token_of(user, token_id)
    if token is None:
        not_found()
    operations.revoke_token(token, actor=user)
    db.session.commit()
    return None


@endpoint(
    "GET",
    "/me",
    summary="The caller's account",
    tags=("accounts",),
    auth="required",
    response=MeSchema,
)
def me() -> User:
    return require_api_user()
