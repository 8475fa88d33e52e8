"""Phase kinds of the surveys area."""

from flask_babel import lazy_gettext as _l

from engage.processes.phases import ANSWER_SURVEY, PhaseKind, register


@register
class SurveyPhase(PhaseKind):
    key = "survey"
    label = _l("Survey")
    description = _l("Answer the survey.")
    actions = frozenset({ANSWER_SURVEY})
