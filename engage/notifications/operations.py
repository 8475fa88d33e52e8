"""Write side of notifications: create them (from receivers), mark read, change settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from engage.accounts.models import User
from engage.accounts.operations import register_deletion_hook
from engage.core import clock
from engage.extensions import db
from engage.notifications.models import Kind, Mode, Notification, NotificationPreference
from engage.notifications.queries import mode_for

# Ids of notifications to mail at once after the commit (see engage.notifications.mail).
PENDING_KEY = "engage.notifications.immediate"


def notify(
    user: User | None, kind: Kind, params: dict[str, Any], link: str = ""
) -> Notification | None:
    """Create one notification unless the person switched this kind off (or is gone)."""
    if user is None or user.is_deleted or not user.is_active:
        return None
    mode = mode_for(user.id, kind)
    if mode is Mode.OFF:
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind.value,
        params=params,
        link=link[:300],
        created_dt=clock.now(),
        mail_pending=bool(user.email),
    )
    db.session.add(notification)
    db.session.flush()
    if mode is Mode.IMMEDIATE and notification.mail_pending:
        db.session.info.setdefault(PENDING_KEY, []).append(notification.id)
    return notification


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the person's notifications read; ``False`` if it is not theirs."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return False
    if notification.read_dt is None:
        notification.read_dt = clock.now()
        db.session.flush()
    return True


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_dt.is_(None))
        .values(read_dt=clock.now())
    )
    return result.rowcount or 0


def set_mode(user_id: int, kind: Kind, mode: Mode) -> None:
    """Deliver ``kind`` to the person as ``mode``; switching off drops unsent mails of it."""
    row = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == kind.value
        )
    )
    if row is None:
        row = NotificationPreference(user_id=user_id, kind=kind.value)
        db.session.add(row)
    row.mode = mode.value
    row.updated_dt = clock.now()
    if mode is Mode.OFF:
        db.session.execute(
            update(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.kind == kind.value,
                Notification.emailed_dt.is_(None),
            )
            .values(mail_pending=False)
        )
    db.session.flush()


@register_deletion_hook
def _delete_notifications(user: User) -> None:
    """A deleted account keeps no notifications or settings."""
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
