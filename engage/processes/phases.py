"""Phase kinds: registered classes that declare what participants may do in a phase.

A phase row is data (kind, start, end, position); its kind is looked up here.  Areas that add
kinds define them in their own ``phases.py`` and register them with :func:`register`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The actions a phase can allow.
SUBMIT_IDEA = "submit_idea"
SUPPORT = "support"
COMMENT = "comment"
ANSWER_SURVEY = "answer_survey"
COMMENT_DRAFT = "comment_draft"
SEE_RESULTS = "see_results"

ACTIONS = (SUBMIT_IDEA, SUPPORT, COMMENT, ANSWER_SURVEY, COMMENT_DRAFT, SEE_RESULTS)


class PhaseKind:
    """What a kind of phase is called and what participants may do while it runs."""

    key: str = ""
    label = _l("Phase")
    description = _l("A period of the participation.")
    actions: frozenset[str] = frozenset()

    @classmethod
    def allows(cls, action: str) -> bool:
        return action in cls.actions


_registry: dict[str, type[PhaseKind]] = {}


def register(kind: type[PhaseKind]) -> type[PhaseKind]:
    """Class decorator: make a phase kind known under its key."""
    if not kind.key:
        raise ValueError("a phase kind needs a key")
    _registry[kind.key] = kind
    return kind


def get_kind(key: str) -> type[PhaseKind]:
    return _registry[key]


def kinds() -> dict[str, type[PhaseKind]]:
    return dict(_registry)


def kind_choices() -> list[tuple[str, str]]:
    return [(key, str(kind.label)) for key, kind in _registry.items()]


@register
class EvaluationPhase(PhaseKind):
    key = "evaluation"
    label = _l("Evaluation")
    description = _l("Contributions are evaluated; the results are shown.")
    actions = frozenset({SEE_RESULTS})
