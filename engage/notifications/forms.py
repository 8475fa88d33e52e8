"""The notification settings form: one choice per kind."""

from __future__ import annotations

from wtforms import RadioField

from engage.core.forms import BaseForm
from engage.notifications.models import KIND_LABELS, MODE_LABELS, Mode


def settings_form(current: dict, formdata=None) -> BaseForm:
    """A form with a radio group per kind, preset to ``current`` (kind → mode)."""

    class SettingsForm(BaseForm):
        pass

    for kind, label in KIND_LABELS.items():
        setattr(
            SettingsForm,
            kind.value,
            RadioField(
                label,
                choices=[(m.value, MODE_LABELS[m]) for m in Mode],
                default=current[kind].value,
            ),
        )
    return SettingsForm(formdata=formdata) if formdata is not None else SettingsForm()
