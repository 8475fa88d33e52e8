"""The project's base form: CSRF via Flask-WTF, localised messages, trimmed input."""

from __future__ import annotations

from flask_babel import get_locale
from flask_wtf import FlaskForm

from engage.core.text import normalize_text


def _strip(value):
    if isinstance(value, str):
        return normalize_text(value).strip()
    return value


class BaseForm(FlaskForm):
    """All forms derive from this: CSRF protected, NUL-free, trimmed, WTForms messages localised."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            if not unbound_field.kwargs.get("keep_whitespace"):
                filters.insert(0, _strip)
            unbound_field.kwargs.pop("keep_whitespace", None)
            return unbound_field.bind(form=form, filters=filters, **options)

        @property
        def locales(self):
            locale = get_locale()
            return [str(locale)] if locale else ["de"]
