"""Outgoing e-mail over SMTP; without ``MAIL_SERVER`` mails are written to the log."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger("engage.mail")


class MailError(RuntimeError):
    """The mail could not be handed to the SMTP server."""


def build_message(
    to: str, subject: str, text: str, html: str | None = None, headers: dict[str, str] | None = None
) -> EmailMessage:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="engage.bochum.de")
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


def send_mail(
    to: str, subject: str, text: str, html: str | None = None, headers: dict[str, str] | None = None
) -> None:
    """Send one mail now. Raises :class:`MailError` when the server refuses or is away."""
    msg = build_message(to, subject, text, html, headers)
    cfg = current_app.config
    if not cfg["MAIL_SERVER"]:
        log.warning("mail (no MAIL_SERVER configured, not sent):\n%s", msg.as_string())
        current_app.extensions.setdefault("engage.outbox", []).append(msg)
        return
    try:
        if cfg["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(
                cfg["MAIL_SERVER"],
                cfg["MAIL_PORT"],
                timeout=cfg["MAIL_TIMEOUT"],
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
        with smtp:
            if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send mail to %s: %s", to, exc)
        raise MailError(str(exc)) from exc
