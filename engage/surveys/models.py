"""Surveys of a process: questions with choices, and one response per person with its answers.

A response belongs to a signed-in account (``user_id``) or, where the survey allows anonymous
answers, to one browser (``anonymous_key``: a hash of a random id kept in that browser's signed
session).  The database allows one response per account and per browser and survey; answering
again changes the existing response.

One :class:`Answer` row holds one part of an answer, so that results are plain aggregates:

=============  ==================================================================
kind           rows per answered question
=============  ==================================================================
single         one row with ``choice_id``; or one row with ``text`` ("other")
multiple       one row per chosen ``choice_id``; plus one row with ``text`` ("other")
short_text     one row with ``text``
long_text      one row with ``text``
scale          one row with ``value`` (1 to 5)
ranking        one row per choice with ``choice_id`` and its ``rank`` (1 = first)
=============  ==================================================================
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import TimestampMixin, UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.processes.models import Process

TITLE_MAX = 160
INTRODUCTION_MAX = 10_000  # Markdown source
QUESTION_TEXT_MAX = 300
HELP_TEXT_MAX = 500
CHOICE_TEXT_MAX = 200
CHOICES_MIN = 2
CHOICES_MAX = 30
RANKING_CHOICES_MAX = 10  # ranking more than ten options asks too much of people
SCALE_LABEL_MAX = 60
QUESTIONS_MAX = 60
SCALE_MIN, SCALE_MAX = 1, 5
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5_000
OTHER_TEXT_MAX = 200


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"  # being built; only its moderators see it
    PUBLISHED = "published"  # public; answerable while a survey phase runs

    @property
    def label(self) -> str:
        return str(SURVEY_STATUS_LABELS[self])


SURVEY_STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("Draft"),
    SurveyStatus.PUBLISHED: _l("Published"),
}


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SCALE = "scale"
    RANKING = "ranking"

    @property
    def label(self) -> str:
        return str(QUESTION_KIND_LABELS[self])

    @property
    def has_choices(self) -> bool:
        return self in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self in TEXT_KINDS


QUESTION_KIND_LABELS = {
    QuestionKind.SINGLE: _l("Single choice"),
    QuestionKind.MULTIPLE: _l("Multiple choice"),
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.SCALE: _l("Scale from 1 to 5"),
    QuestionKind.RANKING: _l("Ranking"),
}
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
OTHER_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})  # may offer "other"


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Survey(TimestampMixin, db.Model):
    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint(f"status in ({_in(SurveyStatus)})", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    introduction: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    introduction_source: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    anonymous_allowed: Mapped[bool] = mapped_column(Boolean, default=False)  # visitors answer
    status: Mapped[str] = mapped_column(String(10), default=SurveyStatus.DRAFT)
    results_public: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # everyone sees the results once the survey phase has ended
    published_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first publication

    process: Mapped[Process] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey",
        order_by="Question.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_published(self) -> bool:
        return self.status == SurveyStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.status}>"


class Question(db.Model):
    __tablename__ = "survey_questions"
    __table_args__ = (
        CheckConstraint(f"kind in ({_in(QuestionKind)})", name="kind"),
        CheckConstraint("min_choices is null or min_choices >= 0", name="min_choices"),
        CheckConstraint(
            "max_choices is null or (max_choices >= 1 and "
            "(min_choices is null or max_choices >= min_choices))",
            name="max_choices",
        ),
        Index("ix_survey_questions_survey_position", "survey_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # 0, 1, 2 … in the survey
    kind: Mapped[str] = mapped_column(String(12))  # a QuestionKind
    text: Mapped[str] = mapped_column(String(QUESTION_TEXT_MAX))  # plain text
    help_text: Mapped[str] = mapped_column(String(HELP_TEXT_MAX), default="")  # plain text
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    min_choices: Mapped[int | None] = mapped_column(Integer)  # multiple: at least (None: 1)
    max_choices: Mapped[int | None] = mapped_column(Integer)  # multiple: at most (None: all)
    scale_min_label: Mapped[str] = mapped_column(String(SCALE_LABEL_MAX), default="")  # at 1
    scale_max_label: Mapped[str] = mapped_column(String(SCALE_LABEL_MAX), default="")  # at 5
    allow_other: Mapped[bool] = mapped_column(Boolean, default=False)  # "other" with a text
    added_after_publish: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # added once responses existed: earlier respondents never saw it

    survey: Mapped[Survey] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(
        back_populates="question",
        order_by="Choice.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def kind_enum(self) -> QuestionKind:
        return QuestionKind(self.kind)

    @property
    def offers_other(self) -> bool:
        return self.allow_other and self.kind_enum in OTHER_KINDS

    @property
    def options_count(self) -> int:
        """What a person can pick: the choices, plus "other" where offered."""
        return len(self.choices) + (1 if self.offers_other else 0)

    @property
    def fewest(self) -> int:
        """Multiple choice: the fewest selections of an answer (when anything is chosen)."""
        return max(1, self.min_choices or 0)

    @property
    def most(self) -> int:
        """Multiple choice: the most selections of an answer."""
        return min(self.max_choices or self.options_count, self.options_count)

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind}>"


class Choice(db.Model):
    __tablename__ = "survey_choices"
    __table_args__ = (Index("ix_survey_choices_question_position", "question_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(CHOICE_TEXT_MAX))  # plain text

    question: Mapped[Question] = relationship(back_populates="choices")


class Response(db.Model):
    """One person's (or one browser's) answers to one survey."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "user_id"),
        UniqueConstraint("survey_id", "anonymous_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # the signed-in respondent (answers stay when an account goes)
    anonymous_key: Mapped[str | None] = mapped_column(
        String(64)
    )  # sha256 of survey and the browser's random id (anonymous answers)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(db.Model):
    """One part of an answer: a chosen or ranked choice, a text, or a scale value."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        CheckConstraint("value is null or value between 1 and 5", name="value"),
        CheckConstraint("rank is null or rank >= 1", name="rank"),
        # The results: counts per choice, distributions per value, respondents per question.
        Index("ix_survey_answers_question_choice", "question_id", "choice_id", "rank"),
        Index("ix_survey_answers_question_value", "question_id", "value"),
        Index("ix_survey_answers_question_response", "question_id", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    choice_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_choices.id", ondelete="CASCADE"), index=True
    )  # a chosen or ranked choice
    text: Mapped[str | None] = mapped_column(Text)  # free text, or the text of "other"
    value: Mapped[int | None] = mapped_column(Integer)  # scale value
    rank: Mapped[int | None] = mapped_column(Integer)  # ranking position, 1 = first

    response: Mapped[Response] = relationship(back_populates="answers")
