"""Sign-in plumbing: session loading with versioned ids, the staff second-factor gate."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from engage.extensions import db, login_manager

# Endpoints a staff member without a second factor may still reach.
_TOTP_SETUP_ALLOWED = {
    "accounts.totp_setup",
    "accounts.logout",
    "site.set_language",
    "site.theme_css",
    "static",
}


def register_auth(app) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str):
        from engage.accounts.models import User

        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from engage.core.errors import json_error

        if request.path.startswith("/api/"):
            return json_error(401)
        flash(login_manager.login_message, "info")
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target))

    @app.before_request
    def require_staff_second_factor():
        if request.path.startswith("/api/") or request.endpoint in _TOTP_SETUP_ALLOWED:
            return None
        if (
            current_user.is_authenticated
            and current_user.is_staff
            and not current_user.has_totp
            and app.config["STAFF_2FA_REQUIRED"]
        ):
            flash(_l("Staff accounts need a second factor. Please set it up now."), "info")
            return redirect(url_for("accounts.totp_setup"))
        return None
