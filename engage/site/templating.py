"""Jinja helpers: localised dates and numbers in Europe/Berlin, labels, the language switch."""

from __future__ import annotations

from flask import request
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from jinja2 import pass_context

from engage.core.districts import DISTRICT_LABELS
from engage.core.text import safe

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def _format_datetime(value, fmt: str | None = None) -> str:
    """Date and time in Europe/Berlin: "04.05.2026, 12:00" / "May 4, 2026, 12:00 PM"."""
    if not value:
        return ""
    if fmt:
        return format_datetime(value, fmt)
    return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"


@pass_context  # never folded into a constant when the template is compiled (the locale)
def _format_number(_context, value, digits: int | None = None) -> str:
    """A number in the page's locale: "1.234,5" / "1,234.5"; ``digits`` fixes the decimals
    (coordinates: ``idea.lat|number(5)``). A literal such as ``{{ 2000|number }}`` is formatted
    at every rendering, in that request's language."""
    if digits is None:
        return format_decimal(value or 0)
    return format_decimal(value or 0, format="#,##0." + "0" * digits)


def register_template_helpers(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")  # {% trans %} via Flask-Babel
    app.jinja_env.filters["datetime"] = _format_datetime
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["number"] = _format_number
    app.jinja_env.filters["sanitised"] = safe
    app.jinja_env.filters["district"] = lambda key: str(DISTRICT_LABELS.get(key, key or ""))

    _register_permission_globals(app)

    @app.context_processor
    def inject_globals():
        return {
            "current_locale": str(get_locale() or "de"),
            "language_names": LANGUAGE_NAMES,
            "languages": app.config["LANGUAGES"],
            "request_path": request.full_path.rstrip("?") if request else "/",
        }


def _register_permission_globals(app) -> None:
    """The named permission predicates, for templates (the same functions views call)."""
    from engage.accounts import permissions as account_permissions
    from engage.processes import permissions as process_permissions

    names = (
        (
            account_permissions,
            (
                "is_staff",
                "is_admin",
                "can_moderate_organisation",
                "can_moderate_anything",
                "can_read_reports",
                "can_manage_users",
            ),
        ),
        (
            process_permissions,
            (
                "can_view_process",
                "can_manage_process",
                "can_create_process",
                "can_submit_idea",
                "can_support",
                "can_comment",
                "can_answer_survey",
                "can_comment_draft",
                "participation_denial",
            ),
        ),
    )
    for module, predicates in names:
        for name in predicates:
            app.jinja_env.globals[name] = getattr(module, name)
