"""Results arithmetic against hand-computed figures, the results page and its query budget."""

from __future__ import annotations

import re

import pytest
from survey_fixtures import *  # noqa: F403

from engage.surveys import operations as ops
from engage.surveys import results
from engage.surveys.operations import AnswerInput

QUESTIONS = [
    {"kind": "single", "text": "Eins?", "choices": ["A", "B", "C"], "allow_other": True},
    {"kind": "multiple", "text": "Mehrere?", "choices": ["A", "B", "C", "D"], "allow_other": True},
    {"kind": "scale", "text": "Wie sehr?", "scale_min_label": "kaum", "scale_max_label": "sehr"},
    {"kind": "ranking", "text": "Reihenfolge?", "choices": ["X", "Y", "Z"]},
    {"kind": "short_text", "text": "Wo?"},
    {"kind": "long_text", "text": "Sonst noch etwas?"},
]

# Seven responses, by hand: single, multiple (+other), scale, ranking (best first), short text.
SEVEN = [
    ("A", ["A", "B"], None, 5, "XYZ", "Hbf"),
    ("A", ["A"], None, 4, "YXZ", None),
    ("B", ["A", "C", "D"], None, 4, "XZY", "Rathaus"),
    ("other:Zu Fuß", ["B"], "Mülleimer", 2, None, None),
    ("A", [], None, None, "ZXY", None),
    ("C", ["A", "B"], None, 1, "XYZ", None),
    (None, ["D"], None, 3, None, "Uni"),
]


def _answers(survey, single, multiple, other, value, ranking, text):
    q = {x.kind: x for x in survey.questions}
    by_text = {kind: {c.text: c.id for c in q[kind].choices} for kind in q}
    answers = {}
    if single and single.startswith("other:"):
        answers[q["single"].id] = AnswerInput(other=True, other_text=single[6:])
    elif single:
        answers[q["single"].id] = AnswerInput(choice_ids=[by_text["single"][single]])
    answers[q["multiple"].id] = AnswerInput(
        choice_ids=[by_text["multiple"][x] for x in multiple], other=bool(other), other_text=other
    )
    answers[q["scale"].id] = AnswerInput(value=value)
    if ranking:
        answers[q["ranking"].id] = AnswerInput(
            ranks=[(by_text["ranking"][x], n) for n, x in enumerate(ranking, start=1)]
        )
    answers[q["short_text"].id] = AnswerInput(text=text or "")
    return answers


@pytest.fixture
def answered(make_survey, make_user):
    survey = make_survey(QUESTIONS)
    for row in SEVEN:
        ops.submit_response(survey, make_user(), _answers(survey, *row))
    return survey


def _by_kind(figures):
    return {r.question.kind: r for r in figures.questions}


def test_counts_and_shares_of_choices(answered):
    figures = results.survey_results(answered)
    assert figures.responses == 7
    r = _by_kind(figures)
    single = r["single"]
    assert single.respondents == 6
    assert [(f.text, f.count) for f in single.choices] == [("A", 3), ("B", 1), ("C", 1)]
    assert single.choices[0].share == pytest.approx(3 / 6)
    assert single.choices[1].share == pytest.approx(1 / 6)
    assert (single.other.count, single.other.share) == (1, pytest.approx(1 / 6))
    assert single.latest_texts == ["Zu Fuß"]

    multiple = r["multiple"]
    assert multiple.respondents == 6  # the fifth response chose nothing
    assert [(f.text, f.count) for f in multiple.choices] == [
        ("A", 4), ("B", 3), ("C", 1), ("D", 2)
    ]  # fmt: skip
    assert [round(f.share, 4) for f in multiple.choices] == [0.6667, 0.5, 0.1667, 0.3333]
    assert multiple.other.count == 1 and multiple.text_count == 1


def test_scale_distribution_and_mean(answered):
    scale = _by_kind(results.survey_results(answered))["scale"]
    assert scale.respondents == 6
    assert [(f.value, f.count) for f in scale.scale] == [(1, 1), (2, 1), (3, 1), (4, 2), (5, 1)]
    assert scale.scale[3].share == pytest.approx(2 / 6)
    assert scale.mean == pytest.approx(19 / 6)  # (5 + 4 + 4 + 2 + 1 + 3) / 6


def test_borda_points_of_a_ranking(answered):
    ranking = _by_kind(results.survey_results(answered))["ranking"]
    assert ranking.respondents == 5
    # Three options: a first place earns 2 points, a second 1, a third 0.
    # X: ranks 1,2,1,2,1 → 8; Y: 2,1,3,3,2 → 4; Z: 3,3,2,1,3 → 3.
    assert [(f.text, f.points) for f in ranking.ranking] == [("X", 8), ("Y", 4), ("Z", 3)]
    assert [f.mean_rank for f in ranking.ranking] == [1.4, 2.2, 2.4]
    assert [f.first for f in ranking.ranking] == [3, 1, 1]
    assert ranking.max_points == 10
    assert sum(f.points for f in ranking.ranking) == 5 * (2 + 1 + 0)


def test_free_texts_are_counted_and_listed_newest_first(answered):
    r = _by_kind(results.survey_results(answered))
    assert r["short_text"].text_count == 3 and r["short_text"].respondents == 3
    assert r["short_text"].latest_texts == ["Uni", "Rathaus", "Hbf"]
    assert r["long_text"].respondents == 0 and r["long_text"].latest_texts == []


def test_text_answers_are_paginated_and_searchable(answered):
    question = next(q for q in answered.questions if q.kind == "short_text")
    page = results.text_answers(question, q=None, page=1, per_page=2)
    assert (page.items, page.total, page.pages) == (["Uni", "Rathaus"], 3, 2)
    assert results.text_answers(question, q="ATH", page=1, per_page=10).items == ["Rathaus"]
    # LIKE wildcards are searched as text
    assert results.text_answers(question, q="%", page=1, per_page=10).total == 0
    assert results.text_answers(question, q="_", page=1, per_page=10).total == 0


def test_a_survey_without_responses_has_zero_figures(make_survey):
    survey = make_survey(QUESTIONS)
    figures = results.survey_results(survey)
    assert figures.responses == 0
    r = _by_kind(figures)
    assert all(f.count == 0 and f.share == 0 for f in r["single"].choices)
    assert r["scale"].mean is None and [f.count for f in r["scale"].scale] == [0] * 5
    assert [f.points for f in r["ranking"].ranking] == [0, 0, 0]


def test_results_page_shows_charts_and_tables_with_the_same_figures(client, answered, make_user):
    moderator = make_user("moderator", organisations=("bogestra",))
    client.login(moderator)
    response = client.get(f"/surveys/{answered.id}/results")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "7 people have answered this survey." in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 4
    assert "style=" not in html.split("<main", 1)[1]
    assert '<title id="chart-q' in html and '<desc id="chart-q' in html
    assert '<td class="num">3</td><td class="num">50.0%</td>' in html  # single: A
    assert "Mean: 3.17" in html
    assert '<td class="num">8</td><td class="num">1.4</td><td class="num">3</td>' in html
    assert "Rathaus" in html and "Zu Fuß" in html
    assert "not public" in html  # the moderator is told the public does not see them yet


def test_results_page_speaks_german(client, answered, make_user):
    client.login(make_user("moderator", organisations=("bogestra",)))
    with client.session_transaction() as sess:
        sess["lang"] = "de"
    html = client.get(f"/surveys/{answered.id}/results").get_data(as_text=True)
    assert "50,0\xa0%" in html


def test_results_page_queries_do_not_grow_with_the_responses(
    client, make_survey, make_user, count_queries
):
    survey = make_survey(QUESTIONS)
    moderator = make_user("moderator", organisations=("bogestra",))
    client.login(moderator)

    def measure() -> int:
        client.get(f"/surveys/{survey.id}/results")  # warm the caches (translations)
        with count_queries() as counted:
            assert client.get(f"/surveys/{survey.id}/results").status_code == 200
        return counted.count

    for row in SEVEN[:2]:
        ops.submit_response(survey, make_user(), _answers(survey, *row))
    few = measure()
    for row in SEVEN * 3:
        ops.submit_response(survey, make_user(), _answers(survey, *row))
    assert measure() == few


def test_texts_page_lists_searches_and_paginates(client, answered, make_user):
    client.login(make_user("innovation"))
    question = next(q for q in answered.questions if q.kind == "short_text")
    url = f"/surveys/{answered.id}/results/questions/{question.id}"

    def listed(query: str = "") -> list[str]:
        html = client.get(url + query).get_data(as_text=True)
        return re.findall(r"<li>([^<]*)</li>", html.split('class="text-answers"', 1)[-1])

    assert "3 answers." in client.get(url).get_data(as_text=True)
    assert listed() == ["Uni", "Rathaus", "Hbf"]
    assert "1 answer contains" in client.get(url + "?q=rat").get_data(as_text=True)
    assert listed("?q=rat") == ["Rathaus"]
    assert listed("?per_page=1&page=2") == ["Rathaus"]
    assert client.get(url + "?page=abc&q=%00").status_code == 200
    other = next(q for q in answered.questions if q.kind == "scale")
    assert client.get(f"/surveys/{answered.id}/results/questions/{other.id}").status_code == 404
    assert client.get(f"/surveys/{answered.id}/results/questions/999999").status_code == 404
