"""Notification mails: at once after the commit, or gathered into daily and weekly digests.

A notification is mailed at most once (``emailed_dt``). A mail that the SMTP server does not
take stays pending and is retried by ``flask notifications send-digests``; the request that
caused it neither fails nor loses the notification.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from flask import (
    current_app,
    g,
    has_app_context,
    has_request_context,
    render_template,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from engage.accounts.models import User
from engage.core import clock
from engage.core.mail import MailError, send_mail
from engage.extensions import db
from engage.notifications.models import Kind, Mode, Notification
from engage.notifications.operations import PENDING_KEY
from engage.notifications.queries import preferences
from engage.notifications.texts import render

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "engage.notifications.unsubscribe"
G_KEY = "_engage_notifications_committed"


# --- one-click unsubscribe ----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kinds: Iterable[Kind | str]) -> str:
    """A signed token that switches ``kinds`` off for the person (no expiry: one click)."""
    return _serializer().dumps({"u": user_id, "k": sorted({str(k) for k in kinds})})


def read_unsubscribe_token(token: str) -> tuple[int, list[Kind]] | None:
    if not token or len(token) > 500:
        return None
    try:
        data = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    try:
        kinds = [Kind(k) for k in data.get("k", [])]
    except (ValueError, TypeError):
        return None
    return (data["u"], kinds) if kinds else None


def _locale_for(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _headers(link: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _absolute(path: str) -> str:
    return url_for("site.home", _external=True).rstrip("/") + path if path.startswith("/") else path


def _send(user: User, notifications: list[Notification], digest: Mode | None) -> None:
    """Render in the person's language and send; raises MailError."""
    kinds = {n.kind for n in notifications}
    link = url_for(
        "notifications.unsubscribe", token=unsubscribe_token(user.id, kinds), _external=True
    )
    with force_locale(_locale_for(user)):
        entries = [(n, render(n), _absolute(n.link) if n.link else "") for n in notifications]
        if digest is None:
            _n, text, target = entries[0]
            subject = text.title
            body = render_template(
                "mail/notification.txt",
                user=user,
                text=text,
                link=target,
                unsubscribe=link,
                kind_label=notifications[0].kind_enum.label,
                settings=url_for("notifications.settings", _external=True),
            )
        else:
            subject = (
                _("Your daily summary from engage Bochum")
                if digest is Mode.DAILY
                else _("Your weekly summary from engage Bochum")
            )
            body = render_template(
                "mail/notification_digest.txt",
                user=user,
                entries=entries,
                unsubscribe=link,
                settings=url_for("notifications.settings", _external=True),
            )
    send_mail(user.email, subject, body, headers=_headers(link))


def _mark_sent(notifications: Iterable[Notification]) -> None:
    now = clock.now()
    for n in notifications:
        n.emailed_dt = now
        n.mail_pending = False


def deliver_immediate(ids: Iterable[int]) -> int:
    """Mail these notifications one by one now; failures stay pending. Commits. Returns sent."""
    rows = db.session.scalars(
        select(Notification)
        .where(
            Notification.id.in_(list(ids)),
            Notification.mail_pending.is_(True),
            Notification.emailed_dt.is_(None),
        )
        .order_by(Notification.id)
    ).all()
    users = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_({n.user_id for n in rows})))
    }
    sent = 0
    for n in rows:
        user = users.get(n.user_id)
        if user is None or not user.email:
            n.mail_pending = False
            continue
        try:
            _send(user, [n], None)
        except MailError:
            continue
        _mark_sent([n])
        sent += 1
    db.session.commit()
    return sent


def send_digests(period: Mode) -> dict[str, int]:
    """Mail every pending notification whose kind is set to ``period`` (one mail per person),
    and retry immediate ones that failed before. Idempotent: sent ones are marked.

    Outside a request (cron), links are built on the configured ``BASE_URL``."""
    if not has_request_context():
        base = current_app.config.get("BASE_URL") or "http://localhost"
        with current_app.test_request_context("/", base_url=base):
            return _send_digests(period)
    return _send_digests(period)


def _send_digests(period: Mode) -> dict[str, int]:
    pending = db.session.scalars(
        select(Notification)
        .where(Notification.mail_pending.is_(True), Notification.emailed_dt.is_(None))
        .order_by(Notification.user_id, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        by_user[n.user_id].append(n)
    result = {"digests": 0, "immediate": 0, "failed": 0}
    for user_id, items in by_user.items():
        user = db.session.get(User, user_id)
        if user is None or not user.email or user.is_deleted:
            for n in items:
                n.mail_pending = False
            db.session.commit()
            continue
        modes = preferences(user_id)
        digest, retry = [], []
        for n in items:
            mode = modes[Kind(n.kind)]
            if mode is Mode.OFF:
                n.mail_pending = False
            elif mode is Mode.IMMEDIATE:
                retry.append(n)
            elif mode is period:
                digest.append(n)
        for n in retry:
            try:
                _send(user, [n], None)
            except MailError:
                result["failed"] += 1
                continue
            _mark_sent([n])
            result["immediate"] += 1
        if digest:
            try:
                _send(user, digest, period)
            except MailError:
                result["failed"] += 1
            else:
                _mark_sent(digest)
                result["digests"] += 1
        db.session.commit()
    return result


# --- after the commit -----------------------------------------------------------------------------


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    ids = session.info.pop(PENDING_KEY, None)
    if ids and has_app_context():
        g.setdefault(G_KEY, []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def send_committed() -> None:
    """Called after each request: mail the notifications its commit created (never raises)."""
    ids = g.pop(G_KEY, None) if has_app_context() else None
    if not ids:
        return
    try:
        deliver_immediate(ids)
    except Exception:
        log.exception("sending notification mails failed; they stay pending")
        db.session.rollback()
