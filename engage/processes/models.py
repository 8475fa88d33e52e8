"""Participation processes (Beteiligungsverfahren) and their phases."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core import clock
from engage.core.models import TimestampMixin, UTCDateTime
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes import phases as phase_kinds
from engage.themes.models import Theme


class ProcessStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Moderation(enum.StrEnum):
    PRE = "pre"  # new content waits for approval
    POST = "post"  # published at once, moderated afterwards


STATUS_LABELS = {
    ProcessStatus.DRAFT: _l("Draft"),
    ProcessStatus.PUBLISHED: _l("Published"),
    ProcessStatus.ARCHIVED: _l("Archived"),
}
MODERATION_LABELS = {
    Moderation.PRE: _l("Pre-moderation: new content waits for approval"),
    Moderation.POST: _l("Post-moderation: published at once, moderated afterwards"),
}


class PhaseState(enum.StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class Process(TimestampMixin, db.Model):
    __tablename__ = "processes"
    __table_args__ = (
        CheckConstraint("moderation in ('pre', 'post')", name="moderation"),
        CheckConstraint("status in ('draft', 'published', 'archived')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))  # readable part of the URL
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400), default="")  # plain text teaser
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    district: Mapped[str | None] = mapped_column(String(20))  # optional district scope
    moderation: Mapped[str] = mapped_column(String(4), default=Moderation.POST)
    status: Mapped[str] = mapped_column(String(10), default=ProcessStatus.DRAFT, index=True)
    support_limit: Mapped[int | None] = mapped_column(Integer)  # supports per citizen, None: any

    theme: Mapped[Theme] = relationship()
    organisation: Mapped[Organisation] = relationship()
    phases: Mapped[list[Phase]] = relationship(
        back_populates="process",
        order_by="(Phase.position, Phase.start_dt)",
        cascade="all, delete-orphan",
    )

    @property
    def is_public(self) -> bool:
        return self.status != ProcessStatus.DRAFT

    def current_phase(self, at: datetime | None = None) -> Phase | None:
        """The phase whose window contains ``at`` (now by default)."""
        at = at or clock.now()
        for phase in self.phases:
            if phase.start_dt <= at < phase.end_dt:
                return phase
        return None

    def next_phase(self, at: datetime | None = None) -> Phase | None:
        at = at or clock.now()
        upcoming = [p for p in self.phases if p.start_dt > at]
        return min(upcoming, key=lambda p: p.start_dt) if upcoming else None

    def allows(self, action: str, at: datetime | None = None) -> bool:
        """Whether the current phase lets participants do ``action`` (see phases.ACTIONS)."""
        if self.status != ProcessStatus.PUBLISHED:
            return False
        phase = self.current_phase(at)
        return phase is not None and phase.kind_class.allows(action)

    def __repr__(self) -> str:
        return f"<Process {self.id} {self.slug}>"


class Phase(db.Model):
    __tablename__ = "phases"
    __table_args__ = (CheckConstraint("end_dt > start_dt", name="window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # key of a registered PhaseKind
    title: Mapped[str] = mapped_column(String(120), default="")  # optional own name
    description: Mapped[str] = mapped_column(Text, default="")  # plain text
    start_dt: Mapped[datetime] = mapped_column(UTCDateTime)  # window start, inclusive
    end_dt: Mapped[datetime] = mapped_column(UTCDateTime)  # window end, exclusive
    position: Mapped[int] = mapped_column(Integer, default=0)

    process: Mapped[Process] = relationship(back_populates="phases")

    @property
    def kind_class(self) -> type[phase_kinds.PhaseKind]:
        return phase_kinds.get_kind(self.kind)

    @property
    def name(self) -> str:
        return self.title or str(self.kind_class.label)

    def state(self, at: datetime | None = None) -> PhaseState:
        at = at or clock.now()
        if at < self.start_dt:
            return PhaseState.BEFORE
        if at >= self.end_dt:
            return PhaseState.AFTER
        return PhaseState.DURING
