"""The notifications page, mark read, settings and the one-click unsubscribe link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engage.accounts.permissions import is_signed_in
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import csrf, db
from engage.notifications import mail, operations, queries
from engage.notifications import receivers as _receivers  # noqa: F401 - connects the signals
from engage.notifications.forms import settings_form
from engage.notifications.models import Kind, Mode
from engage.notifications.texts import render

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

PER_PAGE = 20


@bp.app_template_global("unread_notifications")
def unread_notifications() -> int:
    """The signed-in person's unread count (0 for visitors), for the header."""
    return queries.unread_count(current_user.id) if is_signed_in(current_user) else 0


@bp.after_app_request
def _send_immediate(response):
    """Mail the notifications the request committed; a mail failure never changes the answer."""
    mail.send_committed()
    return response


@bp.get("/")
def index():
    require(is_signed_in(current_user))
    page, per_page = clamp_page(request.args.get("page"), PER_PAGE, default_per_page=PER_PAGE)
    result = queries.notifications_page(current_user.id, page, per_page)
    return render_template(
        "notifications/index.html",
        page=result,
        texts={n.id: render(n) for n in result.items},
        unread=queries.unread_count(current_user.id),
    )


@bp.post("/<int:notification_id>/read")
def read(notification_id: int):
    require(is_signed_in(current_user))
    if not operations.mark_read(current_user, notification_id):
        abort(404)
    db.session.commit()
    return redirect(url_for(".index"), 303)


@bp.post("/read-all")
def read_all():
    require(is_signed_in(current_user))
    operations.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for(".index"), 303)


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    require(is_signed_in(current_user))
    current = queries.preferences(current_user.id)
    form = settings_form(current, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        for kind in Kind:
            value = form[kind.value].data
            if value in {m.value for m in Mode} and Mode(value) is not current[kind]:
                operations.set_mode(current_user.id, kind, Mode(value))
        db.session.commit()
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for(".settings"), 303)
    return render_template("notifications/settings.html", form=form, kinds=list(Kind))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token protects it
def unsubscribe(token: str):
    data = mail.read_unsubscribe_token(token)
    if data is None:
        abort(404)
    user_id, kinds = data
    if request.method == "POST":
        for kind in kinds:
            operations.set_mode(user_id, kind, Mode.OFF)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", kinds=kinds)
    return render_template("notifications/unsubscribe.html", kinds=kinds, token=token)
