"""Answering on the web (no JavaScript), phase rules as tables, anonymous answers and limits,
who sees results and exports, the process page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from survey_fixtures import *  # noqa: F403
from survey_fixtures import WINDOWS

from engage.surveys.models import Answer, Response

# --- helpers ------------------------------------------------------------------------------------


def _q(survey, kind):
    return next(q for q in survey.questions if q.kind == kind)


def form_data(survey, **overrides) -> dict:
    """A complete, valid answer form to the EVERY_KIND survey (field name → value)."""
    single, multiple = _q(survey, "single"), _q(survey, "multiple")
    ranking = _q(survey, "ranking")
    data = {
        f"q{single.id}": str(single.choices[1].id),
        f"q{multiple.id}": [str(multiple.choices[0].id), str(multiple.choices[3].id)],
        f"q{_q(survey, 'short_text').id}": "Bochum Hbf",
        f"q{_q(survey, 'long_text').id}": "Mehr Busse am Abend.",
        f"q{_q(survey, 'scale').id}": "4",
    }
    for position, choice in enumerate(ranking.choices, start=1):
        data[f"q{ranking.id}-c{choice.id}"] = str(position)
    data.update(overrides)
    return data


def responses(session, survey) -> int:
    return session.scalar(
        select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    )


def answer_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Answer))


# --- the form -----------------------------------------------------------------------------------


def test_the_form_has_a_labelled_control_for_every_kind(client, survey, make_user):
    client.login(make_user())
    html = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    single, multiple = _q(survey, "single"), _q(survey, "multiple")
    assert html.count('type="radio"') == 3 + 1 + 5  # single (+other) and the 1–5 scale
    assert html.count('type="checkbox"') == 4 + 1
    assert f'for="q{single.id}-other-text">Other: what do you mean?<' in html
    assert f'<input type="text" id="q{_q(survey, "short_text").id}"' in html
    assert f'<textarea id="q{_q(survey, "long_text").id}"' in html
    assert "gar nicht" in html and "sehr" in html  # the scale's labelled ends
    ranking = _q(survey, "ranking")
    assert html.count(f'<select id="q{ranking.id}-c') == 3
    assert "Choose between 2 and 3 answers." in html
    assert (
        f'<fieldset class="field field-group survey-question" id="question-{multiple.id}"' in html
    )
    assert "<legend>" in html and "(required)" in html and "(optional)" in html
    assert "<strong>kurze</strong>" in html  # the introduction, rendered from Markdown
    assert "<script" not in html.split("<main", 1)[1]


def test_answering_stores_a_response_and_shows_it_again(client, session, survey, make_user):
    citizen = make_user()
    client.login(citizen)
    response = client.post_form(f"/surveys/{survey.id}", form_data(survey))
    assert response.status_code == 303
    assert responses(session, survey) == 1
    stored = session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert stored.user_id == citizen.id and stored.anonymous_key is None
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you! Your answers have been saved." in html
    assert "You have already answered this survey. You can change your answers until" in html
    assert "May 13, 2026" in html  # the end of the survey phase
    single = _q(survey, "single")
    assert re.search(rf'value="{single.choices[1].id}" checked', html)
    assert 'value="Bochum Hbf"' in html and ">Mehr Busse am Abend.</textarea>" in html
    ranking = _q(survey, "ranking")
    assert '<option value="1" selected>' in html
    assert f"q{ranking.id}-c{ranking.choices[0].id}" in html
    assert "Save changed answers" in html


def test_answering_again_edits_the_one_response(client, session, survey, make_user):
    client.login(make_user())
    client.post_form(f"/surveys/{survey.id}", form_data(survey))
    scale = _q(survey, "scale")
    response = client.post_form(f"/surveys/{survey.id}", form_data(survey, **{f"q{scale.id}": "2"}))
    assert response.status_code == 303
    assert responses(session, survey) == 1
    html = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "Your changed answers have been saved." in html
    values = session.scalars(select(Answer.value).where(Answer.value.isnot(None))).all()
    assert values == [2]


def test_invalid_answers_are_shown_at_their_questions_and_kept(client, session, survey, make_user):
    client.login(make_user())
    single, multiple = _q(survey, "single"), _q(survey, "multiple")
    scale, ranking = _q(survey, "scale"), _q(survey, "ranking")
    data = form_data(
        survey,
        **{
            f"q{single.id}": "other",
            f"q{single.id}-other": "",
            f"q{multiple.id}": [str(multiple.choices[0].id)],
            f"q{scale.id}": "9",
            f"q{ranking.id}-c{ranking.choices[0].id}": "2",
            f"q{_q(survey, 'short_text').id}": "Mein Text bleibt",
        },
    )
    response = client.post_form(f"/surveys/{survey.id}", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert responses(session, survey) == 0 and answer_count(session) == 0
    for question, message in [
        (single, "Please say what you mean by “other”."),
        (multiple, "Please choose at least 2 answers."),
        (scale, "Please choose a value from 1 to 5."),
        (ranking, "Each position can be used only once."),
    ]:
        assert f'<p class="field-error" id="q{question.id}-error">{message}</p>' in html
        assert re.search(
            rf'id="question-{question.id}" aria-describedby="[^"]*q{question.id}-error', html
        )
        assert f'href="#question-{question.id}"' in html  # the error summary links to it
    assert 'value="other" checked' in html  # what the person entered stays
    assert f'value="{multiple.choices[0].id}" checked' in html
    assert 'value="Mein Text bleibt"' in html
    assert html.count('aria-invalid="true"') >= 4


def test_over_long_and_malformed_input_changes_nothing(client, session, survey, make_user):
    client.login(make_user())
    short = _q(survey, "short_text")
    single = _q(survey, "single")
    for overrides in (
        {f"q{short.id}": "x" * 201},
        {f"q{single.id}": "999999"},
        {f"q{single.id}": "abc"},
        {f"q{_q(survey, 'scale').id}": "\x00"},
    ):
        response = client.post_form(f"/surveys/{survey.id}", form_data(survey, **overrides))
        assert response.status_code == 422, overrides
    assert responses(session, survey) == 0


def test_a_post_without_csrf_token_is_refused(client, session, survey, make_user):
    client.login(make_user())
    response = client.post(f"/surveys/{survey.id}", data=form_data(survey))
    assert response.status_code == 400
    assert responses(session, survey) == 0


@pytest.mark.parametrize("url", ["/surveys/999999", "/surveys/0", "/surveys/999999/results"])
def test_unknown_surveys_are_404(client, url):
    assert client.get(url).status_code == 404


def test_draft_surveys_are_only_for_their_moderators(client, make_survey, make_user):
    draft = make_survey(status="draft")
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    client.login(make_user("moderator", organisations=("stadtwerke",)))
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    client.login(make_user("moderator", organisations=("bogestra",)))
    html = client.get(f"/surveys/{draft.id}").get_data(as_text=True)
    assert "This survey is a draft." in html
    assert "This survey is not open for answers." in html


# --- phase rules: role × before / during / after ------------------------------------------------

ROLES = ["visitor", "citizen", "unconfirmed", "moderator", "other_moderator", "innovation", "admin"]


def _person(make_user, role):
    if role == "visitor":
        return None
    if role == "unconfirmed":
        return make_user(confirmed=False)
    if role == "other_moderator":
        return make_user("moderator", organisations=("stadtwerke",))
    organisations = ("bogestra",) if role == "moderator" else ()
    return make_user(role if role != "citizen" else "citizen", organisations=organisations)


ANSWER_TABLE = [
    # role, before, during, after (True: may answer)
    ("visitor", False, False, False),
    ("citizen", False, True, False),
    ("unconfirmed", False, False, False),
    ("moderator", False, True, False),
    ("other_moderator", False, True, False),
    ("innovation", False, True, False),
    ("admin", False, True, False),
]


@pytest.mark.parametrize("when", ["before", "during", "after"])
@pytest.mark.parametrize("role, before, during, after", ANSWER_TABLE)
def test_who_may_answer_when(
    client, session, make_process, make_survey, make_user, role, before, during, after, when
):
    process = make_process(phases=[("survey", *WINDOWS[when])])
    survey = make_survey(process=process)
    person = _person(make_user, role)
    if person is not None:
        client.login(person)
    allowed = {"before": before, "during": during, "after": after}[when]
    page = client.get(f"/surveys/{survey.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ('name="csrf_token"' in html and "Send answers" in html) == allowed
    response = client.post_form(f"/surveys/{survey.id}", form_data(survey))
    if allowed:
        assert response.status_code == 303
    elif when != "during":
        assert response.status_code == 409  # the phase is closed, whoever asks
        message = "has not started yet" if when == "before" else "This phase has ended."
        assert message in response.get_data(as_text=True)
    elif role in ("visitor", "unconfirmed"):  # an unconfirmed account cannot sign in
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert responses(session, survey) == (1 if allowed else 0)


def test_the_closed_page_says_when_the_survey_starts(client, make_process, make_survey, make_user):
    survey = make_survey(process=make_process(phases=[("survey", *WINDOWS["before"])]))
    client.login(make_user())
    html = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "This phase has not started yet. It starts on May 6, 2026" in html


# --- anonymous answers --------------------------------------------------------------------------


@pytest.fixture
def open_survey(make_survey):
    return make_survey(anonymous_allowed=True, title="Offen für alle")


def test_a_visitor_answers_once_per_browser(app, client, session, open_survey):
    html = client.get(f"/surveys/{open_survey.id}").get_data(as_text=True)
    assert "Send answers" in html and "You can answer without an account." in html
    assert client.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code == 303
    stored = session.scalar(select(Response))
    assert stored.user_id is None and len(stored.anonymous_key) == 64
    html = client.get(f"/surveys/{open_survey.id}").get_data(as_text=True)
    assert "You have already answered this survey." in html
    # The same browser again: its response changes.
    assert client.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code == 303
    assert responses(session, open_survey) == 1
    # Another browser: a second response.
    other = app.test_client()
    assert other.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code == 303
    assert responses(session, open_survey) == 2


def test_anonymous_answers_are_rate_limited_per_address(app, session, open_survey, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SURVEY_ANON", "2 per hour")
    statuses = []
    for _n in range(3):
        browser = app.test_client()  # a fresh browser each time, from the same address
        statuses.append(
            browser.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code
        )
    assert statuses == [303, 303, 429]
    assert responses(session, open_survey) == 2


def test_invalid_anonymous_answers_do_not_use_up_the_limit(app, session, open_survey, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SURVEY_ANON", "1 per hour")
    browser = app.test_client()
    scale = _q(open_survey, "scale")
    bad = form_data(open_survey, **{f"q{scale.id}": "0"})
    assert browser.post_form(f"/surveys/{open_survey.id}", bad).status_code == 422
    assert (
        browser.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code == 303
    )
    assert (
        app.test_client()
        .post_form(f"/surveys/{open_survey.id}", form_data(open_survey))
        .status_code
        == 429
    )


def test_signed_in_people_are_not_held_by_the_anonymous_limit(
    app, client, session, open_survey, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_SURVEY_ANON", "1 per hour")
    for _n in range(3):
        client.login(make_user())
        assert (
            client.post_form(f"/surveys/{open_survey.id}", form_data(open_survey)).status_code
            == 303
        )
    assert responses(session, open_survey) == 3


def test_visitors_need_to_sign_in_where_anonymous_answers_are_not_allowed(client, survey):
    html = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "Please sign in to take part." in html
    assert f"/login?next=/surveys/{survey.id}" in html


# --- results: who sees them when ----------------------------------------------------------------

RESULTS_TABLE = [
    # role, results_public, before, during, after (True: may see the results)
    ("visitor", True, False, False, True),
    ("visitor", False, False, False, False),
    ("citizen", True, False, False, True),
    ("citizen", False, False, False, False),
    ("other_moderator", False, False, False, False),
    ("other_moderator", True, False, False, True),
    ("moderator", False, True, True, True),
    ("innovation", False, True, True, True),
    ("admin", False, True, True, True),
]


@pytest.mark.parametrize("when", ["before", "during", "after"])
@pytest.mark.parametrize("role, public, before, during, after", RESULTS_TABLE)
def test_who_sees_results_when(
    client, make_process, make_survey, make_user, role, public, before, during, after, when
):
    process = make_process(phases=[("survey", *WINDOWS[when])])
    survey = make_survey(process=process, results_public=public)
    person = _person(make_user, role)
    if person is not None:
        client.login(person)
    allowed = {"before": before, "during": during, "after": after}[when]
    response = client.get(f"/surveys/{survey.id}/results")
    assert response.status_code == (200 if allowed else 403)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert ("See the results of this survey" in page) == allowed


def test_refused_results_say_why(client, make_survey, make_user):
    survey = make_survey(results_public=True)
    html = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "The results will be shown here once the survey has ended." in html
    client.login(make_user())
    survey.results_public = False
    html = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "The results of this survey have not been published yet." in html


# --- exports: who may download them -------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("visitor", 302),
        ("citizen", 403),
        ("other_moderator", 403),
        ("moderator", 200),
        ("innovation", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_who_may_download_the_responses(client, make_survey, make_user, role, status, extension):
    survey = make_survey(results_public=True)
    person = _person(make_user, role)
    if person is not None:
        client.login(person)
    response = client.get(f"/surveys/{survey.id}/responses.{extension}")
    assert response.status_code == status
    if status == 200:
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.headers["Cache-Control"] == "no-store"


# --- the process page ---------------------------------------------------------------------------


def test_the_process_page_lists_the_survey_with_what_one_can_do(
    client, session, survey, survey_process, make_user, make_survey
):
    draft = make_survey(status="draft", title="Noch ein Entwurf")
    html = client.get(f"/processes/{survey_process.id}").get_data(as_text=True)
    assert survey.title in html and draft.title not in html
    assert "Answer the survey" in html
    client.login(make_user())
    client.post_form(f"/surveys/{survey.id}", form_data(survey))
    html = client.get(f"/processes/{survey_process.id}").get_data(as_text=True)
    assert "You have already answered. You can change your answers until" in html
    assert "Change your answers" in html and "1 response" in html
    client.login(make_user("moderator", organisations=("bogestra",)))
    html = client.get(f"/processes/{survey_process.id}").get_data(as_text=True)
    assert draft.title in html and "Manage the surveys of this participation" in html
    assert "See the results" in html


def test_the_process_page_queries_do_not_grow_with_the_surveys(
    client, survey_process, make_survey, count_queries
):
    make_survey()
    client.get(f"/processes/{survey_process.id}")
    with count_queries() as one:
        client.get(f"/processes/{survey_process.id}")
    for n in range(3):
        make_survey(title=f"Weitere Befragung {n}")
    with count_queries() as four:
        client.get(f"/processes/{survey_process.id}")
    assert four.count == one.count
