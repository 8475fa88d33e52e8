"""The survey builder: who may use it, building every kind of question through the forms, the
rules once people have answered (results stay comparable)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from survey_fixtures import *  # noqa: F403
from survey_fixtures import valid_answers

from engage.accounts.models import AuditEvent
from engage.surveys import operations as ops
from engage.surveys.models import Choice, Question, Survey


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", organisations=("bogestra",))


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


# --- who may build ------------------------------------------------------------------------------

BUILDER_PAGES = [
    ("GET", "/processes/{p}/surveys"),
    ("GET", "/processes/{p}/surveys/new"),
    ("GET", "/surveys/{s}/build"),
    ("GET", "/surveys/{s}/settings"),
    ("GET", "/surveys/{s}/questions/new?kind=scale"),
    ("GET", "/surveys/{s}/questions/{q}"),
    ("GET", "/surveys/{s}/questions/{q}/delete"),
    ("GET", "/surveys/{s}/preview"),
    ("GET", "/surveys/{s}/delete"),
    ("POST", "/surveys/{s}/publish"),
    ("POST", "/surveys/{s}/results-visibility"),
    ("POST", "/surveys/{s}/questions/{q}/move"),
]


@pytest.mark.parametrize(
    "role, organisations, expected",
    [
        ("visitor", (), 302),
        ("citizen", (), 403),
        ("innovation", (), 403),
        ("moderator", ("stadtwerke",), 403),
        ("moderator", ("bogestra",), 200),
        ("admin", (), 200),
    ],
)
@pytest.mark.parametrize("method, url", BUILDER_PAGES)
def test_only_its_moderators_and_admins_build(
    client, survey, make_user, role, organisations, expected, method, url
):
    if role != "visitor":
        client.login(make_user(role, organisations=organisations))
    target = url.format(p=survey.process_id, s=survey.id, q=survey.questions[0].id)
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post_form(target, {"direction": "down", "public": "1"})
    if expected == 200 and method == "POST":
        expected = 303
    assert response.status_code == expected


def test_a_draft_survey_is_invisible_to_moderators_of_other_organisations(
    client, make_survey, make_user
):
    draft = make_survey(status="draft")
    client.login(make_user("moderator", organisations=("stadtwerke",)))
    assert client.get(f"/surveys/{draft.id}/build").status_code == 404


def test_a_question_of_another_survey_is_404(client, make_survey, moderator):
    one, two = make_survey(), make_survey(title="Zweite Befragung")
    client.login(moderator)
    url = f"/surveys/{one.id}/questions/{two.questions[0].id}"
    assert client.get(url).status_code == 404
    assert client.post_form(url + "/move", {"direction": "up"}).status_code == 404


# --- building through the forms -----------------------------------------------------------------


def test_build_and_publish_a_survey_with_every_kind(client, session, survey_process, moderator):
    client.login(moderator)
    response = client.post_form(
        f"/processes/{survey_process.id}/surveys/new",
        {"title": "  Busse am Abend ", "introduction": "Bitte **ehrlich** antworten.",
         "anonymous_allowed": "y"},
    )  # fmt: skip
    assert response.status_code == 303
    survey = session.scalar(select(Survey).where(Survey.title == "Busse am Abend"))
    assert survey.status == "draft" and survey.anonymous_allowed
    assert survey.introduction == "<p>Bitte <strong>ehrlich</strong> antworten.</p>"
    assert survey.introduction_source == "Bitte **ehrlich** antworten."

    forms = [
        {"kind": "single", "text": "Wie oft?", "choices": "Oft\nSelten\n\n", "required": "y",
         "allow_other": "y"},
        {"kind": "multiple", "text": "Was?", "choices": "A\nB\nC", "min_choices": "2",
         "max_choices": "2"},
        {"kind": "short_text", "text": "Wo?"},
        {"kind": "long_text", "text": "Sonst?", "help_text": "Alles, was Ihnen einfällt."},
        {"kind": "scale", "text": "Wie sehr?", "scale_min_label": "kaum",
         "scale_max_label": "sehr"},
        {"kind": "ranking", "text": "Reihenfolge?", "choices": "X\nY\nZ"},
    ]  # fmt: skip
    for form in forms:
        response = client.post_form(f"/surveys/{survey.id}/questions/new", form)
        assert response.status_code == 303, response.get_data(as_text=True)
    session.expire_all()
    questions = survey.questions
    assert [q.kind for q in questions] == [f["kind"] for f in forms]
    assert [c.text for c in questions[0].choices] == ["Oft", "Selten"]
    assert questions[0].required and questions[0].allow_other
    assert (questions[1].min_choices, questions[1].max_choices) == (2, 2)
    assert questions[4].scale_min_label == "kaum"
    assert questions[2].choices == []  # text questions keep no choices

    preview = client.get(f"/surveys/{survey.id}/preview").get_data(as_text=True)
    assert "Preview: this is how the survey looks" in preview
    assert preview.count(" disabled") >= 15 and "Reihenfolge?" in preview

    assert client.post_form(f"/surveys/{survey.id}/publish").status_code == 303
    session.expire_all()
    assert survey.status == "published" and survey.published_dt is not None
    events = session.scalars(select(AuditEvent.event).where(AuditEvent.actor_id == moderator.id))
    assert {"survey_created", "survey_question_added", "survey_published"} <= set(events)


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"kind": "single", "text": "", "choices": "A\nB"}, "text", "Please write the question."),
        ({"kind": "single", "text": "x" * 301, "choices": "A\nB"}, "text", "at most 300"),
        ({"kind": "single", "text": "Q?", "choices": "A"}, "choices", "at least two choices"),
        ({"kind": "single", "text": "Q?", "choices": "A\na"}, "choices", "only once"),
        ({"kind": "ranking", "text": "Q?", "choices": "\n".join("ABCDEFGHIJK")}, "choices",
         "at most 10 choices"),
        ({"kind": "multiple", "text": "Q?", "choices": "A\nB", "min_choices": "3"},
         "min_choices", "only 2 options"),
        ({"kind": "multiple", "text": "Q?", "choices": "A\nB\nC", "min_choices": "3",
          "max_choices": "2"}, "max_choices", "cannot be smaller"),
        ({"kind": "multiple", "text": "Q?", "choices": "A\nB", "min_choices": "zwei"},
         "min_choices", "whole number"),
        ({"kind": "scale", "text": "Q?", "scale_min_label": "", "scale_max_label": "viel"},
         "scale_min_label", "what 1 means"),
        ({"kind": "unknown", "text": "Q?"}, "kind", "choose a kind"),
    ],
)  # fmt: skip
def test_invalid_questions_are_refused_at_their_field(
    client, session, make_survey, moderator, form, field, message
):
    survey = make_survey([], status="draft")
    client.login(moderator)
    response = client.post_form(f"/surveys/{survey.id}/questions/new", form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error">' in html and message in html
    assert _count(session, Question) == 0


def test_invalid_survey_settings_are_refused(client, session, survey_process, moderator):
    client.login(moderator)
    response = client.post_form(
        f"/processes/{survey_process.id}/surveys/new", {"title": "", "introduction": "x"}
    )
    assert response.status_code == 422
    assert "Please give the survey a title." in response.get_data(as_text=True)
    response = client.post_form(
        f"/processes/{survey_process.id}/surveys/new",
        {"title": "Gut", "introduction": "x" * 10_001},
    )
    assert response.status_code == 422 and "at most 10000 characters" in response.get_data(
        as_text=True
    )
    assert _count(session, Survey) == 0


def test_settings_change_title_and_introduction(client, session, survey, moderator):
    client.login(moderator)
    page = client.get(f"/surveys/{survey.id}/settings").get_data(as_text=True)
    assert "Eine **kurze** Einführung." in page  # the Markdown source, not the HTML
    response = client.post_form(
        f"/surveys/{survey.id}/settings", {"title": "Neuer Titel", "introduction": "- eins"}
    )
    assert response.status_code == 303
    session.expire_all()
    assert survey.title == "Neuer Titel" and survey.introduction == "<ul>\n<li>eins</li>\n</ul>"
    assert not survey.anonymous_allowed


def test_move_questions_up_and_down(client, session, survey, moderator):
    client.login(moderator)
    first, second = survey.questions[0], survey.questions[1]
    client.post_form(f"/surveys/{survey.id}/questions/{first.id}/move", {"direction": "down"})
    session.expire_all()
    assert [q.id for q in survey.questions[:2]] == [second.id, first.id]
    assert [q.position for q in survey.questions] == list(range(len(survey.questions)))
    # At the top already: nothing moves.
    client.post_form(f"/surveys/{survey.id}/questions/{second.id}/move", {"direction": "up"})
    session.expire_all()
    assert survey.questions[0].id == second.id
    response = client.post_form(
        f"/surveys/{survey.id}/questions/{second.id}/move", {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_delete_a_question_before_anyone_answered(client, session, survey, moderator):
    client.login(moderator)
    doomed = survey.questions[1]
    page = client.get(f"/surveys/{survey.id}/questions/{doomed.id}/delete")
    assert doomed.text in page.get_data(as_text=True)
    assert client.post_form(f"/surveys/{survey.id}/questions/{doomed.id}/delete").status_code == 303
    session.expire_all()
    assert doomed.id not in [q.id for q in survey.questions]
    assert [q.position for q in survey.questions] == list(range(5))


def test_a_survey_without_questions_cannot_be_published(client, session, make_survey, moderator):
    draft = make_survey([], status="draft")
    client.login(moderator)
    html = client.get(f"/surveys/{draft.id}/build").get_data(as_text=True)
    assert "Add at least one question." in html and "Publish survey" not in html
    client.post_form(f"/surveys/{draft.id}/publish")
    session.expire_all()
    assert draft.status == "draft"


def test_results_are_published_by_the_moderators(client, session, survey, moderator):
    client.login(moderator)
    assert (
        client.post_form(f"/surveys/{survey.id}/results-visibility", {"public": "1"}).status_code
        == 303
    )
    session.expire_all()
    assert survey.results_public
    client.post_form(f"/surveys/{survey.id}/results-visibility", {"public": "0"})
    session.expire_all()
    assert not survey.results_public


def test_delete_a_survey_only_without_answers(
    client, session, survey, make_survey, moderator, make_user
):
    client.login(moderator)
    ops.submit_response(survey, make_user(), valid_answers(survey))
    assert client.post_form(f"/surveys/{survey.id}/delete").status_code == 409
    assert session.get(Survey, survey.id) is not None
    empty = make_survey(title="Leer")
    assert client.post_form(f"/surveys/{empty.id}/delete").status_code == 303
    session.expire_all()
    assert session.get(Survey, empty.id) is None


# --- once people have answered ----------------------------------------------------------------


@pytest.fixture
def answered(survey, make_user):
    ops.submit_response(survey, make_user(), valid_answers(survey))
    return survey


def _question(survey, kind):
    return next(q for q in survey.questions if q.kind == kind)


def _form(question, **changes) -> dict:
    values = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "choices": "\n".join(c.text for c in question.choices),
        "min_choices": str(question.min_choices or ""),
        "max_choices": str(question.max_choices or ""),
        "scale_min_label": question.scale_min_label,
        "scale_max_label": question.scale_max_label,
    }
    if question.required:
        values["required"] = "y"
    if question.allow_other:
        values["allow_other"] = "y"
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize(
    "kind, changes, field, message",
    [
        ("single", {"kind": "multiple"}, "kind", "the kind of a question cannot change"),
        ("single", {"choices": "Bus\nRad"}, "choices", "choices cannot be removed"),
        ("ranking", {"choices": "Takt\nPreis\nSauberkeit\nSicherheit"}, "choices",
         "a ranking cannot get new choices"),
        ("long_text", {"required": "y"}, "required", "cannot become required"),
        ("multiple", {"min_choices": "1"}, "min_choices", "the minimum cannot change"),
        ("multiple", {"max_choices": "4"}, "max_choices", "the maximum cannot change"),
        ("single", {"allow_other": None}, "allow_other", "cannot be removed"),
    ],
)  # fmt: skip
def test_changes_that_break_comparability_are_refused(
    client, session, answered, moderator, kind, changes, field, message
):
    client.login(moderator)
    question = _question(answered, kind)
    before = (question.kind, question.required, [c.text for c in question.choices])
    response = client.post_form(
        f"/surveys/{answered.id}/questions/{question.id}", _form(question, **changes)
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error">' in html and message in html
    session.expire_all()
    assert (question.kind, question.required, [c.text for c in question.choices]) == before


def test_wording_can_still_be_corrected_and_choices_added(client, session, answered, moderator):
    client.login(moderator)
    single = _question(answered, "single")
    response = client.post_form(
        f"/surveys/{answered.id}/questions/{single.id}",
        _form(
            single, text="Wie kommen Sie meistens zur Arbeit?", choices="Bus\nFahrrad\nAuto\nBahn"
        ),
    )
    assert response.status_code == 303
    session.expire_all()
    assert single.text == "Wie kommen Sie meistens zur Arbeit?"
    assert [c.text for c in single.choices] == ["Bus", "Fahrrad", "Auto", "Bahn"]
    long_text = _question(answered, "long_text")
    required = _question(answered, "short_text")
    response = client.post_form(
        f"/surveys/{answered.id}/questions/{required.id}", _form(required, required=None)
    )
    assert response.status_code == 303  # required → optional is fine
    assert long_text.kind == "long_text"


def test_deleting_questions_is_refused_once_answered(client, session, answered, moderator):
    client.login(moderator)
    question = answered.questions[0]
    page = client.get(f"/surveys/{answered.id}/questions/{question.id}/delete")
    assert "cannot be deleted" in page.get_data(as_text=True)
    response = client.post_form(f"/surveys/{answered.id}/questions/{question.id}/delete")
    assert response.status_code == 409
    assert "cannot be deleted" in response.get_data(as_text=True)
    assert session.get(Question, question.id) is not None


def test_only_optional_questions_can_be_added_once_answered(client, session, answered, moderator):
    client.login(moderator)
    count = len(answered.questions)
    response = client.post_form(
        f"/surveys/{answered.id}/questions/new",
        {"kind": "single", "text": "Neu?", "choices": "Ja\nNein", "required": "y"},
    )
    assert response.status_code == 422
    assert "new questions must be optional" in response.get_data(as_text=True)
    session.expire_all()
    assert len(answered.questions) == count
    response = client.post_form(
        f"/surveys/{answered.id}/questions/new",
        {"kind": "single", "text": "Neu?", "choices": "Ja\nNein"},
    )
    assert response.status_code == 303
    session.expire_all()
    added = answered.questions[-1]
    assert added.added_after_publish and not added.required
    assert not answered.questions[0].added_after_publish
    html = client.get(f"/surveys/{answered.id}/build").get_data(as_text=True)
    assert "added after the first answers" in html


def test_the_lock_is_enforced_by_the_operations_too(answered, moderator):
    ranking = _question(answered, "ranking")
    with pytest.raises(ops.SurveyError) as caught:
        ops.delete_question(moderator, ranking)
    assert caught.value.status == 409
    data = ops.validate_question_input(
        kind="ranking", text=ranking.text, choices=["Takt", "Preis"], required=True
    )
    with pytest.raises(ops.SurveyError) as caught:
        ops.update_question(moderator, ranking, data)
    assert "choices cannot be removed" in caught.value.errors["choices"]


def test_a_draft_with_questions_is_not_locked(make_survey, moderator):
    draft = make_survey(status="draft")
    assert not ops.is_locked(draft)
    ops.delete_question(moderator, draft.questions[0])
    assert len(draft.questions) == 5


def test_choices_are_renamed_in_place(make_survey, session, moderator):
    survey = make_survey([{"kind": "single", "text": "Q?", "choices": ["A", "B", "C"]}])
    question = survey.questions[0]
    ids = [c.id for c in question.choices]
    data = ops.validate_question_input(kind="single", text="Q?", choices="A1\nB1")
    ops.update_question(moderator, question, data)
    assert [c.id for c in question.choices] == ids[:2]
    assert [c.text for c in question.choices] == ["A1", "B1"]
    assert session.scalar(select(func.count()).select_from(Choice)) == 2
