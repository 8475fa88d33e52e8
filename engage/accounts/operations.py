"""Account use cases: register, confirm, sign in, passwords, profile, second factor, tokens,
data export and deletion. They validate, change, flush and audit; the caller commits."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyotp
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from engage.accounts import audit
from engage.accounts.models import (
    AGE_BRACKETS,
    ApiToken,
    AuditEvent,
    OrganisationMembership,
    Role,
    User,
)
from engage.accounts.passwords import check_password, find_user_by_email, hash_password
from engage.accounts.tokens import create_api_token, revoke_api_token
from engage.accounts.validation import (
    normalize_display_name,
    normalize_email,
    password_problem,
)
from engage.core import clock
from engage.core.districts import DISTRICTS
from engage.extensions import db

# Later areas (ideas, comments, supports, surveys …) add their part of "download my data":
# a function ``user -> (section name, JSON-ready value)``.
DATA_EXPORTERS: list[Callable[[User], tuple[str, Any]]] = []
# … and what must happen to their rows when an account is deleted (runs before anonymising).
ACCOUNT_DELETION_HOOKS: list[Callable[[User], None]] = []

MAX_ACTIVE_TOKENS = 25
MAX_TOKEN_DAYS = 730
TOTP_ISSUER = "engage Bochum"


MESSAGES = {
    "wrong_password": _l("The current password is not correct."),
    "unknown_language": _l("Please choose one of the offered languages."),
    "token_name": _l("The name must have between 1 and 80 characters."),
    "token_expiry": _l("The validity must be between 1 and %(max)d days.", max=MAX_TOKEN_DAYS),
    "too_many_tokens": _l(
        "You have %(max)d valid tokens already. Please revoke one you no longer need.",
        max=MAX_ACTIVE_TOKENS,
    ),
    "last_admin": _l(
        "You are the last administrator. Please make someone else an administrator first."
    ),
    "unknown_role": _l("Unknown role."),
    "citizen_organisation": _l("Only staff accounts can belong to organisations."),
    "unknown_organisation": _l("Unknown organisation."),
    "email_taken": _l("An account with this e-mail address exists already."),
}


class AccountError(ValueError):
    """A use case refused its input; ``field`` names the input at fault."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message  # a (lazy) translated message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def register_data_exporter(func: Callable[[User], tuple[str, Any]]) -> Callable:
    """Decorator for an area's section of the data export."""
    DATA_EXPORTERS.append(func)
    return func


def register_deletion_hook(func: Callable[[User], None]) -> Callable:
    """Decorator for an area's part of deleting an account."""
    ACCOUNT_DELETION_HOOKS.append(func)
    return func


def email_fingerprint(email: str) -> str:
    """A keyed hash of an address, so that failed sign-ins can be grouped without storing it."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else b""
    digest = hmac.new(key, (email or "").strip().lower().encode("utf-8", "replace"), "sha256")
    return digest.hexdigest()[:16]


# --- registration and confirmation -------------------------------------------------------------


@dataclass
class Registration:
    """The outcome of a registration: a new account, or the one that had the address already."""

    user: User
    created: bool


def register_user(
    email: str, display_name: str, password: str, *, locale: str | None
) -> Registration:
    """Create an unconfirmed account, or return the existing one for that address.

    The password is hashed in both cases, so that both take the same time.
    """
    try:
        email = normalize_email(email)
    except ValueError as exc:
        raise AccountError(exc.args[0], "email") from exc
    try:
        display_name = normalize_display_name(display_name)
    except ValueError as exc:
        raise AccountError(exc.args[0], "display_name") from exc
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        return Registration(existing, created=False)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=password_hash,
        role=Role.CITIZEN,
        locale=locale,
        session_version=1,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        # Registered at the same moment by another request.
        existing = find_user_by_email(email)
        if existing is None:
            raise
        return Registration(existing, created=False)
    audit.record("registered", actor=user, subject=user)
    return Registration(user, created=True)


def confirm_email(user: User) -> bool:
    """Mark the address as confirmed; False when it already was."""
    if user.email_confirmed_dt is not None:
        return False
    user.email_confirmed_dt = clock.now()
    audit.record("email_confirmed", actor=user, subject=user)
    return True


def create_user(
    *,
    email: str,
    password: str,
    display_name: str,
    role: str = Role.CITIZEN,
    organisations: tuple[str, ...] | list[str] = (),
    all_organisations: bool = False,
    actor: User | None = None,
    via: str = "cli",
) -> User:
    """An account with confirmed address, for operators (CLI, admin); raises AccountError."""
    from engage.organisations.models import Organisation

    try:
        email = normalize_email(email)
    except ValueError as exc:
        raise AccountError(exc.args[0], "email") from exc
    try:
        display_name = normalize_display_name(display_name)
    except ValueError as exc:
        raise AccountError(exc.args[0], "name") from exc
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    if role not in {r.value for r in Role}:
        raise AccountError(MESSAGES["unknown_role"], "role")
    if (organisations or all_organisations) and role == Role.CITIZEN:
        raise AccountError(MESSAGES["citizen_organisation"], "organisation")
    orgs = []
    for slug in dict.fromkeys(organisations):
        org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise AccountError(f"{MESSAGES['unknown_organisation']} ({slug})", "organisation")
        orgs.append(org)
    if find_user_by_email(email) is not None:
        raise AccountError(MESSAGES["email_taken"], "email")
    now = clock.now()
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        all_organisations=all_organisations,
        email_confirmed_dt=now,
        session_version=1,
    )
    db.session.add(user)
    for org in orgs:
        user.memberships.append(OrganisationMembership(organisation=org, created_dt=now))
    db.session.flush()
    audit.record(
        "user_created",
        actor=actor,
        subject=user,
        role=role,
        organisations=[org.slug for org in orgs],
        via=via,
    )
    return user


# --- signing in and out ------------------------------------------------------------------------


def record_login(user: User, *, second_factor: bool) -> None:
    user.last_login_dt = clock.now()
    audit.record("login", actor=user, subject=user, second_factor=second_factor)


def record_failed_login(email: str, user: User | None, reason: str) -> None:
    """Audit a failed sign-in; an unknown address is kept only as a keyed hash."""
    if user is not None:
        audit.record("login_failed", subject=user, reason=reason)
    else:
        audit.record("login_failed", reason=reason, email_hash=email_fingerprint(email))


def record_logout(user: User) -> None:
    """Sign-out ends the session for good: sessions are signed cookies that any instance
    accepts, so a copy of the cookie (another tab, a stolen one) must stop working too. This
    ends the account's sessions on every device, as a password change does."""
    audit.record("logout", actor=user, subject=user)
    user.session_version = (user.session_version or 1) + 1


# --- passwords ---------------------------------------------------------------------------------


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(password)
    # Ends every other session and "stay signed in" cookie of this account.
    user.session_version = (user.session_version or 1) + 1


def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link (which proves the address, too)."""
    _set_password(user, password)
    audit.record("password_reset", actor=user, subject=user)
    confirm_email(user)


def change_password(user: User, current_password: str, password: str) -> None:
    """Change the password in the profile; the current one is needed."""
    if not check_password(user, current_password):
        raise AccountError(MESSAGES["wrong_password"], "current_password")
    _set_password(user, password)
    audit.record("password_changed", actor=user, subject=user)


# --- profile -----------------------------------------------------------------------------------


def update_profile(
    user: User,
    *,
    display_name: str,
    locale: str,
    consent: bool,
    district: str | None,
    age_bracket: str | None,
) -> None:
    """Name, language and the optional profile, which is kept only with consent."""
    try:
        display_name = normalize_display_name(display_name)
    except ValueError as exc:
        raise AccountError(exc.args[0], "display_name") from exc
    if locale not in current_app.config["LANGUAGES"]:
        raise AccountError(MESSAGES["unknown_language"], "locale")
    user.display_name = display_name
    user.locale = locale
    if consent:
        if user.profile_consent_dt is None:
            user.profile_consent_dt = clock.now()
            audit.record("profile_consent_given", actor=user, subject=user)
        user.district = district if district in DISTRICTS else None
        user.age_bracket = age_bracket if age_bracket in AGE_BRACKETS else None
    else:
        if user.profile_consent_dt is not None:
            audit.record("profile_consent_withdrawn", actor=user, subject=user)
        user.profile_consent_dt = None
        user.district = None
        user.age_bracket = None


# --- second factor -----------------------------------------------------------------------------

TOTP_INTERVAL = 30


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email or "", issuer_name=TOTP_ISSUER)


def _current_step() -> int:
    return int(clock.now().timestamp()) // TOTP_INTERVAL


def matching_step(secret: str, code: str, *, after: int | None = None) -> int | None:
    """The time step (now ±1) whose code is ``code`` and that is later than ``after``."""
    code = "".join((code or "").split())
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    now = _current_step()
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if after is not None and step <= after:
                return None  # this code (or a later one) was used already: a replay
            return step
    return None


def verify_totp(user: User, code: str) -> bool:
    """Check a code of the user's active second factor, refusing replays."""
    step = matching_step(user.totp_secret or "", code, after=user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def enable_totp(user: User, secret: str, code: str) -> bool:
    """Activate the second factor once a code of the new secret is confirmed."""
    step = matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_enabled_dt = clock.now()
    user.totp_last_step = step
    audit.record("totp_enabled", actor=user, subject=user)
    return True


def can_disable_totp(user: User) -> bool:
    return not (user.is_staff and current_app.config["STAFF_2FA_REQUIRED"])


def disable_totp(user: User, code: str) -> bool:
    """Switch the second factor off with a current code (not for staff when it's required)."""
    if not user.has_totp or not can_disable_totp(user):
        return False
    if not verify_totp(user, code):
        return False
    user.totp_secret = None
    user.totp_enabled_dt = None
    user.totp_last_step = None
    audit.record("totp_disabled", actor=user, subject=user)
    return True


# --- API tokens --------------------------------------------------------------------------------


def create_token(
    user: User, name: str, expires_days: int | None, *, actor: User | None = None
) -> tuple[ApiToken, str]:
    """A new API token (plaintext returned once); limits the number of valid tokens."""
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 80:
        raise AccountError(MESSAGES["token_name"], "name")
    if expires_days is not None and not 1 <= expires_days <= MAX_TOKEN_DAYS:
        raise AccountError(MESSAGES["token_expiry"], "expires_days")
    now = clock.now()
    active = db.session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_dt.is_(None),
            or_(ApiToken.expires_dt.is_(None), ApiToken.expires_dt > now),
        )
    )
    if active >= MAX_ACTIVE_TOKENS:
        raise AccountError(MESSAGES["too_many_tokens"], "name")
    return create_api_token(user, name, expires_days, actor=actor)


def revoke_token(token: ApiToken, *, actor: User | None = None) -> None:
    revoke_api_token(token, actor=actor)


# --- download my data --------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _export_profile(user: User) -> tuple[str, Any]:
    return "profile", {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "locale": user.locale,
        "district": user.district,
        "age_bracket": user.age_bracket,
        "profile_consent_at": _iso(user.profile_consent_dt),
        "email_confirmed_at": _iso(user.email_confirmed_dt),
        "registered_at": _iso(user.created_dt),
        "last_login_at": _iso(user.last_login_dt),
        "second_factor_enabled_at": _iso(user.totp_enabled_dt),
    }


def _export_memberships(user: User) -> tuple[str, Any]:
    return "memberships", {
        "all_organisations": user.all_organisations,
        "organisations": [
            {
                "slug": m.organisation.slug,
                "name": m.organisation.name,
                "since": _iso(m.created_dt),
            }
            for m in user.memberships
        ],
    }


def _export_tokens(user: User) -> tuple[str, Any]:
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    return "api_tokens", [
        {
            "id": t.id,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": _iso(t.created_dt),
            "expires_at": _iso(t.expires_dt),
            "last_used_at": _iso(t.last_used_dt),
            "revoked_at": _iso(t.revoked_dt),
        }
        for t in tokens
    ]


def _export_audit(user: User) -> tuple[str, Any]:
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.subject_id == user.id, AuditEvent.actor_id == user.id))
        .order_by(AuditEvent.id)
    )
    return "account_events", [
        {
            "at": _iso(e.created_dt),
            "event": e.event,
            "by_me": e.actor_id == user.id,
            "about_me": e.subject_id == user.id,
            "ip": e.ip,
            "details": e.details or {},
        }
        for e in events
    ]


DATA_EXPORTERS.extend([_export_profile, _export_memberships, _export_tokens, _export_audit])


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, section by section (GDPR Art. 15/20)."""
    data: dict[str, Any] = {
        "format": "engage-user-data/1",
        "exported_at": clock.now().isoformat(),
    }
    for exporter in DATA_EXPORTERS:
        name, value = exporter(user)
        data[name] = value
    audit.record("data_exported", actor=user, subject=user)
    return data


# --- deleting an account -----------------------------------------------------------------------


def is_last_admin(user: User) -> bool:
    if user.role != Role.ADMIN:
        return False
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.id != user.id, User.deleted_dt.is_(None))
    )
    return not others


def delete_account(user: User, *, actor: User | None = None) -> None:
    """Anonymise the account: personal data goes, content stays as "deleted account"."""
    if user.is_deleted:
        return
    if is_last_admin(user):
        raise AccountError(MESSAGES["last_admin"])
    for hook in ACCOUNT_DELETION_HOOKS:
        hook(user)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    user.memberships.clear()
    user.email = None
    user.password_hash = None
    user.display_name = ""
    user.role = Role.CITIZEN
    user.all_organisations = False
    user.locale = None
    user.district = None
    user.age_bracket = None
    user.profile_consent_dt = None
    user.totp_secret = None
    user.totp_enabled_dt = None
    user.totp_last_step = None
    user.deleted_dt = clock.now()
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()
    audit.record("account_deleted", actor=actor or user, subject=user)
