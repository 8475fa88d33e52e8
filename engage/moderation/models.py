"""The moderation log (every moderation and decision action, append-only) and assignments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, event
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


class Assignment(db.Model):
    """An idea routed to the organisation responsible for it, with a due date for its answer.

    One per idea: assigning again moves it to another organisation or date (the moderation
    log keeps the earlier ones). Overdue: the due date has passed and no official answer was
    given (``answered_dt`` is set by the moderation operations that record one).
    """

    __tablename__ = "assignments"
    __table_args__ = (
        Index("ix_assignments_org_open_due", "organisation_id", "answered_dt", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), unique=True
    )  # the idea to answer
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )  # who must answer it
    due_date: Mapped[date] = mapped_column(Date)  # last day for the official answer (Bochum)
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # the moderator who routed it
    answered_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first official answer
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # (re)assigned

    idea = relationship("Idea")
    organisation = relationship("Organisation")
    assigned_by: Mapped[User | None] = relationship()

    def is_overdue(self, today: date) -> bool:
        """Due date passed (``today`` is the date in Bochum) and not yet answered."""
        return self.answered_dt is None and self.due_date < today
