"""The ``api`` blueprint at ``/api/v1``: CSRF-exempt, bearer-only, rate-limited, no-store.

Endpoints are added with :func:`engage.api.spec.endpoint`, which registers the route here and
its description in the OpenAPI document at the same time.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from engage.api.auth import bearer_token, presented_invalid_token, rate_limit_key
from engage.api.errors import APIError, unauthorized
from engage.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The API authenticates with bearer tokens only; a browser's session cookie never counts, so a
# cross-site request has nothing to ride on and CSRF tokens are not needed.
csrf.exempt(bp)

# One budget for the whole API per caller: per token when a valid one is sent, else per address.
limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_API"], scope="api", key_func=rate_limit_key
)(bp)

BODY_METHODS = {"POST", "PUT", "PATCH"}
PUBLIC_MAX_AGE = 60  # seconds anonymous GETs of public data may be cached


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


@bp.before_request
def check_request():
    """Refuse an invalid token (even on public endpoints) and bodies that are not JSON."""
    if presented_invalid_token():
        unauthorized(
            _("This API token is not valid: it is unknown, expired or revoked."),
            code="invalid_token",
        )
    if request.method in BODY_METHODS and _has_body() and not request.is_json:
        raise APIError(415)


@bp.after_app_request
def api_headers(response):
    """Caching and authentication headers of every response under /api/ (errors included)."""
    if not request.path.startswith("/api/"):
        return response
    anonymous = "Authorization" not in request.headers
    if anonymous and request.method in {"GET", "HEAD"} and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response.headers["Cache-Control"] = "no-store"
    response.vary.update({"Authorization", "Accept-Language"})
    if response.status_code == 401:
        challenge = 'Bearer realm="engage"'
        if bearer_token() is not None:
            challenge += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    return response
