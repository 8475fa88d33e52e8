"""Forms of bundles, decisions and projects; the operations check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from engage.bundles.models import (
    OUTCOME_LABELS,
    PROJECT_STATUS_LABELS,
    RATIONALE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    UPDATE_MAX,
)
from engage.core.forms import BaseForm


class BundleForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[InputRequired()], render_kw={"maxlength": TITLE_MAX}
    )
    theme_id = SelectField(_l("Theme"), coerce=str, validate_choice=False)
    organisation_id = SelectField(_l("Organisation"), coerce=str, validate_choice=False)
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 4, "maxlength": SUMMARY_MAX})
    recommendation = TextAreaField(_l("Recommendation"), render_kw={"rows": 8})


class BundleEditForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[InputRequired()], render_kw={"maxlength": TITLE_MAX}
    )
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 4, "maxlength": SUMMARY_MAX})
    recommendation = TextAreaField(_l("Recommendation"), render_kw={"rows": 8})


class DecisionForm(BaseForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[(key.value, label) for key, label in OUTCOME_LABELS.items()],
        validators=[InputRequired()],
        validate_choice=False,
    )
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[InputRequired()],
        render_kw={"rows": 6, "maxlength": RATIONALE_MAX},
    )
    project_id = SelectField(_l("Existing project"), coerce=str, validate_choice=False)


class ProjectForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[InputRequired()], render_kw={"maxlength": TITLE_MAX}
    )
    description = TextAreaField(_l("Description"), render_kw={"rows": 8})
    organisation_id = SelectField(_l("Lead organisation"), coerce=str, validate_choice=False)


class ProjectUpdateForm(BaseForm):
    text = TextAreaField(
        _l("Progress"), validators=[InputRequired()], render_kw={"rows": 5, "maxlength": UPDATE_MAX}
    )
    status = SelectField(
        _l("New status"),
        choices=[("", _l("unchanged"))]
        + [(key.value, label) for key, label in PROJECT_STATUS_LABELS.items()],
        validate_choice=False,
    )


class AddIdeaForm(BaseForm):
    idea_id = HiddenField()
