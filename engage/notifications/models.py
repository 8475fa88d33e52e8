"""Notifications of a person (in-app, by e-mail at once or in digests) and their settings."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db


class Kind(enum.StrEnum):
    IDEA_STATUS = "idea_status"  # status change or official answer on my idea
    COMMENT_REPLY = "comment_reply"  # a reply to my comment
    MODERATION = "moderation"  # my content hidden or restored by a moderator
    IDEA_MERGED = "idea_merged"  # my idea merged into another
    BUNDLE_DECISION = "bundle_decision"  # decision on a bundle with my or a supported idea
    PROJECT_UPDATE = "project_update"  # progress of a project from my or a supported idea
    COMMENT_RESPONSE = "comment_response"  # how my comment on a draft was handled

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    Kind.IDEA_STATUS: _l("Status changes and official answers on my ideas"),
    Kind.COMMENT_REPLY: _l("Replies to my comments"),
    Kind.MODERATION: _l("My content hidden or restored by a moderator"),
    Kind.IDEA_MERGED: _l("My idea merged into another idea"),
    Kind.BUNDLE_DECISION: _l("Decisions on ideas I wrote or support"),
    Kind.PROJECT_UPDATE: _l("Progress of projects that came from ideas I wrote or support"),
    Kind.COMMENT_RESPONSE: _l("How my comments on drafts were handled"),
}


class Mode(enum.StrEnum):
    OFF = "off"
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def label(self) -> str:
        return str(MODE_LABELS[self])


MODE_LABELS = {
    Mode.OFF: _l("off"),
    Mode.IMMEDIATE: _l("immediately"),
    Mode.DAILY: _l("daily digest"),
    Mode.WEEKLY: _l("weekly digest"),
}
DEFAULT_MODE = Mode.IMMEDIATE


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Notification(db.Model):
    """One message to one person; its text is rendered from ``kind`` and ``params``."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"kind in ({_in(Kind)})", name="kind"),
        Index("ix_notifications_user_read", "user_id", "read_dt"),
        Index("ix_notifications_user_created", "user_id", "created_dt"),
        Index("ix_notifications_mail_pending", "mail_pending", "emailed_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # values for the kind's texts
    link: Mapped[str] = mapped_column(String(300), default="")  # path on this site
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_pending: Mapped[bool] = mapped_column(default=False)  # to be mailed (at once or digest)
    emailed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the mail went out

    @property
    def kind_enum(self) -> Kind:
        return Kind(self.kind)


class NotificationPreference(db.Model):
    """How a person wants one kind delivered; without a row the default (immediately)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        CheckConstraint(f"kind in ({_in(Kind)})", name="kind"),
        CheckConstraint(f"mode in ({_in(Mode)})", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(10), default=DEFAULT_MODE)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
