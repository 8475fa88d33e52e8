"""Fixtures of the survey tests; test modules take them with ``from survey_fixtures import *``.

(Not a conftest.py: a second module named ``conftest`` would shadow tests/conftest.py for the
``from conftest import …`` lines of other test directories.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage.surveys import operations as ops
from engage.surveys.models import Survey, SurveyStatus
from engage.surveys.operations import AnswerInput

DAY = timedelta(days=1)
FROZEN_AT = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # as tests/conftest.py

# Survey phase windows relative to FROZEN_AT: the clock stands before, during or after it.
WINDOWS = {
    "before": (FROZEN_AT + 2 * DAY, FROZEN_AT + 9 * DAY),
    "during": (FROZEN_AT - 2 * DAY, FROZEN_AT + 9 * DAY),
    "after": (FROZEN_AT - 9 * DAY, FROZEN_AT - 2 * DAY),
}

# One question of every kind (the shape make_survey takes).
EVERY_KIND: list[dict[str, Any]] = [
    {"kind": "single", "text": "Wie kommen Sie zur Arbeit?", "required": True,
     "choices": ["Bus", "Rad", "Auto"], "allow_other": True},
    {"kind": "multiple", "text": "Was fehlt an Ihrer Haltestelle?", "required": True,
     "choices": ["Dach", "Bank", "Anzeige", "Licht"], "min_choices": 2, "max_choices": 3,
     "allow_other": True},
    {"kind": "short_text", "text": "Welche Haltestelle nutzen Sie?", "required": True},
    {"kind": "long_text", "text": "Was möchten Sie uns sagen?", "required": False},
    {"kind": "scale", "text": "Wie zufrieden sind Sie?", "required": True,
     "scale_min_label": "gar nicht", "scale_max_label": "sehr"},
    {"kind": "ranking", "text": "Was ist am wichtigsten?", "required": True,
     "choices": ["Takt", "Preis", "Sauberkeit"]},
]  # fmt: skip


__all__ = [
    "DAY",
    "EVERY_KIND",
    "FROZEN_AT",
    "WINDOWS",
    "_request_context",
    "client",
    "make_survey",
    "survey",
    "survey_process",
]


@pytest.fixture(autouse=True)
def _request_context(app, session):
    """Operations speak to people: their messages need a request (locale); English here."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def client(app):
    """The test client, reading the pages in English (the platform's default is German)."""
    test_client = app.test_client()
    with test_client.session_transaction() as sess:
        sess["lang"] = "en"
    return test_client


@pytest.fixture
def survey_process(make_process, clock):
    """A published BOGESTRA process in its survey phase (the clock is frozen)."""
    return make_process(phases=[("survey", *WINDOWS["during"])])


@pytest.fixture
def make_survey(session, survey_process):
    """``make_survey(questions=EVERY_KIND, process=…, status="published", **fields)``."""

    def factory(
        questions: list[dict[str, Any]] | None = None,
        *,
        process=None,
        status: str = SurveyStatus.PUBLISHED,
        title: str = "Befragung zum Nahverkehr",
        anonymous_allowed: bool = False,
        results_public: bool = False,
    ) -> Survey:
        process = process or survey_process
        data = ops.validate_survey_input(title, "Eine **kurze** Einführung.", anonymous_allowed)
        survey = ops.create_survey(None, process, data)
        for spec in EVERY_KIND if questions is None else questions:
            ops.add_question(None, survey, ops.validate_question_input(**spec))
        if status == SurveyStatus.PUBLISHED:
            ops.publish_survey(None, survey)
        survey.results_public = results_public
        session.flush()
        return survey

    return factory


@pytest.fixture
def survey(make_survey):
    """A published survey with one question of every kind, in its survey phase."""
    return make_survey()


def valid_answers(survey) -> dict[int, AnswerInput]:
    """A complete, valid answer to the EVERY_KIND survey."""
    q = {x.kind: x for x in survey.questions}
    single, multiple, ranking = q["single"], q["multiple"], q["ranking"]
    return {
        single.id: AnswerInput(choice_ids=[single.choices[0].id]),
        multiple.id: AnswerInput(choice_ids=[multiple.choices[0].id, multiple.choices[2].id]),
        q["short_text"].id: AnswerInput(text="Bochum Hbf"),
        q["long_text"].id: AnswerInput(text=""),
        q["scale"].id: AnswerInput(value="4"),
        ranking.id: AnswerInput(
            ranks=[(c.id, str(n)) for n, c in enumerate(reversed(ranking.choices), start=1)]
        ),
    }
