"""Error pages and JSON errors in one place: HTML for pages, the API's shape under /api/."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Localised titles and explanations for the error pages and JSON messages.
MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check your input.")),
    401: (_l("Please sign in"), _l("You need to be signed in to do this.")),
    403: (_l("Not allowed"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("The page you were looking for does not exist.")),
    405: (_l("Method not allowed"), _l("This action is not possible here.")),
    409: (_l("Conflict"), _l("This cannot be done in the current state.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    415: (_l("Unsupported content type"), _l("Please send JSON.")),
    422: (_l("Invalid input"), _l("Please correct the marked fields.")),
    429: (
        _l("Too many requests"),
        _l("You have made too many requests. Please wait a moment and try again."),
    ),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. We have been notified.")),
    503: (
        _l("Temporarily unavailable"),
        _l("The platform is briefly unavailable. Please try again in a few minutes."),
    ),
}

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


class APIError(Exception):
    """An error answered as ``{"error": {"code", "message", "fields"}}``."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message or str(MESSAGES.get(status, MESSAGES[400])[1])
        self.code = code or CODES.get(status, "error")
        self.fields = fields or {}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(
    status: int, message: str | None = None, *, code: str | None = None, fields: dict | None = None
):
    err = APIError(status, message, code=code, fields=fields)
    body = {"error": {"code": err.code, "message": err.message, "fields": err.fields}}
    return jsonify(body), status


def _render(status: int, description: str | None = None):
    title, text = MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        return json_error(status, description or str(text))
    context = {"status": status, "title": title, "text": description or text}
    try:
        return render_template("errors/error.html", **context), status
    except Exception:  # the full layout needs the database (signed-in user); it may be away
        log.exception("error page could not be rendered with the full layout")
        return render_template("errors/minimal.html", **context), status


def register_error_handlers(app) -> None:
    @app.errorhandler(APIError)
    def handle_api_error(err: APIError):
        body = {"error": {"code": err.code, "message": err.message, "fields": err.fields}}
        return jsonify(body), err.status

    @app.errorhandler(CSRFError)
    def handle_csrf(err):
        from flask_babel import gettext as _

        return _render(
            400,
            _(
                "Your form has expired or was sent from elsewhere. "
                "Please reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def handle_http(err: HTTPException):
        status = err.code or 500
        description = None
        # Our own aborts may carry a localised description meant for the person.
        if getattr(err, "engage_message", None):
            description = err.engage_message
        body, status = _render(status, description)
        response = app.make_response((body, status))
        # Keep the exception's own headers (405: Allow, as RFC 9110 requires; 401, 413, …).
        for name, value in err.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    def handle_db_down(err):
        log.warning("database unavailable: %s", err)
        from engage.extensions import db

        db.session.rollback()
        return _render(503)

    @app.errorhandler(Exception)
    def handle_unexpected(err):
        if isinstance(err, HTTPException):
            return handle_http(err)
        log.exception("unhandled error")
        return _render(500)


def abort_with(status: int, message: str):
    """Abort with a localised message meant for the person (HTML) or client (JSON)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[status]()
    exc.engage_message = message
    raise exc
