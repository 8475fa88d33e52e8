"""Ideas, their status history and tags, supports, threaded comments and flags."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.districts import DISTRICTS
from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.drafts.models import DraftParagraph
    from engage.processes.models import Process

# Bochum's extent (WGS 84); a location outside it is refused.
BOCHUM_BOUNDS = {"lat": (51.40, 51.55), "lon": (7.10, 7.35)}

TITLE_MIN, TITLE_MAX = 10, 120
BODY_MAX = 5000
TAGS_MAX = 5  # tags per idea
TAG_MIN, TAG_MAX = 2, 30
COMMENT_MAX = 2000
COMMENT_MAX_DEPTH = 2  # 0 = top level; replies nest up to three levels
FLAG_TEXT_MAX = 500
ORIGIN_NOTE_MAX = 200


class IdeaStatus(enum.StrEnum):
    PENDING = "pending"  # awaiting pre-moderation
    PUBLISHED = "published"
    UNDER_REVIEW = "under_review"
    BUNDLED = "bundled"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    WITHDRAWN = "withdrawn"  # by its author
    HIDDEN = "hidden"  # by a moderator or by reaching the flag threshold

    @property
    def label(self) -> str:
        return str(IDEA_STATUS_LABELS[self])

    @property
    def is_public(self) -> bool:
        return self in PUBLIC_STATUSES


IDEA_STATUS_LABELS = {
    IdeaStatus.PENDING: _l("Awaiting moderation"),
    IdeaStatus.PUBLISHED: _l("Published"),
    IdeaStatus.UNDER_REVIEW: _l("Under review"),
    IdeaStatus.BUNDLED: _l("Passed on to the Innovation Unit"),
    IdeaStatus.ACCEPTED: _l("Accepted"),
    IdeaStatus.REJECTED: _l("Not pursued"),
    IdeaStatus.IMPLEMENTED: _l("Implemented"),
    IdeaStatus.WITHDRAWN: _l("Withdrawn by its author"),
    IdeaStatus.HIDDEN: _l("Hidden by moderation"),
}

# Statuses everyone sees in lists, search and counts.
PUBLIC_STATUSES = frozenset(
    {
        IdeaStatus.PUBLISHED,
        IdeaStatus.UNDER_REVIEW,
        IdeaStatus.BUNDLED,
        IdeaStatus.ACCEPTED,
        IdeaStatus.REJECTED,
        IdeaStatus.IMPLEMENTED,
    }
)
# Statuses in which citizens may still support an idea (not yet decided).
SUPPORTABLE_STATUSES = frozenset(
    {IdeaStatus.PUBLISHED, IdeaStatus.UNDER_REVIEW, IdeaStatus.BUNDLED}
)
# Statuses in which its author may still edit or withdraw an idea.
AUTHOR_EDITABLE_STATUSES = frozenset({IdeaStatus.PENDING, IdeaStatus.PUBLISHED})

# Allowed status changes. ``hidden`` returns to the status it came from (see Idea.restore).
TRANSITIONS: dict[IdeaStatus, frozenset[IdeaStatus]] = {
    IdeaStatus.PENDING: frozenset(
        {IdeaStatus.PUBLISHED, IdeaStatus.REJECTED, IdeaStatus.WITHDRAWN, IdeaStatus.HIDDEN}
    ),
    IdeaStatus.PUBLISHED: frozenset(
        {
            IdeaStatus.UNDER_REVIEW,
            IdeaStatus.BUNDLED,
            IdeaStatus.ACCEPTED,
            IdeaStatus.REJECTED,
            IdeaStatus.WITHDRAWN,
            IdeaStatus.HIDDEN,
        }
    ),
    IdeaStatus.UNDER_REVIEW: frozenset(
        {
            IdeaStatus.PUBLISHED,
            IdeaStatus.BUNDLED,
            IdeaStatus.ACCEPTED,
            IdeaStatus.REJECTED,
            IdeaStatus.HIDDEN,
        }
    ),
    IdeaStatus.BUNDLED: frozenset(
        {
            IdeaStatus.UNDER_REVIEW,
            IdeaStatus.PUBLISHED,
            IdeaStatus.ACCEPTED,
            IdeaStatus.REJECTED,
            IdeaStatus.HIDDEN,
        }
    ),
    IdeaStatus.ACCEPTED: frozenset(
        {IdeaStatus.IMPLEMENTED, IdeaStatus.REJECTED, IdeaStatus.BUNDLED, IdeaStatus.HIDDEN}
    ),
    IdeaStatus.REJECTED: frozenset(
        {IdeaStatus.UNDER_REVIEW, IdeaStatus.BUNDLED, IdeaStatus.ACCEPTED, IdeaStatus.HIDDEN}
    ),
    IdeaStatus.IMPLEMENTED: frozenset({IdeaStatus.HIDDEN}),
    IdeaStatus.WITHDRAWN: frozenset({IdeaStatus.HIDDEN}),
    IdeaStatus.HIDDEN: frozenset(),  # only Idea.restore leaves it
}


class InvalidTransition(ValueError):
    """A status change the idea's life cycle does not allow."""


class Origin(enum.StrEnum):
    WEB = "web"
    API = "api"
    IMPORT = "import"  # collected offline (workshop, paper) and imported by the CLI


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


idea_tags = Table(
    "idea_tags",
    db.metadata,
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A keyword citizens attach to ideas; stored normalised (lower case, single spaces)."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_MAX), unique=True)  # normalised keyword

    def __repr__(self) -> str:
        return f"<Tag {self.name}>"


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(f"status in ({_in(IdeaStatus)})", name="status"),
        CheckConstraint(f"district is null or district in ({_in(DISTRICTS)})", name="district"),
        CheckConstraint(f"origin in ({_in(Origin)})", name="origin"),
        CheckConstraint("(lat is null) = (lon is null)", name="location_pair"),
        CheckConstraint("supports_count >= 0 and comments_count >= 0", name="counters"),
        # Public lists: filter by process and status, sort by date, supports or comments.
        Index("ix_ideas_process_status_created", "process_id", "status", "created_dt"),
        Index("ix_ideas_process_status_supports", "process_id", "status", "supports_count"),
        Index("ix_ideas_process_status_comments", "process_id", "status", "comments_count"),
        # Lists across processes (home page, theme pages, API without a process).
        Index("ix_ideas_status_created", "status", "created_dt"),
        Index("ix_ideas_status_supports", "status", "supports_count"),
        # Newest first over several public statuses (home page): a scan in date order that
        # stops after a few rows, instead of sorting every public idea.
        Index("ix_ideas_created", "created_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE")
    )  # the participation it belongs to
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # None for imported ideas
    title: Mapped[str] = mapped_column(String(TITLE_MAX))  # 10..120 characters, plain text
    body_source: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    body: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML rendered from source
    district: Mapped[str | None] = mapped_column(String(20), index=True)  # a Stadtbezirk key
    lat: Mapped[float | None] = mapped_column(Float)  # WGS 84, inside BOCHUM_BOUNDS
    lon: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default=IdeaStatus.PUBLISHED)
    status_before_hidden: Mapped[str | None] = mapped_column(String(20))  # restored on unhide
    supports_count: Mapped[int] = mapped_column(
        Integer, default=0, server_default=text("0")
    )  # kept by the support operations in the same transaction
    comments_count: Mapped[int] = mapped_column(
        Integer, default=0, server_default=text("0")
    )  # visible (not deleted, not hidden) comments
    origin: Mapped[str] = mapped_column(String(10), default=Origin.WEB)  # web, api or import
    origin_note: Mapped[str | None] = mapped_column(
        String(ORIGIN_NOTE_MAX)
    )  # e.g. "Workshop Wattenscheid, 12 May"
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )  # the idea this duplicate was merged into
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # submitted
    updated_dt: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )  # last change of any column
    published_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first made public
    edited_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last text edit

    process: Mapped[Process] = relationship()
    author: Mapped[User | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=idea_tags, order_by=Tag.name)
    history: Mapped[list[IdeaStatusChange]] = relationship(
        back_populates="idea",
        order_by="(IdeaStatusChange.created_dt, IdeaStatusChange.id)",
        cascade="all, delete-orphan",
    )
    merged_into: Mapped[Idea | None] = relationship(remote_side=[id])

    def __init__(self, **kwargs) -> None:
        # Column defaults apply only on INSERT; a new idea is consistent before that too.
        kwargs.setdefault("status", IdeaStatus.PUBLISHED.value)
        kwargs.setdefault("supports_count", 0)
        kwargs.setdefault("comments_count", 0)
        kwargs.setdefault("origin", Origin.WEB.value)
        super().__init__(**kwargs)

    @property
    def status_enum(self) -> IdeaStatus:
        return IdeaStatus(self.status)

    @property
    def is_public(self) -> bool:
        """Shown in public lists, search and counts."""
        return self.status_enum.is_public and self.merged_into_id is None

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    def can_change_to(self, status: IdeaStatus | str) -> bool:
        return IdeaStatus(status) in TRANSITIONS[self.status_enum]

    def change_status(
        self,
        status: IdeaStatus | str,
        *,
        actor: User | None = None,
        note: str | None = None,
        official: bool = False,
        at: datetime | None = None,
    ) -> IdeaStatusChange:
        """Move to ``status`` if the life cycle allows it, and record it in the history."""
        new = IdeaStatus(status)
        if new not in TRANSITIONS[self.status_enum]:
            raise InvalidTransition(f"{self.status} -> {new} is not allowed")
        at = at or utcnow()
        if new is IdeaStatus.HIDDEN:
            self.status_before_hidden = self.status
        self.status = new
        if new.is_public and self.published_dt is None:
            self.published_dt = at
        return self._record(new, actor=actor, note=note, official=official, at=at)

    def restore(
        self, *, actor: User | None = None, note: str | None = None, at: datetime | None = None
    ) -> IdeaStatusChange:
        """Leave ``hidden`` for the status the idea had before it was hidden."""
        if self.status_enum is not IdeaStatus.HIDDEN:
            raise InvalidTransition(f"{self.status} is not hidden")
        previous = IdeaStatus(self.status_before_hidden or IdeaStatus.PUBLISHED)
        self.status = previous
        self.status_before_hidden = None
        at = at or utcnow()
        if previous.is_public and self.published_dt is None:
            self.published_dt = at
        return self._record(previous, actor=actor, note=note, official=False, at=at)

    def answer(self, note: str, *, actor: User | None = None) -> IdeaStatusChange:
        """An official answer that keeps the current status."""
        return self._record(self.status_enum, actor=actor, note=note, official=True, at=utcnow())

    def _record(self, status, *, actor, note, official, at) -> IdeaStatusChange:
        entry = IdeaStatusChange(
            status=str(status),
            note=note or None,
            is_official_answer=official,
            actor_id=actor.id if actor is not None else None,
            created_dt=at,
        )
        self.history.append(entry)
        return entry

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"


class IdeaStatusChange(db.Model):
    """One entry of an idea's status history, shown to citizens (with official answers)."""

    __tablename__ = "idea_status_changes"
    __table_args__ = (Index("ix_idea_status_changes_idea_created", "idea_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))  # the status the idea moved to
    note: Mapped[str | None] = mapped_column(Text)  # official answer or reason, plain text
    is_official_answer: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # note is the organisation's official answer
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # None: the author's own action done by the system, or automatic
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return IdeaStatus(self.status).label


class IdeaRevision(db.Model):
    """An idea's text as it was before an edit: an edit cannot erase what was said (moderation)."""

    __tablename__ = "idea_revisions"
    __table_args__ = (Index("ix_idea_revisions_idea_created", "idea_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))  # title before the edit
    body_source: Mapped[str] = mapped_column(Text, default="")  # Markdown before the edit
    district: Mapped[str | None] = mapped_column(String(20))
    tags: Mapped[str] = mapped_column(String(200), default="")  # tag names, comma separated
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # who made the edit that replaced this text
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # edit time


class Support(db.Model):
    """A citizen's support of an idea: at most one per citizen and idea (database constraint)."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )  # whose support (for "my supports" and the per-process limit)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Comment(db.Model):
    """A comment on an idea or on a draft paragraph; replies nest up to three levels (0..2).

    Exactly one of ``idea_id`` and ``paragraph_id`` is set (check constraint): draft paragraph
    comments (engage.drafts) share threads, the edit window, placeholders and flags.
    """

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("(idea_id is null) <> (paragraph_id is null)", name="target"),
        CheckConstraint(f"depth >= 0 and depth <= {COMMENT_MAX_DEPTH}", name="depth"),
        Index("ix_comments_idea_parent_created", "idea_id", "parent_id", "created_dt"),
        Index("ix_comments_paragraph_parent_created", "paragraph_id", "parent_id", "created_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE")
    )  # the idea discussed
    paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_paragraphs.id", ondelete="CASCADE")
    )  # or the draft paragraph discussed (engage.drafts)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )  # the comment replied to; None at top level
    depth: Mapped[int] = mapped_column(Integer, default=0)  # 0 top level, 1 reply, 2 reply to it
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, escaped on output
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last edit by its author
    deleted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # text removed, placeholder
    hidden_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden by moderation/flags

    idea: Mapped[Idea | None] = relationship()
    paragraph: Mapped[DraftParagraph | None] = relationship()  # engage.drafts
    author: Mapped[User | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_dt is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_dt is not None

    @property
    def is_visible(self) -> bool:
        return self.deleted_dt is None and self.hidden_dt is None


class FlagTarget(enum.StrEnum):
    IDEA = "idea"
    COMMENT = "comment"


class FlagReason(enum.StrEnum):
    SPAM = "spam"
    INSULTING = "insulting"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"  # needs a text

    @property
    def label(self) -> str:
        return str(FLAG_REASON_LABELS[self])


FLAG_REASON_LABELS = {
    FlagReason.SPAM: _l("Spam or advertising"),
    FlagReason.INSULTING: _l("Insulting, discriminating or threatening"),
    FlagReason.OFF_TOPIC: _l("Off topic"),
    FlagReason.PERSONAL_DATA: _l("Reveals personal data"),
    FlagReason.OTHER: _l("Other reason"),
}


class FlagStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"  # a moderator found nothing wrong
    UPHELD = "upheld"  # a moderator agreed


class Flag(db.Model):
    """A citizen's report of an idea or comment; one open flag per citizen and item."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(f"target_type in ({_in(FlagTarget)})", name="target_type"),
        CheckConstraint(f"reason in ({_in(FlagReason)})", name="reason"),
        CheckConstraint(f"status in ({_in(FlagStatus)})", name="status"),
        Index("ix_flags_target", "target_type", "target_id", "status"),
        Index("ix_flags_status_created", "status", "created_dt"),
        Index(
            "uq_flags_open_per_user",
            "target_type",
            "target_id",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(10))  # idea or comment
    target_id: Mapped[int] = mapped_column(Integer)  # id of the idea or comment
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # who reported it
    reason: Mapped[str] = mapped_column(String(20))  # a FlagReason
    text: Mapped[str | None] = mapped_column(String(FLAG_TEXT_MAX))  # required for "other"
    status: Mapped[str] = mapped_column(String(10), default=FlagStatus.OPEN)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # the moderator who decided

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def reason_label(self) -> str:
        return FlagReason(self.reason).label


# Full-text search (SQLite FTS5 / PostgreSQL tsvector index) is created with the table.
from engage.ideas.search import attach_search_ddl  # noqa: E402

attach_search_ddl(Idea.__table__)
