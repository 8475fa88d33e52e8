"""Answer validation of every kind of question, and the one-response rule (operations)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from survey_fixtures import *  # noqa: F403
from survey_fixtures import valid_answers

from engage.surveys import operations as ops
from engage.surveys.models import Answer, Response
from engage.surveys.operations import AnswerInput


def _questions(survey):
    return {q.kind: q for q in survey.questions}


def _error(survey, answers, kind: str) -> str:
    with pytest.raises(ops.SurveyError) as caught:
        ops.validate_answers(survey, answers)
    errors = caught.value.errors
    question = _questions(survey)[kind]
    assert str(question.id) in errors, errors
    return errors[str(question.id)]


def test_a_complete_answer_gives_one_row_per_part(survey):
    rows = ops.validate_answers(survey, valid_answers(survey))
    q = _questions(survey)
    assert [r["choice_id"] for r in rows[q["single"].id]] == [q["single"].choices[0].id]
    assert len(rows[q["multiple"].id]) == 2
    assert rows[q["short_text"].id] == [
        {"choice_id": None, "text": "Bochum Hbf", "value": None, "rank": None}
    ]
    assert rows[q["long_text"].id] == []  # optional, left empty
    assert rows[q["scale"].id][0]["value"] == 4
    ranks = {r["choice_id"]: r["rank"] for r in rows[q["ranking"].id]}
    assert sorted(ranks.values()) == [1, 2, 3]
    assert ranks[q["ranking"].choices[-1].id] == 1


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("single", "Please choose an answer."),
        ("multiple", "Please choose at least 2 answers."),
        ("short_text", "Please answer this question."),
        ("scale", "Please choose a value from 1 to 5."),
        ("ranking", "Please put all the options in order."),
    ],
)
def test_required_questions_need_an_answer(survey, kind, expected):
    answers = valid_answers(survey)
    del answers[_questions(survey)[kind].id]
    assert _error(survey, answers, kind) == expected


def test_optional_questions_may_stay_empty(make_survey):
    optional = [dict(spec, required=False) for spec in EVERY_KIND]  # noqa: F405
    survey = make_survey(optional)
    rows = ops.validate_answers(survey, {})
    assert all(value == [] for value in rows.values())


# --- single choice ------------------------------------------------------------------------------


def test_single_refuses_two_choices_and_choice_plus_other(survey):
    q = _questions(survey)["single"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(choice_ids=[q.choices[0].id, q.choices[1].id])
    assert _error(survey, answers, "single") == "Please choose only one answer."
    answers[q.id] = AnswerInput(choice_ids=[q.choices[0].id], other=True, other_text="Zu Fuß")
    assert _error(survey, answers, "single") == "Please choose only one answer."


def test_other_needs_its_text(survey):
    q = _questions(survey)["single"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(other=True, other_text="   ")
    assert _error(survey, answers, "single") == "Please say what you mean by \u201cother\u201d."
    answers[q.id] = AnswerInput(other=True, other_text="  Zu   Fuß ")
    rows = ops.validate_answers(survey, answers)
    assert rows[q.id] == [{"choice_id": None, "text": "Zu Fuß", "value": None, "rank": None}]


def test_other_is_refused_where_not_offered(make_survey):
    survey = make_survey([{"kind": "single", "text": "Ja oder nein?", "choices": ["Ja", "Nein"]}])
    q = survey.questions[0]
    with pytest.raises(ops.SurveyError) as caught:
        ops.validate_answers(survey, {q.id: AnswerInput(other=True, other_text="Vielleicht")})
    assert caught.value.errors[str(q.id)] == "This question has no answer \u201cother\u201d."


def test_other_text_has_a_maximum_length(survey):
    q = _questions(survey)["single"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(other=True, other_text="x" * 201)
    assert "at most 200 characters" in _error(survey, answers, "single")


@pytest.mark.parametrize("bad", ["abc", "", "1.5", True, -3, "9999999999999"])
def test_malformed_choice_ids_are_refused(survey, bad):
    q = _questions(survey)["single"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(choice_ids=[bad])
    assert _error(survey, answers, "single") == "This is not one of the choices of this question."


def test_choice_ids_of_another_question_are_refused(survey):
    q = _questions(survey)
    answers = valid_answers(survey)
    answers[q["single"].id] = AnswerInput(choice_ids=[q["multiple"].choices[0].id])
    assert _error(survey, answers, "single") == "This is not one of the choices of this question."
    answers = valid_answers(survey)
    answers[q["ranking"].id] = AnswerInput(
        ranks=[(q["single"].choices[0].id, 1), (q["ranking"].choices[1].id, 2),
               (q["ranking"].choices[2].id, 3)]
    )  # fmt: skip
    assert _error(survey, answers, "ranking") == (
        "This is not one of the choices of this question."
    )


def test_answers_to_questions_of_another_survey_are_refused(survey, make_survey):
    other = make_survey(title="Eine andere Befragung")
    answers = valid_answers(survey)
    foreign = other.questions[0]
    answers[foreign.id] = AnswerInput(choice_ids=[foreign.choices[0].id])
    with pytest.raises(ops.SurveyError) as caught:
        ops.validate_answers(survey, answers)
    assert caught.value.errors == {str(foreign.id): "This survey has no such question."}


# --- multiple choice ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "picked, other, expected",
    [
        (1, False, "Please choose at least 2 answers."),
        (4, False, "Please choose at most 3 answers."),
        (3, True, "Please choose at most 3 answers."),  # "other" counts as a choice
        (1, True, None),
        (2, False, None),
        (3, False, None),
    ],
)
def test_multiple_respects_minimum_and_maximum(survey, picked, other, expected):
    q = _questions(survey)["multiple"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(
        choice_ids=[c.id for c in q.choices[:picked]], other=other, other_text="Mülleimer"
    )
    if expected is None:
        rows = ops.validate_answers(survey, answers)
        assert len(rows[q.id]) == picked + (1 if other else 0)
    else:
        assert _error(survey, answers, "multiple") == expected


def test_multiple_refuses_a_choice_twice(survey):
    q = _questions(survey)["multiple"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(choice_ids=[q.choices[0].id, q.choices[0].id])
    assert _error(survey, answers, "multiple") == "Each choice can be chosen only once."


def test_optional_multiple_with_a_minimum_may_stay_empty_but_not_half_done(make_survey):
    survey = make_survey(
        [{"kind": "multiple", "text": "Was nutzen Sie?", "required": False,
          "choices": ["A", "B", "C"], "min_choices": 2}]
    )  # fmt: skip
    q = survey.questions[0]
    assert ops.validate_answers(survey, {q.id: AnswerInput()}) == {q.id: []}
    with pytest.raises(ops.SurveyError) as caught:
        ops.validate_answers(survey, {q.id: AnswerInput(choice_ids=[q.choices[0].id])})
    assert caught.value.errors[str(q.id)] == "Please choose at least 2 answers."


# --- texts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, limit", [("short_text", 200), ("long_text", 5000)])
def test_texts_have_a_maximum_length(survey, kind, limit):
    q = _questions(survey)[kind]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(text="a" * limit)
    assert ops.validate_answers(survey, answers)[q.id][0]["text"] == "a" * limit
    answers[q.id] = AnswerInput(text="a" * (limit + 1))
    assert _error(survey, answers, kind) == (
        f"Your answer can have at most {limit} characters; it has {limit + 1}."
    )


def test_texts_refuse_control_characters_and_keep_paragraphs(survey):
    q = _questions(survey)
    answers = valid_answers(survey)
    answers[q["short_text"].id] = AnswerInput(text="Halte\x00stelle")
    assert _error(survey, answers, "short_text") == (
        "Your answer contains characters that are not allowed."
    )
    answers = valid_answers(survey)
    answers[q["long_text"].id] = AnswerInput(text="Erster Absatz.\r\n\r\nZweiter Absatz.  ")
    rows = ops.validate_answers(survey, answers)
    assert rows[q["long_text"].id][0]["text"] == "Erster Absatz.\n\nZweiter Absatz."


def test_short_texts_are_one_line(survey):
    q = _questions(survey)["short_text"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(text="  Bochum\n  Hbf ")
    assert ops.validate_answers(survey, answers)[q.id][0]["text"] == "Bochum Hbf"


# --- scale --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "drei", 0, 6, True, [3]])
def test_scale_values_must_be_1_to_5(survey, value):
    q = _questions(survey)["scale"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(value=value)
    assert _error(survey, answers, "scale") == "Please choose a value from 1 to 5."


@pytest.mark.parametrize("value, stored", [("1", 1), (5, 5), (" 3 ", 3)])
def test_scale_accepts_the_bounds(survey, value, stored):
    q = _questions(survey)["scale"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(value=value)
    assert ops.validate_answers(survey, answers)[q.id][0]["value"] == stored


# --- ranking ------------------------------------------------------------------------------------


def _ranking(survey, *positions):
    q = _questions(survey)["ranking"]
    answers = valid_answers(survey)
    answers[q.id] = AnswerInput(
        ranks=[(c.id, p) for c, p in zip(q.choices, positions, strict=False)]
    )
    return answers


@pytest.mark.parametrize(
    "positions, expected",
    [
        (("1", "2", ""), "Please give every option a position."),
        (("1", "", ""), "Please give every option a position."),
        (("1", "1", "2"), "Each position can be used only once."),
        (("1", "2", "4"), "Please use the positions 1 to 3."),
        (("0", "1", "2"), "Please use the positions 1 to 3."),
        (("1", "2", "x"), "Please use the positions 1 to 3."),
    ],
)
def test_rankings_must_be_complete_and_unique(survey, positions, expected):
    assert _error(survey, _ranking(survey, *positions), "ranking") == expected


def test_a_ranking_may_not_name_a_choice_twice(survey):
    q = _questions(survey)["ranking"]
    answers = valid_answers(survey)
    c = q.choices
    answers[q.id] = AnswerInput(ranks=[(c[0].id, 1), (c[0].id, 2), (c[1].id, 3)])
    assert _error(survey, answers, "ranking") == "Each choice can be chosen only once."


def test_every_invalid_answer_is_reported_at_once(survey):
    q = _questions(survey)
    answers = valid_answers(survey)
    answers[q["scale"].id] = AnswerInput(value="9")
    answers[q["short_text"].id] = AnswerInput(text="")
    with pytest.raises(ops.SurveyError) as caught:
        ops.validate_answers(survey, answers)
    assert set(caught.value.errors) == {str(q["scale"].id), str(q["short_text"].id)}


# --- saving: one response per person --------------------------------------------------------------


def _count(session, model, **where):
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return session.scalar(stmt)


def test_answering_again_changes_the_response(session, survey, make_user, clock):
    citizen = make_user()
    first, created = ops.submit_response(survey, citizen, valid_answers(survey))
    assert created
    q = _questions(survey)
    answers = valid_answers(survey)
    answers[q["scale"].id] = AnswerInput(value=2)
    clock.advance(DAY)  # noqa: F405
    second, created = ops.submit_response(survey, citizen, answers)
    assert not created and second.id == first.id
    assert second.updated_dt == clock.now() and second.created_dt < second.updated_dt
    assert _count(session, Response, survey_id=survey.id) == 1
    values = session.scalars(
        select(Answer.value).where(Answer.response_id == first.id, Answer.value.isnot(None))
    ).all()
    assert values == [2]


def test_invalid_answers_change_nothing(session, survey, make_user):
    citizen = make_user()
    ops.submit_response(survey, citizen, valid_answers(survey))
    before = _count(session, Answer)
    answers = valid_answers(survey)
    answers[_questions(survey)["scale"].id] = AnswerInput(value=7)
    with pytest.raises(ops.SurveyError):
        ops.submit_response(survey, citizen, answers)
    assert _count(session, Answer) == before
    assert _count(session, Response, survey_id=survey.id) == 1


def test_the_database_allows_one_response_per_account_and_per_browser(session, survey, make_user):
    citizen = make_user()
    session.add(Response(survey_id=survey.id, user_id=citizen.id))
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Response(survey_id=survey.id, user_id=citizen.id))
        session.flush()
    session.add(Response(survey_id=survey.id, anonymous_key="k" * 64))
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Response(survey_id=survey.id, anonymous_key="k" * 64))
        session.flush()


def test_anonymous_answers_need_the_survey_to_allow_them(survey, make_survey):
    with pytest.raises(ops.SurveyError) as caught:
        ops.submit_response(survey, None, valid_answers(survey), browser_id="b" * 32)
    assert caught.value.status == 401 and caught.value.code == "sign_in"
    open_survey = make_survey(anonymous_allowed=True, title="Offene Befragung")
    _response, created = ops.submit_response(
        open_survey, None, valid_answers(open_survey), browser_id="b" * 32
    )
    assert created
    again, created = ops.submit_response(
        open_survey, None, valid_answers(open_survey), browser_id="b" * 32
    )
    assert not created and again.user_id is None
    assert again.anonymous_key == ops.anonymous_key(open_survey.id, "b" * 32)
    assert again.anonymous_key != ops.anonymous_key(survey.id, "b" * 32)


def test_a_draft_survey_cannot_be_answered(make_survey, make_user):
    draft = make_survey(status="draft")
    with pytest.raises(ops.SurveyError) as caught:
        ops.submit_response(draft, make_user(), valid_answers(draft))
    assert caught.value.status == 409


def test_own_responses_are_part_of_the_personal_data_export(survey, make_user):
    from engage.accounts.operations import export_user_data

    citizen = make_user()
    ops.submit_response(survey, citizen, valid_answers(survey))
    section = export_user_data(citizen)["survey_responses"]
    assert len(section) == 1 and section[0]["survey"] == "Befragung zum Nahverkehr"
    answers = section[0]["answers"]
    assert {"question": "Welche Haltestelle nutzen Sie?", "kind": "short_text",
            "text": "Bochum Hbf"} in answers  # fmt: skip
    assert [a["rank"] for a in answers if a["kind"] == "ranking"] == [1, 2, 3]
    assert export_user_data(make_user())["survey_responses"] == []
