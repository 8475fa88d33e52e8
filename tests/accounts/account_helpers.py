"""Helpers for the account tests: registering through the web, codes, a refusing mail server."""

from __future__ import annotations

import re
import socket

import pyotp
from conftest import PASSWORD

from engage.core import clock as clock_module

NEW_PASSWORD = "Ruhrgebiet-Zeche-Zollverein-7"


def register_form(email: str, **overrides) -> dict:
    data = {
        "email": email,
        "display_name": "Erika Musterfrau",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "consent": "y",
    }
    data.update(overrides)
    return data


def totp_code(secret: str, offset: int = 0) -> str:
    """The code of ``secret`` for the current step of the platform's clock (± ``offset``)."""
    step = int(clock_module.now().timestamp()) // 30 + offset
    return pyotp.TOTP(secret).generate_otp(step)


def english(client) -> None:
    """Pages (and the mails they send) in English, whatever the translations say."""
    with client.session_transaction() as sess:
        sess["lang"] = "en"


def csrf_free(html: str) -> str:
    """The page without its CSRF tokens (they differ from request to request)."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', 'name="csrf_token"', html)


def only_link(mailbox, address: str, contains: str) -> str:
    messages = mailbox.to(address)
    assert len(messages) == 1, [m["Subject"] for m in messages]
    links = [link for link in mailbox.links(messages[0]) if contains in link]
    assert len(links) == 1, links
    return links[0]


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def refuse_mail(app, monkeypatch) -> int:
    """Point the app at a port where nobody listens: sending fails at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    return port
