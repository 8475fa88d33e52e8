"""Phase kinds of the drafts area."""

from flask_babel import lazy_gettext as _l

from engage.processes.phases import COMMENT_DRAFT, PhaseKind, register


@register
class CommentPhase(PhaseKind):
    key = "comment"
    label = _l("Commenting on a draft")
    description = _l("Comment on the draft paragraph by paragraph.")
    actions = frozenset({COMMENT_DRAFT})
