"""Named predicates about surveys: who builds them, who answers now, who sees the results.

* Building: moderators of the organisation that owns the process, and admins
  (:func:`engage.processes.permissions.can_manage_process`).
* Answering: a published survey while a ``survey`` phase of its published process runs; a
  confirmed account of any role answers as a citizen, visitors too where the survey allows
  anonymous answers (:func:`answer_denial` says why not).
* Results: its moderators, the Innovation Unit and admins always; everybody who may see the
  process once the moderators have published the results *and* the survey phase has ended.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from engage.accounts.models import Role
from engage.accounts.permissions import is_signed_in
from engage.core import clock
from engage.processes import phases as actions
from engage.processes.models import Process
from engage.processes.permissions import (
    Denial,
    can_manage_process,
    can_view_process,
    participation_denial,
)
from engage.surveys.models import Survey, SurveyStatus


def can_manage_survey(user: Any, survey: Survey) -> bool:
    """Build, preview and publish: moderators of the process's organisation and admins."""
    return can_manage_process(user, survey.process)


def can_view_survey(user: Any, survey: Survey) -> bool:
    """Published surveys of visible processes: everyone; drafts: those who manage them."""
    if can_manage_survey(user, survey):
        return True
    return survey.status == SurveyStatus.PUBLISHED and can_view_process(user, survey.process)


def answer_denial(user: Any, survey: Survey, at: datetime | None = None) -> Denial | None:
    """``None`` when ``user`` (or a visitor, ``None``) may answer now, else why not."""
    if survey.status != SurveyStatus.PUBLISHED:
        return Denial(_("This survey is not open for answers."), "not_open", 409)
    return participation_denial(
        user,
        survey.process,
        actions.ANSWER_SURVEY,
        anonymous_allowed=survey.anonymous_allowed,
        at=at,
    )


def can_answer(user: Any, survey: Survey, at: datetime | None = None) -> bool:
    return answer_denial(user, survey, at) is None


def answering_ends(process: Process, at: datetime | None = None) -> datetime | None:
    """The end of the running survey phase (until when answers can be changed), if one runs."""
    phase = process.current_phase(at)
    if phase is not None and phase.kind_class.allows(actions.ANSWER_SURVEY):
        return phase.end_dt
    return None


def survey_phase_over(process: Process, at: datetime | None = None) -> bool:
    """Whether a survey phase has ended and none runs or is still to come."""
    at = at or clock.now()
    windows = [p for p in process.phases if p.kind_class.allows(actions.ANSWER_SURVEY)]
    return bool(windows) and all(p.end_dt <= at for p in windows)


def sees_results_always(user: Any, survey: Survey) -> bool:
    """Its moderators, the Innovation Unit and admins see results (and exports) at any time."""
    if not is_signed_in(user):
        return False
    return user.role == Role.INNOVATION or can_manage_survey(user, survey)


def can_see_results(user: Any, survey: Survey, at: datetime | None = None) -> bool:
    """Staff as above; everyone else once the results are public and the survey phase is over."""
    if sees_results_always(user, survey):
        return True
    return (
        survey.status == SurveyStatus.PUBLISHED
        and survey.results_public
        and can_view_process(user, survey.process)
        and survey_phase_over(survey.process, at)
    )


def can_export_responses(user: Any, survey: Survey) -> bool:
    """The anonymised responses (CSV, XLSX): staff who see the results at any time.

    Free texts may still carry something personal a respondent wrote, so the raw responses stay
    with the people who evaluate them; everybody else gets the aggregated results.
    """
    return sees_results_always(user, survey)
