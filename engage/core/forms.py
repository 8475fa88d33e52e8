"""The project's base form: CSRF via Flask-WTF, localised messages, trimmed input."""

from __future__ import annotations

from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from engage.core.text import normalize_text


def _strip(value):
    if isinstance(value, str):
        return normalize_text(value).strip()
    return value


class BaseForm(FlaskForm):
    """All forms derive from this: CSRF protected, NUL-free, trimmed, WTForms messages localised."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # The unbound field is shared by every instance of the form class: copy, never pop.
            kwargs = dict(unbound_field.kwargs)
            filters = list(kwargs.pop("filters", ()))
            if not kwargs.pop("keep_whitespace", False):
                filters.insert(0, _strip)
            field = UnboundField(
                unbound_field.field_class, *unbound_field.args, **kwargs, filters=filters
            )
            return field.bind(form=form, **options)

        @property
        def locales(self):
            locale = get_locale()
            return [str(locale)] if locale else ["de"]
