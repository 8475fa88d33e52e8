"""Read side of notifications: a person's list, unread count and delivery settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from engage.accounts.operations import register_data_exporter
from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.notifications.models import (
    DEFAULT_MODE,
    Kind,
    Mode,
    Notification,
    NotificationPreference,
)


def unread_count(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_dt.is_(None))
        )
        or 0
    )


def notifications_page(user_id: int, page: int, per_page: int) -> Page:
    stmt = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_dt.desc(), Notification.id.desc())
    )
    return paginate(stmt, page, per_page)


def preferences(user_id: int) -> dict[Kind, Mode]:
    """Every kind with the person's mode (the default where they chose nothing)."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.mode).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    return {kind: Mode(chosen.get(kind.value, DEFAULT_MODE)) for kind in Kind}


def mode_for(user_id: int, kind: Kind | str) -> Mode:
    mode = db.session.scalar(
        select(NotificationPreference.mode).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == str(kind)
        )
    )
    return Mode(mode) if mode else DEFAULT_MODE


@register_data_exporter
def _export_notifications(user: Any) -> tuple[str, Any]:
    """The person's notifications and settings for the data export."""
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return "notifications", {
        "settings": {kind.value: mode.value for kind, mode in preferences(user.id).items()},
        "items": [
            {
                "kind": n.kind,
                "params": n.params,
                "link": n.link,
                "created_at": n.created_dt.isoformat(),
                "read_at": n.read_dt.isoformat() if n.read_dt else None,
                "emailed_at": n.emailed_dt.isoformat() if n.emailed_dt else None,
            }
            for n in rows
        ],
    }
