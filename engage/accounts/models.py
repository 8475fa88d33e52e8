"""People, their roles and organisation memberships, API tokens and the account audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import TimestampMixin, UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.organisations.models import Organisation


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    MODERATOR = "moderator"
    INNOVATION = "innovation"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def is_staff(self) -> bool:
        return self is not Role.CITIZEN


ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.MODERATOR: _l("Moderator"),
    Role.INNOVATION: _l("Innovation Unit"),
    Role.ADMIN: _l("Administrator"),
}

AGE_BRACKETS = ("under_18", "18_29", "30_44", "45_59", "60_74", "75_plus")
AGE_BRACKET_LABELS = {
    "under_18": _l("under 18"),
    "18_29": _l("18 to 29"),
    "30_44": _l("30 to 44"),
    "45_59": _l("45 to 59"),
    "60_74": _l("60 to 74"),
    "75_plus": _l("75 and older"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(
        String(254), unique=True
    )  # lower-case; None once the account is deleted
    password_hash: Mapped[str | None] = mapped_column(String(255))  # scrypt via werkzeug
    display_name: Mapped[str] = mapped_column(String(60))  # public name shown with content
    role: Mapped[str] = mapped_column(String(20), default=Role.CITIZEN, index=True)
    all_organisations: Mapped[bool] = mapped_column(Boolean, default=False)  # moderator of all
    locale: Mapped[str | None] = mapped_column(String(5))  # preferred language, None = browser
    email_confirmed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optional profile, asked with explicit consent and used only in aggregate.
    district: Mapped[str | None] = mapped_column(String(20))
    age_bracket: Mapped[str | None] = mapped_column(String(20))
    profile_consent_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Second factor (TOTP) for staff; the last used time step blocks replays.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Bumped on password change, reset and "sign out everywhere": older sessions end.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # anonymised account

    memberships: Mapped[list[OrganisationMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        # The session carries the version so that a password change ends other sessions.
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.deleted_dt is None and self.email_confirmed_dt is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_dt is not None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_staff(self) -> bool:
        return self.role_enum.is_staff

    @property
    def has_totp(self) -> bool:
        return self.totp_enabled_dt is not None

    @property
    def public_name(self) -> str:
        from flask_babel import gettext

        return gettext("deleted account") if self.is_deleted else self.display_name

    @property
    def organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class OrganisationMembership(db.Model):
    """A staff member's membership of an organisation: scopes what a moderator may do."""

    __tablename__ = "organisation_memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # what the owner calls it
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise it
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def is_valid(self, at: datetime) -> bool:
        return self.revoked_dt is None and (self.expires_dt is None or self.expires_dt > at)


class AuditEvent(db.Model):
    """Append-only log of sign-ins, role and membership changes and other account events."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(40), index=True)  # e.g. login, role_changed
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # who did it
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # whom it concerns
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
