"""The moderation log: every moderation and decision action, append-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import User
from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db


class ModerationLogEntry(db.Model):
    """Who did what to which item, why and when. Rows are never changed or deleted."""

    __tablename__ = "moderation_log"
    __table_args__ = (
        Index("ix_moderation_log_target", "target_type", "target_id"),
        Index("ix_moderation_log_org_created", "organisation_id", "created_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # who acted; None for the system (e.g. hidden automatically by flags)
    action: Mapped[str] = mapped_column(String(40), index=True)  # approve, hide, merge, decide…
    target_type: Mapped[str] = mapped_column(String(30))  # idea, comment, bundle, project…
    target_id: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )  # whose queue it concerns, for scoping the log
    reason: Mapped[str] = mapped_column(Text, default="")  # why (required for hiding)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. old and new status

    actor: Mapped[User | None] = relationship()


@event.listens_for(ModerationLogEntry, "before_update")
def _refuse_update(mapper, connection, target):
    raise ValueError("the moderation log is append-only")


@event.listens_for(ModerationLogEntry, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise ValueError("the moderation log is append-only")
