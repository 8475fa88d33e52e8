"""Language choice: the switch (session), then the profile, then the browser; German default."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import LazyString, format_decimal
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, mails outside a request: the platform's default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):  # the API ignores the session, language included
        return (
            request.accept_languages.best_match(languages)
            or current_app.config["BABEL_DEFAULT_LOCALE"]
        )
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def lazy_number(value: float) -> LazyString:
    """A number formatted in the locale of the moment it is shown (for ``_l`` placeholders:
    ``_l("At most %(max)s characters.", max=lazy_number(5000))`` → "5.000" / "5,000")."""
    return LazyString(format_decimal, value)
