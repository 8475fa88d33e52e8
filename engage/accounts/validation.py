"""Rules for e-mail addresses, display names and passwords, shared by web forms and the CLI."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from engage.core.text import normalize_line

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 60
MAX_EMAIL_LENGTH = 254

_COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What people append to a common word to pass naive rules: digits, punctuation, spaces.
_TRAILING_DECORATION = re.compile(r"[\d\W_]+$")
_LEADING_DECORATION = re.compile(r"^[\d\W_]+")

MESSAGES = {
    "password_short": _l(
        "The password must have at least %(min)d characters.", min=MIN_PASSWORD_LENGTH
    ),
    "password_long": _l(
        "The password must have at most %(max)d characters.", max=MAX_PASSWORD_LENGTH
    ),
    "password_control": _l("The password must not contain control characters."),
    "password_common": _l(
        "This password is too common and easy to guess. Please choose a less obvious one."
    ),
    "password_email": _l("The password must not contain your e-mail address."),
    "email_invalid": _l("Please enter a valid e-mail address."),
    "email_long": _l(
        "The e-mail address must have at most %(max)d characters.", max=MAX_EMAIL_LENGTH
    ),
    "name_length": _l(
        "The name must have between %(min)d and %(max)d characters.",
        min=MIN_NAME_LENGTH,
        max=MAX_NAME_LENGTH,
    ),
}

PASSWORD_HINT = _l(
    "At least %(min)d characters. Not a common password, and not containing your e-mail "
    "address. A few unrelated words make a good password.",
    min=MIN_PASSWORD_LENGTH,
)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, read once on first use."""
    with _COMMON_PASSWORDS_FILE.open(encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        )


def is_common_password(password: str) -> bool:
    """True for a listed password, also with digits or punctuation added before or after."""
    listed = common_passwords()
    candidate = unicodedata.normalize("NFC", password).strip().lower()
    if candidate in listed:
        return True
    core = _LEADING_DECORATION.sub("", _TRAILING_DECORATION.sub("", candidate))
    # "sommer2026!" or "!!passwort" are no better than the word itself.
    if len(core) >= 4 and core in listed:
        return True
    return candidate.replace(" ", "") in listed


def email_local_part(email: str) -> str:
    return (email or "").rpartition("@")[0]


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why ``password`` may not be used (a lazy message), or None when it is fine."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return MESSAGES["password_short"]
    if len(password) > MAX_PASSWORD_LENGTH:
        return MESSAGES["password_long"]
    if _CONTROL.search(password):
        return MESSAGES["password_control"]
    if is_common_password(password):
        return MESSAGES["password_common"]
    local = email_local_part(email or "").lower()
    if len(local) >= 3 and local in password.lower():
        return MESSAGES["password_email"]
    return None


def normalize_email(raw: str) -> str:
    """The address as stored (trimmed, lower-case); raises ValueError with a message if bad."""
    email = (raw or "").strip().lower()
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValueError(MESSAGES["email_long"])
    if _CONTROL.search(email):
        raise ValueError(MESSAGES["email_invalid"])
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(MESSAGES["email_invalid"]) from exc
    return email


def normalize_display_name(raw: str) -> str:
    """The public name as stored (one line, collapsed spaces); raises ValueError if bad."""
    name = normalize_line(raw or "")
    if not MIN_NAME_LENGTH <= len(name) <= MAX_NAME_LENGTH:
        raise ValueError(MESSAGES["name_length"])
    return name
