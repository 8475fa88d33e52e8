"""The account mails: texts from templates/mail/*.txt in the recipient's language."""

from __future__ import annotations

import logging

from flask import current_app, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from engage.accounts import signing
from engage.accounts.models import User
from engage.core.mail import MailError, send_mail

log = logging.getLogger(__name__)

SUBJECTS = {
    "confirm": _l("Please confirm your e-mail address"),
    "register_notice": _l("Someone tried to register with your e-mail address"),
    "already_confirmed": _l("Your e-mail address is already confirmed"),
    "reset": _l("Reset your password"),
    "no_account_reset": _l("Password reset requested"),
    "no_account_confirm": _l("Confirmation link requested"),
    "password_changed": _l("Your password was changed"),
}


def _locale_for(user: User | None) -> str:
    languages = current_app.config["LANGUAGES"]
    if user is not None and user.locale in languages:
        return user.locale
    current = str(get_locale() or "")
    return current if current in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def send_account_mail(kind: str, to: str, user: User | None = None, **context) -> None:
    """Render ``templates/mail/<kind>.txt`` in the recipient's language and send it.

    Raises :class:`engage.core.mail.MailError` when the mail server cannot take it.
    """
    with force_locale(_locale_for(user)):
        subject = str(SUBJECTS[kind])
        text = render_template(f"mail/{kind}.txt", user=user, **context)
    send_mail(to, subject, text)


def send_confirmation(user: User) -> None:
    link = url_for("accounts.confirm", token=signing.confirm_token(user), _external=True)
    send_account_mail(
        "confirm",
        user.email,
        user,
        link=link,
        hours=current_app.config["CONFIRM_LINK_MAX_AGE"] // 3600,
    )


def send_register_notice(user: User) -> None:
    send_account_mail(
        "register_notice",
        user.email,
        user,
        login_link=url_for("accounts.login", _external=True),
        reset_link=url_for("accounts.reset_request", _external=True),
    )


def send_already_confirmed(user: User) -> None:
    send_account_mail(
        "already_confirmed",
        user.email,
        user,
        login_link=url_for("accounts.login", _external=True),
        reset_link=url_for("accounts.reset_request", _external=True),
    )


def send_reset(user: User) -> None:
    link = url_for("accounts.reset_password", token=signing.reset_token(user), _external=True)
    send_account_mail(
        "reset",
        user.email,
        user,
        link=link,
        minutes=current_app.config["RESET_LINK_MAX_AGE"] // 60,
    )


def send_no_account(email: str, purpose: str) -> None:
    """Tell the owner of an unknown address that someone asked for a link for it."""
    send_account_mail(
        f"no_account_{purpose}",
        email,
        None,
        register_link=url_for("accounts.register", _external=True),
    )


def send_password_changed(user: User) -> None:
    """A courtesy notice; failures are only logged (the change itself has happened)."""
    try:
        send_account_mail(
            "password_changed",
            user.email,
            user,
            reset_link=url_for("accounts.reset_request", _external=True),
        )
    except MailError:
        log.warning("could not send the password change notice to user %s", user.id)
