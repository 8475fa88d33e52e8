"""Phase kinds of the ideas area."""

from flask_babel import lazy_gettext as _l

from engage.processes.phases import COMMENT, SUBMIT_IDEA, SUPPORT, PhaseKind, register


@register
class IdeasPhase(PhaseKind):
    key = "ideas"
    label = _l("Collecting ideas")
    description = _l("Submit ideas, support and discuss them.")
    actions = frozenset({SUBMIT_IDEA, SUPPORT, COMMENT})


@register
class SupportPhase(PhaseKind):
    key = "support"
    label = _l("Supporting")
    description = _l("Support and discuss the submitted ideas.")
    actions = frozenset({SUPPORT, COMMENT})
