"""The survey API: GET /surveys/{id}, POST /surveys/{id}/responses, GET /surveys/{id}/results and
the process's ``surveys`` ids; every answer is checked against the OpenAPI document."""

from __future__ import annotations

import pytest
from api_helpers import API, ApiClient, error_of
from sqlalchemy import func, select
from survey_fixtures import *  # noqa: F403
from survey_fixtures import WINDOWS

from engage.accounts.tokens import create_api_token
from engage.surveys.models import Response


class EnglishApiClient(ApiClient):
    """Asks for English messages (the API's default language is German)."""

    def request(self, method, url, **kwargs):
        kwargs.setdefault("lang", "en")
        return super().request(method, url, **kwargs)


@pytest.fixture
def api(client):
    return EnglishApiClient(client, client.get(f"{API}/openapi.json").get_json())


@pytest.fixture
def token_for(session):
    def make(user) -> str:
        _row, plaintext = create_api_token(user, "test", 30)
        session.flush()
        return plaintext

    return make


def _q(survey, kind):
    return next(q for q in survey.questions if q.kind == kind)


def body(survey) -> dict:
    """A complete, valid answer to the EVERY_KIND survey in the API's shape."""
    single, multiple, ranking = (_q(survey, k) for k in ("single", "multiple", "ranking"))
    return {
        "answers": [
            {"question_id": single.id, "choice_ids": [single.choices[2].id]},
            {"question_id": multiple.id, "choice_ids": [multiple.choices[1].id],
             "text": "Mülleimer"},
            {"question_id": _q(survey, "short_text").id, "text": "Hustadt"},
            {"question_id": _q(survey, "scale").id, "value": 5},
            {"question_id": ranking.id, "ranking": [c.id for c in reversed(ranking.choices)]},
        ]
    }  # fmt: skip


def responses(session, survey) -> int:
    return session.scalar(
        select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    )


def test_a_survey_with_its_questions(api, survey):
    response = api.get(f"/surveys/{survey.id}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == survey.id and data["process_id"] == survey.process_id
    assert data["title"] == "Befragung zum Nahverkehr"
    assert data["anonymous_allowed"] is False and data["status"] == "published"
    assert data["open"] is False  # no caller: answering needs a token
    assert data["answers_until"].startswith("2026-05-13T10:00:00")
    assert data["url"] == f"http://localhost/surveys/{survey.id}"
    kinds = {q["kind"]: q for q in data["questions"]}
    assert list(kinds) == ["single", "multiple", "short_text", "long_text", "scale", "ranking"]
    assert [c["text"] for c in kinds["single"]["choices"]] == ["Bus", "Rad", "Auto"]
    assert (kinds["single"]["min"], kinds["single"]["max"]) == (1, 1)
    assert (kinds["multiple"]["min"], kinds["multiple"]["max"]) == (2, 3)
    assert (kinds["scale"]["min"], kinds["scale"]["max"]) == (1, 5)
    assert kinds["scale"]["scale_min_label"] == "gar nicht"
    assert (kinds["ranking"]["min"], kinds["ranking"]["max"]) == (3, 3)
    assert (kinds["short_text"]["min"], kinds["short_text"]["max"]) == (None, 200)
    assert kinds["single"]["allow_other"] is True and kinds["ranking"]["allow_other"] is False


def test_drafts_and_unknown_surveys_are_404(api, make_survey, make_user, token_for):
    draft = make_survey(status="draft")
    assert error_of(api.get(f"/surveys/{draft.id}"))["code"] == "not_found"
    assert api.get("/surveys/999999").status_code == 404
    assert api.get("/surveys/0").status_code == 404
    moderator = make_user("moderator", organisations=("bogestra",), totp=True)
    assert api.get(f"/surveys/{draft.id}", token=token_for(moderator)).status_code == 200


def test_the_process_lists_its_published_surveys(api, survey, make_survey, survey_process):
    make_survey(status="draft", title="Entwurf")
    second = make_survey(title="Zweite")
    data = api.get(f"/processes/{survey_process.id}").get_json()
    assert data["surveys"] == [survey.id, second.id]
    listed = api.get("/processes").get_json()["items"]
    assert next(p for p in listed if p["id"] == survey_process.id)["surveys"] == [
        survey.id,
        second.id,
    ]


def test_answer_then_change_the_answers(api, session, survey, make_user, token_for):
    token = token_for(make_user())
    first = api.post(f"/surveys/{survey.id}/responses", token=token, json_body=body(survey))
    assert first.status_code == 201
    created = first.get_json()
    assert created["created"] is True and created["survey_id"] == survey.id
    assert created["answers_until"].startswith("2026-05-13")
    again = api.post(f"/surveys/{survey.id}/responses", token=token, json_body=body(survey))
    assert again.status_code == 200
    assert again.get_json()["created"] is False and again.get_json()["id"] == created["id"]
    assert responses(session, survey) == 1
    data = api.get(f"/surveys/{survey.id}", token=token).get_json()
    assert data["answered"] is True and data["open"] is True


def test_answering_needs_a_token(api, session, survey):
    response = api.post(f"/surveys/{survey.id}/responses", json_body=body(survey))
    assert response.status_code == 401
    assert responses(session, survey) == 0


def _with(survey, kind, **answer):
    data = body(survey)
    question = _q(survey, kind)
    data["answers"] = [a for a in data["answers"] if a["question_id"] != question.id]
    if answer:
        data["answers"].append({"question_id": question.id, **answer})
    return data, question


@pytest.mark.parametrize(
    "kind, answer, message",
    [
        ("single", {}, "Please choose an answer."),
        ("single", {"choice_ids": [999999]}, "This is not one of the choices of this question."),
        ("multiple", {"choice_ids": []}, "Please choose at least 2 answers."),
        ("scale", {"value": 6}, "Please choose a value from 1 to 5."),
        ("ranking", {"ranking": []}, "Please put all the options in order."),
        ("short_text", {"text": "x" * 201}, "at most 200 characters"),
        ("scale", {"text": "fünf"}, "This kind of question takes only: value."),
        ("short_text", {"choice_ids": [1]}, "This kind of question takes only: text."),
    ],
)
def test_invalid_answers_are_422_at_the_question(
    api, session, survey, make_user, token_for, kind, answer, message
):
    data, question = _with(survey, kind, **answer)
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=data
    )
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert list(fields) == [f"answers.{question.id}"]
    assert message in fields[f"answers.{question.id}"][0]
    assert responses(session, survey) == 0


def test_ranking_with_a_repeated_choice_is_refused(api, survey, make_user, token_for):
    ranking = _q(survey, "ranking")
    c = ranking.choices
    data, _question = _with(survey, "ranking", ranking=[c[0].id, c[0].id, c[1].id])
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=data
    )
    assert error_of(response)["fields"] == {
        f"answers.{ranking.id}": ["Each choice can be chosen only once."]
    }


def test_unknown_and_repeated_questions_are_refused(api, survey, make_survey, make_user, token_for):
    other = make_survey(title="Andere")
    data = body(survey)
    data["answers"].append({"question_id": other.questions[4].id, "value": 3})
    data["answers"].append(dict(data["answers"][0]))
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=data
    )
    fields = error_of(response)["fields"]
    assert fields[f"answers.{other.questions[4].id}"] == ["This survey has no such question."]
    assert fields[f"answers.{data['answers'][0]['question_id']}"] == [
        "This question is answered more than once."
    ]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "answers"),
        ({"answers": "alle"}, "answers"),
        ({"answers": [{"choice_ids": [1]}]}, "answers.0.question_id"),
        ({"answers": [{"question_id": "1"}]}, "answers.0.question_id"),
        ({"answers": [{"question_id": 1, "value": "5"}]}, "answers.0.value"),
        ({"answers": [{"question_id": 1, "choice_ids": [True]}]}, "answers.0.choice_ids.0"),
        ({"answers": [{"question_id": 1, "colour": "red"}]}, "answers.0.colour"),
        ({"answers": [{"question_id": 1, "text": "a\x00b"}]}, "answers.0.text"),
    ],
)
def test_malformed_bodies_are_422_at_the_field(
    api, session, survey, make_user, token_for, payload, field
):
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=payload
    )
    assert response.status_code == 422
    assert field in error_of(response)["fields"]
    assert responses(session, survey) == 0


def test_a_body_that_is_not_json_is_refused(api, survey, make_user, token_for):
    token = token_for(make_user())
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token, data="{", content_type="application/json"
    )
    assert response.status_code == 400
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token, data="a=b", content_type="text/plain"
    )
    assert response.status_code == 415


@pytest.mark.parametrize("when, code", [("before", "not_started"), ("after", "ended")])
def test_answering_outside_the_phase_is_409(
    api, session, make_process, make_survey, make_user, token_for, when, code
):
    survey = make_survey(process=make_process(phases=[("survey", *WINDOWS[when])]))
    response = api.post(
        f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=body(survey)
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == code
    assert responses(session, survey) == 0


def test_a_draft_cannot_be_answered_even_by_its_moderator(api, make_survey, make_user, token_for):
    draft = make_survey(status="draft")
    moderator = make_user("moderator", organisations=("bogestra",))
    response = api.post(
        f"/surveys/{draft.id}/responses", token=token_for(moderator), json_body=body(draft)
    )
    assert response.status_code == 409


# --- results ------------------------------------------------------------------------------------


def test_results_for_the_moderators_at_any_time(api, survey, make_user, token_for):
    for _n in range(2):
        api.post(
            f"/surveys/{survey.id}/responses", token=token_for(make_user()), json_body=body(survey)
        )
    assert error_of(api.get(f"/surveys/{survey.id}/results"))["code"] == "forbidden"
    citizen = token_for(make_user())
    assert api.get(f"/surveys/{survey.id}/results", token=citizen).status_code == 403
    moderator = make_user("moderator", organisations=("bogestra",))
    response = api.get(f"/surveys/{survey.id}/results", token=token_for(moderator))
    assert response.status_code == 200
    data = response.get_json()
    assert data["responses"] == 2 and data["results_public"] is False
    q = {item["kind"]: item for item in data["questions"]}
    assert [c["count"] for c in q["single"]["choices"]] == [0, 0, 2]
    assert q["single"]["choices"][2]["share"] == 1.0
    assert q["multiple"]["other"] == {"count": 2, "share": 1.0}
    assert q["scale"]["mean"] == 5.0 and q["scale"]["scale"][4] == {
        "value": 5,
        "count": 2,
        "share": 1.0,
    }
    assert [(r["text"], r["points"]) for r in q["ranking"]["ranking"]] == [
        ("Sauberkeit", 4), ("Preis", 2), ("Takt", 0)
    ]  # fmt: skip
    assert q["short_text"]["text_answers"] == 2 and q["long_text"]["respondents"] == 0


def test_public_results_after_the_phase(api, make_process, make_survey):
    survey = make_survey(
        process=make_process(phases=[("survey", *WINDOWS["after"])]), results_public=True
    )
    assert api.get(f"/surveys/{survey.id}/results").status_code == 200
    assert api.get(f"/surveys/{survey.id}").get_json()["results_available"] is True
