"""Bundles of ideas, the Innovation Unit's decisions on them and the projects they start."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.ideas.models import Comment, Idea
    from engage.organisations.models import Organisation
    from engage.surveys.models import Survey
    from engage.themes.models import Theme

TITLE_MIN, TITLE_MAX = 5, 160
SUMMARY_MAX = 2000
RECOMMENDATION_MAX = 10000
RATIONALE_MAX = 5000
UPDATE_MAX = 5000


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class BundleStatus(enum.StrEnum):
    DRAFT = "draft"  # being built by moderators
    SUBMITTED = "submitted"  # with the Innovation Unit, read-only for moderators
    DECIDED = "decided"  # the Innovation Unit recorded its decision

    @property
    def label(self) -> str:
        return str(BUNDLE_STATUS_LABELS[self])


BUNDLE_STATUS_LABELS = {
    BundleStatus.DRAFT: _l("Draft"),
    BundleStatus.SUBMITTED: _l("With the Innovation Unit"),
    BundleStatus.DECIDED: _l("Decided"),
}


class ItemKind(enum.StrEnum):
    IDEA = "idea"  # an idea (``idea_id``)
    SURVEY = "survey"  # the results of a survey (``survey_id``)
    DRAFT_COMMENT = "draft_comment"  # a comment on a draft paragraph (``comment_id``)


class Outcome(enum.StrEnum):
    PROJECT = "project"  # a project is started (or an existing one takes the bundle up)
    MERGED = "merged"  # taken into an existing initiative or bundle
    DEFERRED = "deferred"  # to be decided later
    REJECTED = "rejected"  # not pursued

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.PROJECT: _l("A project is started"),
    Outcome.MERGED: _l("Taken up in an existing initiative"),
    Outcome.DEFERRED: _l("Deferred"),
    Outcome.REJECTED: _l("Not pursued"),
}


class ProjectStatus(enum.StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return str(PROJECT_STATUS_LABELS[self])


PROJECT_STATUS_LABELS = {
    ProjectStatus.PLANNED: _l("Planned"),
    ProjectStatus.RUNNING: _l("Running"),
    ProjectStatus.DONE: _l("Done"),
    ProjectStatus.STOPPED: _l("Stopped"),
}


class Bundle(db.Model):
    """Ideas of one theme that moderators put together as input for the Innovation Unit."""

    __tablename__ = "bundles"
    __table_args__ = (
        CheckConstraint(f"status in ({_in(BundleStatus)})", name="status"),
        Index("ix_bundles_status_decided", "status", "decided_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )  # the organisation whose moderators build it
    title: Mapped[str] = mapped_column(String(TITLE_MAX))  # plain text
    summary: Mapped[str] = mapped_column(Text, default="")  # plain text
    recommendation_source: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    recommendation: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    status: Mapped[str] = mapped_column(String(10), default=BundleStatus.DRAFT, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # to the Innovation Unit
    decided_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    theme: Mapped[Theme] = relationship()
    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    items: Mapped[list[BundleItem]] = relationship(
        back_populates="bundle",
        order_by="(BundleItem.position, BundleItem.id)",
        cascade="all, delete-orphan",
    )
    decision: Mapped[Decision | None] = relationship(
        back_populates="bundle", uselist=False, cascade="all, delete-orphan"
    )
    projects: Mapped[list[Project]] = relationship(
        secondary="project_bundles", back_populates="bundles", order_by="Project.id"
    )

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("status", BundleStatus.DRAFT.value)
        super().__init__(**kwargs)

    @property
    def status_enum(self) -> BundleStatus:
        return BundleStatus(self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == BundleStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Bundle {self.id} {self.status}>"


class BundleItem(db.Model):
    """One entry of a bundle, in order; ``kind`` says which target column is set."""

    __tablename__ = "bundle_items"
    __table_args__ = (
        CheckConstraint(f"kind in ({_in(ItemKind)})", name="kind"),
        CheckConstraint("kind != 'idea' or idea_id is not null", name="idea_target"),
        CheckConstraint("kind != 'survey' or survey_id is not null", name="survey_target"),
        CheckConstraint("kind != 'draft_comment' or comment_id is not null", name="comment_target"),
        UniqueConstraint("bundle_id", "idea_id"),
        UniqueConstraint("bundle_id", "survey_id"),
        UniqueConstraint("bundle_id", "comment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # order within the bundle
    kind: Mapped[str] = mapped_column(String(20), default=ItemKind.IDEA)
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )  # set for kind "idea"
    survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )  # set for kind "survey"
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )  # set for kind "draft_comment": a comment on a draft paragraph
    note: Mapped[str] = mapped_column(Text, default="")  # the moderators' remark, plain text
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bundle: Mapped[Bundle] = relationship(back_populates="items")
    idea: Mapped[Idea | None] = relationship()
    survey: Mapped[Survey | None] = relationship()
    comment: Mapped[Comment | None] = relationship()

    @property
    def target_id(self) -> int | None:
        """The id of what the item points at (idea, survey or comment)."""
        return {
            ItemKind.SURVEY: self.survey_id,
            ItemKind.DRAFT_COMMENT: self.comment_id,
        }.get(ItemKind(self.kind), self.idea_id)


class Decision(db.Model):
    """The Innovation Unit's decision on a submitted bundle (one per bundle)."""

    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint(f"outcome in ({_in(Outcome)})", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundles.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[str] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text)  # plain text, required, shown publicly
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bundle: Mapped[Bundle] = relationship(back_populates="decision")
    decided_by: Mapped[User | None] = relationship()

    @property
    def outcome_enum(self) -> Outcome:
        return Outcome(self.outcome)


project_bundles = Table(
    "project_bundles",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("bundle_id", ForeignKey("bundles.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Project(db.Model):
    """A Smart-City project that came out of one or more bundles."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint(f"status in ({_in(ProjectStatus)})", name="status"),
        Index("ix_projects_status_created", "status", "created_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description_source: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )  # the lead organisation
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=ProjectStatus.PLANNED)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    theme: Mapped[Theme] = relationship()
    bundles: Mapped[list[Bundle]] = relationship(
        secondary=project_bundles, back_populates="projects", order_by=Bundle.id
    )
    updates: Mapped[list[ProjectUpdate]] = relationship(
        back_populates="project",
        order_by="(ProjectUpdate.created_dt.desc(), ProjectUpdate.id.desc())",
        cascade="all, delete-orphan",
    )

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("status", ProjectStatus.PLANNED.value)
        super().__init__(**kwargs)

    @property
    def status_enum(self) -> ProjectStatus:
        return ProjectStatus(self.status)


class ProjectUpdate(db.Model):
    """A progress report on a project, optionally with a change of its status."""

    __tablename__ = "project_updates"
    __table_args__ = (Index("ix_project_updates_project_created", "project_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)  # plain text
    status_from: Mapped[str | None] = mapped_column(String(10))  # set when the status changed
    status_to: Mapped[str | None] = mapped_column(String(10))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()

    @property
    def status_to_label(self) -> str:
        return ProjectStatus(self.status_to).label if self.status_to else ""
