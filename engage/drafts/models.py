"""Drafts put up for comment: versions split into numbered paragraphs, and the response table.

Comments on paragraphs live in the ideas' ``comments`` table (``Comment.paragraph_id``), so that
threads, the edit window, the deleted placeholder and flags work the same everywhere.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.ideas.models import Comment
    from engage.processes.models import Process

TITLE_MIN, TITLE_MAX = 5, 200
SOURCE_MAX = 100_000  # characters of a version's text
PARAGRAPHS_MAX = 500  # paragraphs (and headings) per version
PARAGRAPH_MAX = 5_000  # characters of one paragraph
CHANGE_NOTE_MAX = 1_000
RATIONALE_MAX = 5_000


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class DraftStatus(enum.StrEnum):
    DRAFT = "draft"  # only its moderators see it (no version published yet)
    PUBLISHED = "published"


class ParagraphKind(enum.StrEnum):
    HEADING = "heading"  # a line starting with "#": structure, not numbered, not commented
    PARAGRAPH = "paragraph"


class Outcome(enum.StrEnum):
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"
    OUT_OF_SCOPE = "out_of_scope"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.ADOPTED: _l("Adopted"),
    Outcome.PARTLY_ADOPTED: _l("Partly adopted"),
    Outcome.NOT_ADOPTED: _l("Not adopted"),
    Outcome.OUT_OF_SCOPE: _l("Out of scope"),
}


class Draft(db.Model):
    """A text put up for comment in a ``comment`` phase of a process."""

    __tablename__ = "drafts"
    __table_args__ = (CheckConstraint(f"status in ({_in(DraftStatus)})", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )  # the participation it belongs to
    title: Mapped[str] = mapped_column(String(TITLE_MAX))  # plain text
    status: Mapped[str] = mapped_column(String(10), default=DraftStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # the moderator who put it up
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "draft_versions.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_drafts_current_version_id_draft_versions",
        )
    )  # the latest published version; None until the first is published
    response_table_published_dt: Mapped[datetime | None] = mapped_column(
        UTCDateTime
    )  # when the response table (Abwägungstabelle) was made public
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship()
    created_by: Mapped[User | None] = relationship()
    current_version: Mapped[DraftVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("status", DraftStatus.DRAFT.value)
        super().__init__(**kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == DraftStatus.PUBLISHED

    @property
    def responses_published(self) -> bool:
        return self.response_table_published_dt is not None


class DraftVersion(db.Model):
    """One text of a draft; unpublished while its moderators preview it, then fixed."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … in order of writing
    source: Mapped[str] = mapped_column(Text, default="")  # the text as written (Markdown-ish)
    change_note: Mapped[str | None] = mapped_column(String(CHANGE_NOTE_MAX))  # what changed
    published_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: being prepared
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(foreign_keys=[draft_id])
    paragraphs: Mapped[list[DraftParagraph]] = relationship(
        back_populates="version",
        order_by="DraftParagraph.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        return self.published_dt is not None


class DraftParagraph(db.Model):
    """A numbered paragraph (or a heading) of one version.

    ``key`` is the paragraph's identity across versions: a paragraph that is unchanged or only
    lightly edited in a new version keeps the key of its predecessor (see ``text.map_keys``).
    """

    __tablename__ = "draft_paragraphs"
    __table_args__ = (
        CheckConstraint(f"kind in ({_in(ParagraphKind)})", name="kind"),
        UniqueConstraint("version_id", "position"),
        Index("ix_draft_paragraphs_key", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1..n in reading order, headings included
    number: Mapped[int | None] = mapped_column(Integer)  # 1..m shown to readers; None: heading
    kind: Mapped[str] = mapped_column(String(10), default=ParagraphKind.PARAGRAPH)
    text: Mapped[str] = mapped_column(Text, default="")  # plain text, escaped on output
    key: Mapped[str] = mapped_column(String(40))  # stable identity across versions

    version: Mapped[DraftVersion] = relationship(back_populates="paragraphs")

    @property
    def is_heading(self) -> bool:
        return self.kind == ParagraphKind.HEADING


class CommentResponse(db.Model):
    """How a comment on a draft was handled and why: one row of the response table."""

    __tablename__ = "comment_responses"
    __table_args__ = (CheckConstraint(f"outcome in ({_in(Outcome)})", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[str] = mapped_column(String(20))  # an Outcome
    rationale: Mapped[str] = mapped_column(Text, default="")  # why, plain text
    responded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    responded_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship()
    responded_by: Mapped[User | None] = relationship()

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label
